import type { RuleSchema } from '../rule-schema.js';
import { noRuleOptions, suppressRowsRuleOptions } from './options.js';

export const suppressRuleSchemas = [
  {
    type: 'drop',
    summary: 'Remove the column from the published dataset.',
    options: noRuleOptions,
    example: {},
  },
  {
    type: 'null',
    summary: 'Keep the column but make every value null (the type is kept).',
    options: noRuleOptions,
    example: {},
  },
  {
    type: 'suppress-rows',
    summary: "Drop the rows that match a predicate, or null the rule's columns in them (action: null).",
    options: suppressRowsRuleOptions,
    example: { where: { column: '处罚类型', in: ['警告', '通报批评'] }, action: 'null' },
  },
] as const satisfies readonly RuleSchema[];
