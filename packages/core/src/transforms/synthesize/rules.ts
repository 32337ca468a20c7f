import type { RuleDefinition } from '../rule.js';
import { withKernels } from '../rule-schema.js';
import { synthesizeRuleSchemas } from './schema.js';
import { synthesize } from './synthesize.js';

export { synthesizeOptionsSchema } from './schema.js';

export const synthesizeRules: RuleDefinition[] = withKernels(synthesizeRuleSchemas, {
  synthesize: (columns, o, ctx) => synthesize({ columns, kind: o.kind, key: ctx.resolveKey(o.key) }),
});
