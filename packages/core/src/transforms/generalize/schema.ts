import type { RuleSchema } from '../rule-schema.js';
import { generalizeOptionsSchema } from './options.js';

export const generalizeRuleSchemas = [
  {
    type: 'generalize',
    summary: 'Coarsen values: numeric bins, date truncation, age bands, ID → region or gender, division level, prefix, hierarchy level',
    options: generalizeOptionsSchema,
    example: { method: 'age', from: 'id', asOf: '2024-12-31', bins: { width: 10, top: 80 } },
  },
] as const satisfies readonly RuleSchema[];
