import type { Schema } from 'apache-arrow';
import { TuominError, copyColumns, findRule, privacyTransforms, project, when as onlyWhen, type RowCondition, type RuleContext, type Transform } from '@tuomin/core';
import type { Spec } from '../spec/schema.js';
import { closest } from '../spec/suggest.js';
import { nameHoldsPersonalData } from '../scan/scan-texts.js';
import { loadSpecHierarchies } from '../privacy/load-hierarchy.js';
import { hierarchyFileOf, loadRuleFiles, resolveRuleKey } from '../spec/rule-files.js';
import { declaredColumns, outputTypes, type OutputTypes } from './output-types.js';

export interface ColumnPlan {
  source: string;
  output: string;
  /** `transform`: the rule's index in RunPlan.transforms (what `tuomin bench` times). */
  rules: Array<{ type: string; options: Record<string, unknown>; transform: number; expectInvalid?: number }>;
}

export interface RunPlan {
  columns: ColumnPlan[];
  transforms: Transform[];
  droppedColumns: string[];
  /** The last step before the writers: published columns as their declared types (output-types.ts); bound once per writer. */
  outputTypes: OutputTypes;
}

/**
 * Refuses a source with no columns (a 0-byte file, a CSV without its header line): run, and scan,
 * which would otherwise call it clean: an export that never finished is no clean file.
 */
export function refuseEmptySource(schema: Schema, file: string): void {
  if (schema.fields.length > 0) return;
  throw new TuominError('BAD_INPUT', 'the source has no columns: the file is empty (no header line, no rows)', { file },
    'check that the export finished and wrote the file: an empty file can be neither scanned nor published', { id: 'source.empty' });
}

/**
 * Refuses a source that has its header and no rows, for the verbs whose answer about no records
 * would read as an answer about the file: risk (every target "met" over zero classes) and profile
 * (a draft whose columns all look empty, so none is marked personal).
 */
export function refuseNoRows(rows: number, schema: Schema, file: string, verb: 'measure' | 'profile'): void {
  if (rows > 0) return;
  const columns = schema.fields.map((f) => f.name);
  throw new TuominError('BAD_INPUT', `no rows to ${verb}: the source has its header (columns: ${columns.join(', ')}) and no data rows`, { file },
    'check that the export finished and wrote its rows (an interrupted export leaves the header alone), then run again on the full file', { id: 'source.noRows', params: { columns, verb } });
}

/**
 * Turn the spec's columns into transforms over the source schema: rules run on source names
 * (in spec order), then one projection selects, orders and renames. Checked against the actual
 * source header before any row is read.
 */
