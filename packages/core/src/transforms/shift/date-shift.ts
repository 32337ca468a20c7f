import { Schema, Type, Utf8 } from 'apache-arrow';
import type { Data, Field, RecordBatch, Timestamp } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { checkKeyBytes } from '../../crypto/key.js';
import { columnData, fieldIndex, replaceColumns, retypeField } from '../../kernels/batch.js';
import { isStringType, newCounts, type MapCounts } from '../../kernels/utf8.js';
import type { BindOptions, BoundTransform, Transform, TransformReport } from '../../pipeline/transform.js';
import type { ResolvedKey } from '../rule.js';
import { unsupportedType } from '../generalize/column-transform.js';
import { invalidCode, type OnInvalid } from '../generalize/on-invalid.js';
import { rowOffsets } from './entity-offsets.js';
import { dictionaryToUtf8 } from '../../kernels/dictionary-text.js';
import { shiftDate32, shiftDateStrings, shiftInt64Time } from './shift-kernels.js';

export interface DateShiftOptions {
  columns: string[];
  /** The column naming the entity (person, case, company): all its dates move together. */
  entityColumn: string;
  maxDays: number;
  key: ResolvedKey;
  /** Never draw a zero shift (default true). */
  nonZero?: boolean | undefined;
  /** For date strings that do not parse (default null); `*` is treated as null. */
  onInvalid?: OnInvalid | undefined;
}

const perDay = [86_400, 86_400_000, 86_400_000_000, 86_400_000_000_000];
type Shifter = (data: Data, offsets: Int32Array, counts: MapCounts, rowBase: number) => Data;

function shifterFor(field: Field, badCode: number): { shift: Shifter; type?: Utf8 } {
  const t = field.type;
  if (t.typeId === Type.Date) {
    if ((t as unknown as { unit: number }).unit === 1) return { shift: (d, o, c) => shiftInt64Time(d, o, 86_400_000, c) };
    return { shift: (d, o, c) => shiftDate32(d, o, c) };
  }
  if (t.typeId === Type.Timestamp) {
    const u = perDay[(t as Timestamp).unit as number]!;
    return { shift: (d, o, c) => shiftInt64Time(d, o, u, c) };
  }
  if (isStringType(t)) {
    const dict = t.typeId === Type.Dictionary;
    const shift: Shifter = (d, o, c, base) => shiftDateStrings(dict ? dictionaryToUtf8(d) : d, o, badCode, c, field.name, base);
    return dict ? { shift, type: new Utf8() } : { shift };
  }
  throw unsupportedType('date-shift', field, 'a Date, Timestamp or date-string column');
}

/**
 * Keyed per-entity date shift: every date of one entity moves by the same number of days in
 * [-maxDays, maxDays], derived from HMAC-SHA256(key, entity). Intervals between one entity's
 * dates are preserved; dates of rows whose entity is null become null (counted as invalid).
 */
export function dateShift(options: DateShiftOptions): Transform {
  if (!(Number.isInteger(options.maxDays) && options.maxDays >= 1)) throw new RangeError('maxDays must be a positive integer');
  const nonZero = options.nonZero ?? true;
  const badCode = invalidCode(options.onInvalid === '*' ? 'null' : options.onInvalid ?? 'null');
  return {
    name: 'date-shift',
    bind(input: Schema, bindOptions?: BindOptions): BoundTransform {
      const rowOffset = bindOptions?.rowOffset ?? 0; // a partition's rows before it: errors name global rows
      const find = (c: string): number => {
        const i = fieldIndex(input, c);
        if (i < 0) throw new TuominError('BAD_SPEC', `column "${c}" not found in the input`, { column: c, rule: 'date-shift' }, `available columns: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'rule.columnNotFound', params: { columns: input.fields.map((f) => f.name) } });
        return i;
      };
      const entityIdx = find(options.entityColumn);
      const ef = input.fields[entityIdx]!;
      if (!isStringType(ef.type) && ef.type.typeId !== Type.Int) throw unsupportedType('date-shift', ef, 'a string or integer entity column');
      const idx = options.columns.map(find);
      const fields = input.fields.slice();
      const shifters = idx.map((i) => {
        const s = shifterFor(input.fields[i]!, badCode);
        if (s.type) fields[i] = retypeField(input.fields[i]!, s.type);
        return s.shift;
      });
      const outputSchema = new Schema(fields, input.metadata);
      checkKeyBytes(options.key, 'date-shift');
      const counts = idx.map(() => newCounts());
      return {
        outputSchema,
        async *apply(batches: AsyncIterable<RecordBatch>) {
          for await (const b of batches) {
            const offsets = rowOffsets(columnData(b, entityIdx), options.key.bytes, options.maxDays, nonZero);
            const repl = new Map<number, Data>();
            idx.forEach((col, c) => repl.set(col, shifters[c]!(columnData(b, col), offsets, counts[c]!, rowOffset + counts[c]!.rowsSeen)));
            yield replaceColumns(b, outputSchema, repl);
          }
        },
        report: (): TransformReport[] => idx.map((_, c) => ({
          transform: 'date-shift', columns: [options.columns[c]!], ...counts[c]!,
          extra: { entityColumn: options.entityColumn, maxDays: options.maxDays, keyId: options.key.id },
        })),
      };
    },
  };
}
