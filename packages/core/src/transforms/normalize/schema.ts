import type { RuleSchema } from '../rule-schema.js';
import {
  castOptionsSchema, emptyOptionsSchema, nullTokensOptionsSchema, renameOptionsSchema, trimOptionsSchema, validateOptionsSchema,
} from './options.js';

export const normalizeRuleSchemas = [
  {
    type: 'rename',
    summary: 'Rename a column (Chinese header → snake_case); the old header is kept as field metadata `title`',
    options: renameOptionsSchema,
    example: { to: 'id_number' },
  },
  {
    type: 'trim',
    summary: 'Trim whitespace (incl. full-width space U+3000) and collapse inner runs',
    options: trimOptionsSchema,
    example: { collapse: true },
  },
  {
    type: 'fullwidth',
    summary: 'Full-width ASCII forms (U+FF01–FF5E) and U+3000 to half-width',
    options: emptyOptionsSchema,
    example: {},
  },
  {
    type: 'null-tokens',
    summary: 'Values such as 无, NULL, - or the empty string become null',
    options: nullTokensOptionsSchema,
    example: { tokens: ['', '无', 'NULL', '-'] },
  },
  {
    type: 'upper',
    summary: 'ASCII letters to upper case (codes)',
    options: emptyOptionsSchema,
    example: {},
  },
  {
    type: 'cast',
    summary: 'Cast strings to int32, int64, float64/decimal, boolean, date or timestamp; invalid → null, reject-row or error',
    options: castOptionsSchema,
    example: { to: 'date', onInvalid: 'reject-row' },
  },
  {
    type: 'validate',
    summary: 'Validate by regex, checksum (cn-id, uscc) or enum; invalid → keep, null, reject-row or error',
    options: validateOptionsSchema,
    example: { checksum: 'cn-id', onInvalid: 'reject-row' },
  },
] as const satisfies readonly RuleSchema[];
