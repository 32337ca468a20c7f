import { z } from 'zod';

export const renameOptionsSchema = z.object({
  to: z.string().optional().describe('new name of the (single) column, snake_case'),
  map: z.record(z.string(), z.string()).optional().describe('old name → new name, for several columns'),
  requireSnakeCase: z.boolean().default(true),
}).refine((o) => o.to !== undefined || o.map !== undefined, { message: 'rename needs `to` or `map`' });

export const trimOptionsSchema = z.object({
  collapse: z.boolean().default(true).describe('collapse inner runs of whitespace to one space'),
});

export const emptyOptionsSchema = z.object({});

export const nullTokensOptionsSchema = z.object({
  tokens: z.array(z.string()).optional().describe('values that mean "no value"; default: "", NULL, null, Null, N/A, n/a, 无, -, --, —, /, 空'),
});

export const castOptionsSchema = z.object({
  to: z.enum(['int32', 'int64', 'float64', 'decimal', 'boolean', 'date', 'timestamp']),
  onInvalid: z.enum(['null', 'reject-row', 'error']).default('null'),
});

export const validateOptionsSchema = z.object({
  regex: z.string().optional().describe('full-match pattern (anchored for you)'),
  checksum: z.enum(['cn-id', 'uscc']).optional(),
  enum: z.array(z.string()).min(1).optional(),
  onInvalid: z.enum(['keep', 'null', 'reject-row', 'error']).default('null'),
}).refine((o) => [o.regex, o.checksum, o.enum].filter((x) => x !== undefined).length === 1, {
  message: 'validate needs exactly one of regex, checksum or enum',
});
