import type { RuleDefinition } from './rule.js';
import { maskRules } from './mask/rules.js';
import { pseudonymizeRules } from './pseudonymize/rules.js';
import { generalizeRules } from './generalize/rules.js';
import { normalizeRules } from './normalize/rules.js';
import { synthesizeRules } from './synthesize/rules.js';
import { shiftRules } from './shift/rules.js';
import { redactRules } from './redact/rules.js';
import { suppressRules } from './suppress/rules.js';

/** Every rule type the dataset spec accepts, by `type`. */
export const ruleDefinitions: readonly RuleDefinition[] = [...maskRules, ...pseudonymizeRules, ...generalizeRules, ...normalizeRules, ...synthesizeRules, ...shiftRules, ...redactRules, ...suppressRules];

export function findRule(type: string): RuleDefinition | undefined {
  return ruleDefinitions.find((r) => r.type === type);
}
