import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import type { RuleContext, RuleDefinition } from '../rule.js';
import { withKernels } from '../rule-schema.js';
import { cast } from './cast.js';
import { renameColumns } from './rename.js';
import { normalizeRuleSchemas } from './schema.js';
import { fullwidthToHalfwidth, nullTokens, trimWhitespace, upperCase } from './text.js';
import { validate } from './validate.js';

export const normalizeRules: RuleDefinition[] = withKernels(normalizeRuleSchemas, {
  rename: (columns, o) => {
    if (o.map) return renameColumns({ map: o.map, requireSnakeCase: o.requireSnakeCase });
    if (columns.length !== 1) {
      throw new TuominError('BAD_SPEC', 'rename with `to` applies to exactly one column', { rule: 'rename' }, 'use `map` to rename several', { id: 'rename.toOneColumn' });
    }
    return renameColumns({ map: { [columns[0]!]: o.to }, requireSnakeCase: o.requireSnakeCase });
  },
  trim: (columns, o) => trimWhitespace({ columns, collapse: o.collapse }),
  fullwidth: (columns) => fullwidthToHalfwidth({ columns }),
  'null-tokens': (columns, o) => nullTokens({ columns, tokens: o.tokens }),
  upper: (columns) => upperCase({ columns }),
  cast: (columns, o, ctx) => cast({ columns, to: o.to, onInvalid: o.onInvalid, ...rejectsTo(ctx, 'cast', o.onInvalid) }),
  validate: (columns, o, ctx) => validate({ columns, regex: o.regex, checksum: o.checksum, enum: o.enum, onInvalid: o.onInvalid, ...rejectsTo(ctx, 'validate', o.onInvalid) }),
});

/** A reject-row rule sends its removed rows to the caller's sink when there is one (RuleContext.rejectSink). */
function rejectsTo(ctx: RuleContext | undefined, rule: string, onInvalid: string | undefined): { onReject?: (batch: RecordBatch) => void } {
  return onInvalid === 'reject-row' && ctx?.rejectSink ? { onReject: ctx.rejectSink(rule) } : {};
}
