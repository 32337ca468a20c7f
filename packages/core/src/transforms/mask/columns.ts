import type { Schema } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { fieldIndex } from '../../kernels/batch.js';
import { isStringType } from '../../kernels/utf8.js';
import { typeShape } from '../../kernels/type-shape.js';
import { editDistance } from '../../kernels/edit-distance.js';

export function closestName(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) { bestD = d; best = c; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(Array.from(name).length / 2)) ? best : undefined;
}

/** Index of a named column; an unknown name is a TuominError listing the columns and the closest match. */
export function requireColumn(schema: Schema, name: string, rule: string): number {
  const i = fieldIndex(schema, name);
  if (i >= 0) return i;
  const names = schema.fields.map((f) => f.name);
  const near = closestName(name, names);
  throw new TuominError(
    'BAD_SPEC',
    `no column named "${name}"${near !== undefined ? ` (did you mean "${near}"?)` : ''}; available: ${names.join(', ')}`,
    { column: name, rule },
    'check the column name against the input header',
    { id: 'rule.noColumn', params: { near: near ?? '', available: names } },
  );
}

/** Index of a named string column (Utf8, LargeUtf8 or a dictionary of those). */
export function requireStringColumn(schema: Schema, name: string, rule: string): number {
  const i = requireColumn(schema, name, rule);
  const type = schema.fields[i]!.type;
  if (!isStringType(type)) {
    throw new TuominError('BAD_SPEC', `column "${name}" is ${typeShape(type)}, but ${rule} works on text columns`, { column: name, rule },
      // No rule makes text of a number (cast goes the other way): the hint names what does work.
      'no rule turns this column into text (cast makes text into numbers, dates and booleans): drop it (drop: true) or empty it (rule: { type: null }), or have the source system export it as text; for a measure, round, noise or generalize it',
      { id: 'rule.notText', params: { rule, type: typeShape(type) } });
  }
  return i;
}
