import type { RuleDefinition } from '../rule.js';

export const pseudonymizeRules: RuleDefinition[] = [];
