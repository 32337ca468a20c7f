import type { Schema } from 'apache-arrow';
import { TuominError, findRule, project, when as onlyWhen, type RowCondition, type RuleContext, type Transform } from '@tuomin/core';
import type { Spec } from '../spec/schema.js';
import { closest } from '../spec/suggest.js';

export interface ColumnPlan {
  source: string;
  output: string;
  rules: Array<{ type: string; options: Record<string, unknown> }>;
}

export interface RunPlan {
  columns: ColumnPlan[];
  transforms: Transform[];
  droppedColumns: string[];
}

/**
 * Turn the spec's columns into transforms over the source schema: rules run on source names
 * (in spec order), then one projection selects, orders and renames. Checked against the actual
 * source header before any row is read.
 */
export function planColumns(spec: Spec, sourceSchema: Schema, ctx: RuleContext, file: string): RunPlan {
  const sourceNames = sourceSchema.fields.map((f) => f.name);
  const problems: string[] = [];
  for (const name of Object.keys(spec.columns)) {
    if (!sourceNames.includes(name)) {
      const guess = closest(name, sourceNames);
      problems.push(`columns.${name}: no such column in the source${guess ? `; did you mean "${guess}"?` : ''}`);
    }
  }
  const unlisted = sourceNames.filter((n) => !(n in spec.columns));
  if (unlisted.length && spec.unlistedColumns === 'error') {
    problems.push(`source columns not described in the spec: ${unlisted.join(', ')} (describe each under columns:, mark it drop: true, or set unlistedColumns: drop)`);
  }
  if (problems.length) {
    throw new TuominError('BAD_SPEC', `the spec does not match the source header:\n  ${problems.join('\n  ')}`, { file }, `source columns: ${sourceNames.join(', ')}`);
  }
  const transforms: Transform[] = [];
  const columns: ColumnPlan[] = [];
  const dropped: string[] = [...unlisted];
  for (const [name, c] of Object.entries(spec.columns)) {
    if (c.drop) { dropped.push(name); continue; }
    const rules = c.rule === undefined ? [] : Array.isArray(c.rule) ? c.rule : [c.rule];
    const plan: ColumnPlan = { source: name, output: c.name ?? name, rules: [] };
    for (const rule of rules) {
      const def = findRule(rule.type)!;
      const { type, when, ...raw } = rule;
      const options = { ...raw } as Record<string, unknown>;
      if (typeof options.key === 'string') options.key = spec.keys?.[options.key] ?? {};
      const parsed = def.options.parse(options) as Record<string, unknown>;
      if (type === 'drop') { dropped.push(name); continue; }
      const t = def.create([name], parsed, ctx);
      transforms.push(when ? onlyWhen(stripUndefined(when) as RowCondition, t) : t);
      plan.rules.push({ type, options: { ...redactOptions(parsed), ...(when ? { when } : {}) } });
    }
    if (!dropped.includes(name)) columns.push(plan);
  }
  transforms.push(
    project(
      columns.map((p) => {
        const c = spec.columns[p.source]!;
        const metadata: Record<string, string> = { title: c.title ?? p.source };
        if (c.description) metadata.description = c.description;
        return { from: p.source, to: p.output, metadata };
      }),
    ),
  );
  return { columns, transforms, droppedColumns: dropped };
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
