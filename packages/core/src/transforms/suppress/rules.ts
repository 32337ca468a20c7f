import type { RuleDefinition } from '../rule.js';
import { dropColumns } from './drop-columns.js';
import { nullColumns } from './null-columns.js';
import { noRuleOptions, suppressRowsRuleOptions } from './options.js';
import { suppressRows } from './suppress-rows.js';

export const suppressRules: RuleDefinition[] = [
  {
    type: 'drop',
    summary: 'Remove the column from the published dataset.',
    options: noRuleOptions,
    example: {},
    create: (columns) => dropColumns({ columns }),
  },
  {
    type: 'null',
    summary: 'Keep the column but make every value null (the type is kept).',
    options: noRuleOptions,
    example: {},
    create: (columns) => nullColumns({ columns }),
  },
  {
    type: 'suppress-rows',
    summary: "Drop the rows that match a predicate, or null the rule's columns in them (action: null).",
    options: suppressRowsRuleOptions,
    example: { where: { column: '处罚类型', in: ['警告', '通报批评'] }, action: 'null' },
    create: (columns, options) => {
      const o = options as { where: never; action?: 'null' | 'drop' };
      return suppressRows(o.action === 'null' ? { ...o, columns } : { ...o });
    },
  },
];
