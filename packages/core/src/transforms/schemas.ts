import type { RuleSchema } from './rule-schema.js';
import { maskRuleSchemas } from './mask/schema.js';
import { pseudonymizeRuleSchemas } from './pseudonymize/schema.js';
import { generalizeRuleSchemas } from './generalize/schema.js';
import { normalizeRuleSchemas } from './normalize/schema.js';
import { synthesizeRuleSchemas } from './synthesize/schema.js';
import { shiftRuleSchemas } from './shift/schema.js';
import { redactRuleSchemas } from './redact/schema.js';
import { suppressRuleSchemas } from './suppress/schema.js';

export type { RuleSchema } from './rule-schema.js';

/**
 * Every rule type the dataset spec accepts, by `type`, without kernels: what a spec loader checks
 * options against. In the order of `ruleDefinitions` (registry.ts), which adds the kernels.
 */
export const ruleSchemas: readonly RuleSchema[] = [...maskRuleSchemas, ...pseudonymizeRuleSchemas, ...generalizeRuleSchemas, ...normalizeRuleSchemas, ...synthesizeRuleSchemas, ...shiftRuleSchemas, ...redactRuleSchemas, ...suppressRuleSchemas];

export function findRuleSchema(type: string): RuleSchema | undefined {
  return ruleSchemas.find((r) => r.type === type);
}
