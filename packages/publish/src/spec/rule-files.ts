import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { TuominError } from '@tuomin/core/light';

/**
 * Rules may name files instead of inline data: `generalize` with `method: hierarchy` takes
 * `hierarchy: { file: ages.csv }` (the `;`-separated format of ARX and reference/adult, one row per
 * value, columns = levels). Core never reads files, so the publish layer loads them here.
 */
export function hierarchyFileOf(options: Record<string, unknown>): string | undefined {
  const h = options.hierarchy as { file?: unknown } | undefined;
  return h && typeof h === 'object' && typeof h.file === 'string' ? h.file : undefined;
}

/** For validation at parse time: a placeholder table stands in for the file. */
export function placeholderRuleFiles(options: Record<string, unknown>): Record<string, unknown> {
  return hierarchyFileOf(options) ? { ...options, hierarchy: { rows: [] } } : options;
}

export function loadRuleFiles(options: Record<string, unknown>, dir: string): Record<string, unknown> {
  const file = hierarchyFileOf(options);
  if (!file) return options;
  const path = resolve(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TuominError('BAD_SPEC', `cannot read hierarchy file: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file: path, rule: 'generalize' }, 'the path is relative to the spec file', { id: 'hierarchy.cannotRead', params: { errno: (err as NodeJS.ErrnoException).code ?? '' } });
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
  const delimiter = lines[0]?.includes(';') ? ';' : ',';
  const rows = lines.map((l) => l.split(delimiter));
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== width) throw new TuominError('BAD_SPEC', `hierarchy row has ${r.length} levels, the first row has ${width}`, { file: path, line: i + 1, rule: 'generalize' }, 'every row of a hierarchy lists the same number of levels', { id: 'hierarchy.rowLevels', params: { levels: r.length, height: width } });
  });
  return { ...options, hierarchy: { rows } };
}

const keyedCache = new Map<string, boolean>();

/** Whether a rule type's options take a `key` (a KeyRef), read once from its zod schema. */
export function ruleTakesKey(type: string, options: z.ZodType): boolean {
  let v = keyedCache.get(type);
  if (v === undefined) {
    const js = z.toJSONSchema(options, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; oneOf?: Array<{ properties?: Record<string, unknown> }>; anyOf?: Array<{ properties?: Record<string, unknown> }> };
    v = !!js.properties?.key || !!(js.oneOf ?? js.anyOf ?? []).some((o) => o.properties?.key);
    keyedCache.set(type, v);
  }
  return v;
}

/**
 * Key references in rules: `key: <name>` names an entry of `keys:`; a keyed rule without `key`
 * takes `keys.default` when the spec has one. Only references travel; keys are read at run time.
 */
export function resolveRuleKey(type: string, schema: z.ZodType, options: Record<string, unknown>, keys: Record<string, unknown> | undefined): Record<string, unknown> {
  if (typeof options.key === 'string') return { ...options, key: keyRefOnly(keys?.[options.key] ?? {}) };
  if (options.key === undefined && keys?.default && ruleTakesKey(type, schema)) return { ...options, key: keyRefOnly(keys.default) };
  return options;
}

/** Where the key is kept, without its rotation declaration (the run checks that: run/key-rotation.ts). */
function keyRefOnly(ref: unknown): unknown {
  if (ref === null || typeof ref !== 'object' || !('rotated' in ref)) return ref;
  const { rotated: _rotated, ...where } = ref as Record<string, unknown>;
  return where;
}

/** The name under `keys:` of the key a keyed rule uses (`key: <name>`, or `default` when it names none), or null for a key written on the rule. */
export function ruleKeyName(rule: Record<string, unknown>, keys: Record<string, unknown> | undefined): string | null {
  if (typeof rule.key === 'string') return rule.key;
  if (rule.key === undefined && keys?.default) return 'default';
  return null;
}
