import type { RunPlan } from '../run/plan.js';

/** One timed rule: the column it belongs to, its label, and the index of its transform in `plan.transforms`. */
export interface RuleStage {
  column: string;
  rule: string;
  transform: number;
}

/** The rules of `plan.columns` in plan order, each with the transform planColumns recorded for it. */
export function ruleStages(plan: RunPlan): RuleStage[] {
  return plan.columns.flatMap((c) => c.rules.map((r) => ({ column: c.source, rule: ruleLabel(r), transform: r.transform })));
}

function ruleLabel(r: { type: string; options: Record<string, unknown> }): string {
  const detail = typeof r.options.preset === 'string' ? r.options.preset : typeof r.options.method === 'string' ? r.options.method : '';
  return detail ? `${r.type} ${detail}` : r.type;
}
