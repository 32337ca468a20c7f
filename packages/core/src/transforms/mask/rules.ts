import type { RuleDefinition } from '../rule.js';
import { maskRuleOptions } from './options.js';
import { mask } from './transform.js';

export const maskRules: RuleDefinition[] = [
  {
    type: 'mask',
    summary: 'Replace part of each text value with a mask character; presets follow Chinese practice (cn.id → 370000********1234).',
    options: maskRuleOptions,
    example: { preset: 'cn.id' },
    create: (columns, options) => mask({ ...(options as object), columns }),
  },
];
