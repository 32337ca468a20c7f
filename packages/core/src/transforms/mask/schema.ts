import type { RuleSchema } from '../rule-schema.js';
import { maskRuleOptions } from './options.js';

export const maskRuleSchemas = [
  {
    type: 'mask',
    summary: 'Replace part of each text value with a mask character; presets follow Chinese practice (cn.id → 370000********1234).',
    options: maskRuleOptions,
    example: { preset: 'cn.id' },
  },
] as const satisfies readonly RuleSchema[];
