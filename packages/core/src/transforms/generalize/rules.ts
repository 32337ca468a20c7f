import type { RuleDefinition } from '../rule.js';

export const generalizeRules: RuleDefinition[] = [];
