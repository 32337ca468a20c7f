import type { RuleDefinition } from '../rule.js';
import { withKernels } from '../rule-schema.js';
import { redact } from './redact.js';
import { redactRuleSchemas } from './schema.js';

export const redactRules: RuleDefinition[] = withKernels(redactRuleSchemas, {
  redact: (columns, options) => redact({ ...(options as object), columns }),
});
