import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import type { RuleContext, RuleDefinition } from '../rule.js';
import { cast } from './cast.js';
import {
  castOptionsSchema, emptyOptionsSchema, nullTokensOptionsSchema, renameOptionsSchema, trimOptionsSchema, validateOptionsSchema,
} from './options.js';
import { renameColumns } from './rename.js';
import { fullwidthToHalfwidth, nullTokens, trimWhitespace, upperCase } from './text.js';
import { validate } from './validate.js';

export const normalizeRules: RuleDefinition[] = [
  {
    type: 'rename',
    summary: 'Rename a column (Chinese header → snake_case); the old header is kept as field metadata `title`',
    options: renameOptionsSchema,
    example: { to: 'id_number' },
    create: (columns, o) => {
      if (o.map) return renameColumns({ map: o.map, requireSnakeCase: o.requireSnakeCase });
      if (columns.length !== 1) {
        throw new TuominError('BAD_SPEC', 'rename with `to` applies to exactly one column', { rule: 'rename' }, 'use `map` to rename several');
      }
      return renameColumns({ map: { [columns[0]!]: o.to }, requireSnakeCase: o.requireSnakeCase });
    },
  },
  {
    type: 'trim',
    summary: 'Trim whitespace (incl. full-width space U+3000) and collapse inner runs',
    options: trimOptionsSchema,
    example: { collapse: true },
    create: (columns, o) => trimWhitespace({ columns, collapse: o.collapse }),
  },
  {
    type: 'fullwidth',
    summary: 'Full-width ASCII forms (U+FF01–FF5E) and U+3000 to half-width',
    options: emptyOptionsSchema,
    example: {},
    create: (columns) => fullwidthToHalfwidth({ columns }),
  },
  {
    type: 'null-tokens',
    summary: 'Values such as 无, NULL, - or the empty string become null',
    options: nullTokensOptionsSchema,
    example: { tokens: ['', '无', 'NULL', '-'] },
    create: (columns, o) => nullTokens({ columns, tokens: o.tokens }),
  },
  {
    type: 'upper',
    summary: 'ASCII letters to upper case (codes)',
    options: emptyOptionsSchema,
    example: {},
    create: (columns) => upperCase({ columns }),
  },
  {
    type: 'cast',
    summary: 'Cast strings to int32, int64, float64/decimal, boolean, date or timestamp; invalid → null, reject-row or error',
    options: castOptionsSchema,
    example: { to: 'date', onInvalid: 'reject-row' },
    create: (columns, o, ctx) => cast({ columns, to: o.to, onInvalid: o.onInvalid, ...rejectsTo(ctx, 'cast', o.onInvalid) }),
  },
  {
    type: 'validate',
    summary: 'Validate by regex, checksum (cn-id, uscc) or enum; invalid → keep, null, reject-row or error',
    options: validateOptionsSchema,
    example: { checksum: 'cn-id', onInvalid: 'reject-row' },
    create: (columns, o, ctx) => validate({ columns, regex: o.regex, checksum: o.checksum, enum: o.enum, onInvalid: o.onInvalid, ...rejectsTo(ctx, 'validate', o.onInvalid) }),
  },
];

/** A reject-row rule sends its removed rows to the caller's sink when there is one (RuleContext.rejectSink). */
function rejectsTo(ctx: RuleContext | undefined, rule: string, onInvalid: string | undefined): { onReject?: (batch: RecordBatch) => void } {
  return onInvalid === 'reject-row' && ctx?.rejectSink ? { onReject: ctx.rejectSink(rule) } : {};
}
