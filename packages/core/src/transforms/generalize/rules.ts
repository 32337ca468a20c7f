import type { RuleDefinition } from '../rule.js';
import { withKernels } from '../rule-schema.js';
import { generalize } from './generalize.js';
import { generalizeRuleSchemas } from './schema.js';

export const generalizeRules: RuleDefinition[] = withKernels(generalizeRuleSchemas, {
  generalize: (columns, options) => generalize({ ...options, columns }),
});