export async function planColumns(spec: Spec, sourceSchema: Schema, ctx: RuleContext, file: string, dir = '.'): Promise<RunPlan> {
  const sourceNames = sourceSchema.fields.map((f) => f.name);
  // An empty file has no header: "no such column" for every described column would mislead.
  refuseEmptySource(sourceSchema, typeof spec.source.path === 'string' ? spec.source.path : spec.source.path[0]!);
  const problems: string[] = [];
  // A header or key that holds personal data (an ID number used as a header) is shown by its number.
  const specKeys = Object.keys(spec.columns);
  const keyPath = (n: string): string => (nameHoldsPersonalData(n) ? `columns (spec column #${specKeys.indexOf(n) + 1})` : `columns.${n}`);
  const sourceLabel = (n: string): string => (nameHoldsPersonalData(n) ? `column #${sourceNames.indexOf(n) + 1}` : n);
  const quoted = (n: string): string => (nameHoldsPersonalData(n) ? '(a name that holds personal data, not shown)' : `"${n}"`);
  const mean = (guess: string | undefined): string => (guess ? `; did you mean ${nameHoldsPersonalData(guess) ? sourceLabel(guess) : `"${guess}"`}?` : '');
  const derived = Object.entries(spec.columns).filter(([, c]) => c.from !== undefined).map(([name, c]) => ({ from: c.from!, to: name }));
  // Spec paths of derived columns named like a source column, and of `from:` naming no source column.
  const derivedTaken: string[] = [];
  const derivedNoSource: string[] = [];
  for (const d of derived) {
    if (sourceNames.includes(d.to)) {
      problems.push(`${keyPath(d.to)}: a derived column cannot take the name of a source column`);
      derivedTaken.push(keyPath(d.to));
    }
    if (!sourceNames.includes(d.from)) {
      problems.push(`${keyPath(d.to)}.from: no such column ${quoted(d.from)} in the source${mean(closest(d.from, sourceNames))}`);
      derivedNoSource.push(`${keyPath(d.to)}.from`);
    }
  }
  // The same problems as lists, for a front end's wording (TuominError.text): spec paths and the source column each may have meant.
  const notInSource: string[] = [];
  const meant: string[] = [];
  for (const name of specKeys) {
    if (spec.columns[name]!.from !== undefined) continue;
    if (!sourceNames.includes(name)) {
      // A blank header is read as column_<n> (io csv/header.ts), so a blank key can only have meant one of those.
      const guess = name.trim() === '' ? sourceNames.find((n, i) => n === `column_${i + 1}`) : closest(name, sourceNames);
      problems.push(`${keyPath(name)}: no such column in the source${mean(guess)}`);
      notInSource.push(keyPath(name));
      meant.push(guess === undefined ? '' : nameHoldsPersonalData(guess) ? sourceLabel(guess) : `"${guess}"`);
    }
  }
  // Own keys only: a source column named constructor or toString is not described by Object.prototype.
  const unlisted = sourceNames.filter((n) => !Object.hasOwn(spec.columns, n));
  if (unlisted.length && spec.unlistedColumns === 'error') {
    problems.push(`source columns not described in the spec: ${unlisted.map(sourceLabel).join(', ')} (describe each under columns:, mark it drop: true, or set unlistedColumns: drop)`);
  }
  if (problems.length) {
    const unlistedNames = unlisted.length && spec.unlistedColumns === 'error' ? unlisted.map(sourceLabel) : [];
    // Names the CSV reader gave (io csv/header.ts): a blank header is column_<n>, a repeated one <name>_2, …;
    // a user who sees x_2 in the list and not in the file is told where it comes from.
    const readerNamed = sourceNames.filter((n, i) => n === `column_${i + 1}` || (/_\d+$/.test(n) && sourceNames.slice(0, i).includes(n.replace(/_\d+$/, '')))).map(sourceLabel);
    const readerNote = readerNamed.length ? ` (${readerNamed.join(', ')}: the reader names a blank header column_<position> and a repeated one <name>_2, <name>_3, …; describe them by those names)` : '';
    throw new TuominError('BAD_SPEC', `the spec does not match the source header:\n  ${problems.join('\n  ')}`, { file }, `source columns: ${sourceNames.map(sourceLabel).join(', ')}${readerNote}`,
      { id: 'plan.headerMismatch', params: { notInSource, meant, unlisted: unlistedNames, derivedTaken, derivedNoSource, source: sourceNames.map(sourceLabel), readerNamed } });
  }
  const transforms: Transform[] = derived.length ? [copyColumns(derived)] : [];
  const columns: ColumnPlan[] = [];
  const dropped: string[] = [...unlisted];
  for (const [name, c] of Object.entries(spec.columns)) {
    if (c.drop) { dropped.push(name); continue; }
    const rules = c.rule === undefined ? [] : Array.isArray(c.rule) ? c.rule : [c.rule];
    const plan: ColumnPlan = { source: name, output: c.name ?? name, rules: [] };
    for (const rule of rules) {
      const def = findRule(rule.type)!;
      const { type, when, expectInvalid, ...raw } = rule;
      const options = resolveRuleKey(type, def.options, { ...raw } as Record<string, unknown>, spec.keys);
      const parsed = def.options.parse(loadRuleFiles(options, dir)) as Record<string, unknown>;
      if (type === 'drop') { dropped.push(name); continue; }
      const t = def.create([name], parsed, ctx);
      transforms.push(when ? onlyWhen(stripUndefined(when) as RowCondition, t) : t);
      plan.rules.push({ type, options: { ...redactOptions(parsed), ...(hierarchyFileOf(options) ? { hierarchy: { file: hierarchyFileOf(options) } } : {}), ...(when ? { when } : {}) }, transform: transforms.length - 1, ...(expectInvalid !== undefined ? { expectInvalid } : {}) });
    }
    if (!dropped.includes(name)) columns.push(plan);
  }
  if (spec.privacy) {
    const privacy = privacyBySourceName(spec);
    transforms.push(...privacyTransforms(privacy, await loadSpecHierarchies(privacy, dir)));
  }
  transforms.push(
    project(
      columns.map((p) => {
        const c = spec.columns[p.source]!;
        const metadata: Record<string, string> = { title: c.title ?? p.source };
        if (c.from) metadata.derivedFrom = spec.columns[c.from]?.name ?? c.from;
        if (c.description) metadata.description = c.description;
        return { from: p.source, to: p.output, metadata };
      }),
    ),
  );
  return { columns, transforms, droppedColumns: dropped, outputTypes: outputTypes(declaredColumns(spec, file)) };
}

/**
 * The privacy settings with every column named by its source name. The spec may name
 * quasi-identifiers, sensitive columns and hierarchies by source or by output name; the privacy
 * transforms run before the final rename, on source names.
 */
function privacyBySourceName(spec: Spec): NonNullable<Spec['privacy']> {
  const p = spec.privacy!;
  const bySource = (n: string): string => (Object.hasOwn(spec.columns, n) ? n : (Object.entries(spec.columns).find(([, c]) => c.name === n)?.[0] ?? n));
  return {
    ...p,
    quasiIdentifiers: p.quasiIdentifiers.map(bySource),
    ...(p.sensitive ? { sensitive: p.sensitive.map(bySource) } : {}),
    ...(p.hierarchies ? { hierarchies: Object.fromEntries(Object.entries(p.hierarchies).map(([k, v]) => [bySource(k), v])) } : {}),
  };
}

/** Options as they may appear in reports: key references stay (names only), nothing else secret exists in a spec. */
function redactOptions(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = v;
  return out;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
