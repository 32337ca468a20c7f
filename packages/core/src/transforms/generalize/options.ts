import { z } from 'zod';

export const onInvalidSchema = z.enum(['null', 'keep', '*', 'error']).default('null')
  .describe('what to do with a value that cannot be read: null it (default), keep it, replace it with "*", or stop the run');
const level = z.enum(['province', 'city', 'county']);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const binSpecSchema = z.object({
  width: z.number().positive().optional().describe('fixed bin width (from origin)'),
  origin: z.number().optional().describe('where fixed-width bins start; default 0'),
  edges: z.array(z.number()).min(1).optional().describe('custom edges instead of a width: [18, 30, 45, 60]'),
  top: z.number().optional().describe('top coding: values >= top fall into one bin ">=top"'),
  bottom: z.number().optional().describe('bottom coding: values < bottom fall into one bin "<bottom"'),
  output: z.enum(['interval', 'range', 'lower']).default('interval')
    .describe('interval: "[30,40)"; range: "30-39"; lower: the lower bound, as a number'),
}).refine((b) => b.width !== undefined || b.edges !== undefined, { message: 'bins need a width or edges' });

const common = { onInvalid: onInvalidSchema };
const verifyChecksum = z.boolean().default(false).describe('treat an 18-digit ID with a wrong check character as invalid');

export const generalizeOptionsSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('bins'), bins: binSpecSchema, ...common }),
  z.object({
    method: z.literal('date'),
    unit: z.enum(['year', 'quarter', 'month', 'day']),
    tzOffsetMinutes: z.number().int().optional().describe('zone used to find the calendar day of a Timestamp; default: the column\'s zone, or none'),
    ...common,
  }),
  z.object({
    method: z.literal('age'),
    from: z.enum(['date', 'id']).default('date').describe('birth date column, or the birth date inside an ID number'),
    asOf: isoDate.optional().describe('reference date (YYYY-MM-DD); default: the day of the run (UTC)'),
    bins: binSpecSchema.optional().describe('output an age band instead of the age in years'),
    verifyChecksum,
    tzOffsetMinutes: z.number().int().optional().describe('zone used to find the birth day of a Timestamp; default: the column\'s zone, or none'),
    onInvalid: z.enum(['null', 'error']).default('null'),
  }),
  z.object({ method: z.literal('id-region'), level, verifyChecksum, ...common }),
  z.object({
    method: z.literal('id-gender'),
    labels: z.tuple([z.string(), z.string()]).default(['男', '女']).describe('[male, female] labels, e.g. ["M", "F"]'),
    verifyChecksum,
    ...common,
  }),
  z.object({ method: z.literal('division'), level, ...common }),
  z.object({ method: z.literal('prefix'), length: z.number().int().min(0).describe('characters (code points) kept') }),
  z.object({
    method: z.literal('hierarchy'),
    hierarchy: z.object({ rows: z.array(z.array(z.string())) })
      .describe('the hierarchy table, rows of [value, level 1, level 2, ...]; the publish layer loads it from a CSV'),
    level: z.number().int().min(0),
    ...common,
  }),
]);

export type GeneralizeOptions = z.input<typeof generalizeOptionsSchema>;
export type GeneralizeConfig = z.output<typeof generalizeOptionsSchema>;
