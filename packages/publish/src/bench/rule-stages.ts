import type { Spec } from '../spec/schema.js';
import type { RunPlan } from '../run/plan.js';

/** One timed rule: the column it belongs to, its label, and the index of its transform in `plan.transforms`. */
export interface RuleStage {
  column: string;
  rule: string;
  transform: number;
}

/**
 * Where each rule of `plan.columns` sits in `plan.transforms`. planColumns lays the transforms out
 * as: one copyColumns when the spec derives columns (`from:`), then one transform per rule in spec
 * order (a `drop` rule makes none; a column it drops keeps the transforms of its other rules but is
 * not in plan.columns), then privacy, then the projection. Counting rules over plan.columns instead
 * gives every rule after a copy or a dropped column another rule's transform, so each index here is
 * checked against the transform's name: if the layout changes, bench stops rather than print
 * another rule's figure.
 */
export function ruleStages(spec: Spec, plan: RunPlan, file: string): RuleStage[] {
  const indices = new Map<string, number[]>();
  let next = Object.values(spec.columns).some((c) => c.from !== undefined) ? 1 : 0;
  for (const [name, c] of Object.entries(spec.columns)) {
    if (c.drop) continue;
    const rules = c.rule === undefined ? [] : Array.isArray(c.rule) ? c.rule : [c.rule];
    const own: number[] = [];
    for (const r of rules) if (r.type !== 'drop') own.push(next++);
    indices.set(name, own);
  }
  const stages: RuleStage[] = [];
  for (const c of plan.columns) {
    const own = indices.get(c.source) ?? [];
    c.rules.forEach((r, i) => {
      const transform = own[i];
      const name = transform === undefined ? undefined : plan.transforms[transform]?.name;
      if (transform === undefined || name === undefined || !(name === r.type || name.startsWith(`${r.type} `))) {
        // A bug of bench, not of the spec: exit 70 (internal error), not 1.
        throw new Error(`${file}, column "${c.source}": bench cannot find the transform of rule ${i + 1} (${r.type}) in the run plan (found ${name ?? 'none'}); please report it with the spec`);
      }
      stages.push({ column: c.source, rule: ruleLabel(r), transform });
    });
  }
  return stages;
}

function ruleLabel(r: { type: string; options: Record<string, unknown> }): string {
  const detail = typeof r.options.preset === 'string' ? r.options.preset : typeof r.options.method === 'string' ? r.options.method : '';
  return detail ? `${r.type} ${detail}` : r.type;
}
