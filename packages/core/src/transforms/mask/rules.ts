import type { RuleDefinition } from '../rule.js';
import { withKernels } from '../rule-schema.js';
import { maskRuleSchemas } from './schema.js';
import { mask } from './transform.js';

export const maskRules: RuleDefinition[] = withKernels(maskRuleSchemas, {
  mask: (columns, options) => mask({ ...(options as object), columns }),
});
