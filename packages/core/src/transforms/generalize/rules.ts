import type { RuleDefinition } from '../rule.js';
import { generalize } from './generalize.js';
import { generalizeOptionsSchema } from './options.js';

export const generalizeRules: RuleDefinition[] = [
  {
    type: 'generalize',
    summary: 'Coarsen values: numeric bins, date truncation, age bands, ID → region or gender, division level, prefix, hierarchy level',
    options: generalizeOptionsSchema,
    example: { method: 'age', from: 'id', asOf: '2024-12-31', bins: { width: 10, top: 80 } },
    create: (columns, options) => generalize({ ...options, columns }),
  },
];
