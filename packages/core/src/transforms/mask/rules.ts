import type { RuleDefinition } from '../rule.js';

export const maskRules: RuleDefinition[] = [];
