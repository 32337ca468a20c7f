import type { RuleDefinition } from '../rule.js';
import { withKernels } from '../rule-schema.js';
import { dropColumns } from './drop-columns.js';
import { nullColumns } from './null-columns.js';
import { suppressRuleSchemas } from './schema.js';
import { suppressRows } from './suppress-rows.js';

export const suppressRules: RuleDefinition[] = withKernels(suppressRuleSchemas, {
  drop: (columns) => dropColumns({ columns }),
  null: (columns) => nullColumns({ columns }),
  'suppress-rows': (columns, options) => {
    const o = options as { where: never; action?: 'null' | 'drop' };
    return suppressRows(o.action === 'null' ? { ...o, columns } : { ...o });
  },
});
