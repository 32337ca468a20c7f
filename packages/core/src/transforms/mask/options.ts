import { z } from 'zod';

export const MASK_PRESETS = [
  'cn.id', 'cn.mobile', 'cn.name', 'cn.bankcard', 'email', 'cn.plate', 'cn.address', 'cn.landline', 'ipv4',
] as const;
export type MaskPreset = (typeof MASK_PRESETS)[number];

export const maskOnInvalidSchema = z
  .enum(['mask-all', 'keep', 'null', 'error'])
  .describe('what to do with a value that does not fit the preset: mask every character (default), keep it, make it null, or stop with an error naming column and row');
export type MaskOnInvalid = z.infer<typeof maskOnInvalidSchema>;

/** Presets whose kept parts can be changed with keepFirst / keepLast. */
const KEEP_PRESETS: readonly string[] = ['cn.id', 'cn.mobile', 'cn.bankcard', 'email', 'cn.landline'];
/** Presets whose masked part is one run of characters, so fixedWidth applies. */
const FIXED_WIDTH_PRESETS: readonly string[] = ['cn.id', 'email', 'cn.address'];

const count = z.number().int().min(0).max(1000);

const maskFields = {
  preset: z.enum(MASK_PRESETS).optional().describe('a Chinese-practice preset; each validates the format of its values'),
  keepFirst: count.optional().describe('characters kept at the start (Unicode code points; with keepSeparators, separators are not counted)'),
  keepLast: count.optional().describe('characters kept at the end'),
  range: z
    .strictObject({
      from: z.number().int().describe('first masked character, 0-based; negative counts from the end'),
      to: z.number().int().optional().describe('end of the masked range, exclusive; omitted = end of value'),
    })
    .optional()
    .describe('mask a character range instead of keeping ends'),
  delimiter: z.string().min(1).optional().describe('mask only one side of the first occurrence of this string'),
  side: z.enum(['before', 'after']).optional().describe('with delimiter: which side is masked (default before)'),
  maskChar: z
    .string()
    .refine((s) => Array.from(s).length === 1, 'maskChar must be exactly one character (it may be multi-byte, e.g. ＊)')
    .optional()
    .describe('the mask character, default *'),
  keepSeparators: z.boolean().optional().describe('copy separators (default space and dash) unmasked and do not count them'),
  separators: z
    .string()
    .min(1)
    .refine((s) => /^[\x20-\x7e]+$/.test(s), 'separators must be printable ASCII characters')
    .optional()
    .describe('the separator characters for keepSeparators, default " -"'),
  fixedWidth: z
    .number().int().min(0).max(64)
    .optional()
    .describe('write exactly this many mask characters for the hidden part (hides its length); default: one per hidden character'),
  onInvalid: maskOnInvalidSchema.optional(),
};

function checkCombination(o: { [K in keyof typeof maskFields]?: z.infer<(typeof maskFields)[K]> }, ctx: z.RefinementCtx): void {
  const issue = (message: string, path: string): void => ctx.addIssue({ code: 'custom', message, path: [path] });
  if (o.preset !== undefined) {
    for (const k of ['range', 'delimiter', 'side', 'keepSeparators', 'separators'] as const) {
      if (o[k] !== undefined) issue(`${k} cannot be combined with preset ${o.preset}; presets fix their own structure`, k);
    }
    if ((o.keepFirst !== undefined || o.keepLast !== undefined) && !KEEP_PRESETS.includes(o.preset)) {
      issue(`preset ${o.preset} does not take keepFirst/keepLast; only ${KEEP_PRESETS.join(', ')} do`, 'keepFirst');
    }
    if (o.preset === 'cn.landline' && o.keepFirst !== undefined) issue('cn.landline keeps the area code; only keepLast can be set', 'keepFirst');
    if (o.fixedWidth !== undefined && !FIXED_WIDTH_PRESETS.includes(o.preset)) {
      issue(`preset ${o.preset} keeps the value's length; fixedWidth applies only to ${FIXED_WIDTH_PRESETS.join(', ')}`, 'fixedWidth');
    }
    const limits: Record<string, number> = { 'cn.id': 17, 'cn.mobile': 10 };
    const limit = limits[o.preset];
    if (limit !== undefined && (o.keepFirst ?? 0) + (o.keepLast ?? 0) > limit) {
      issue(`keepFirst + keepLast must leave at least one character of ${o.preset} masked (at most ${limit})`, 'keepFirst');
    }
  } else {
    if (o.range !== undefined && (o.keepFirst !== undefined || o.keepLast !== undefined || o.delimiter !== undefined)) {
      issue('range cannot be combined with keepFirst, keepLast or delimiter', 'range');
    }
    if (o.side !== undefined && o.delimiter === undefined) issue('side needs a delimiter', 'side');
    if (o.keepSeparators && (o.delimiter !== undefined || o.fixedWidth !== undefined)) {
      issue('keepSeparators cannot be combined with delimiter or fixedWidth', 'keepSeparators');
    }
    if (o.separators !== undefined && !o.keepSeparators) issue('separators needs keepSeparators: true', 'separators');
  }
}

/** Options of the `mask` spec rule (everything but the columns). */
export const maskRuleOptions = z.strictObject(maskFields).superRefine(checkCombination);

/** Options of the `mask()` transform factory. */
export const maskOptions = z
  .strictObject({ columns: z.array(z.string().min(1)).min(1).describe('string columns to mask'), ...maskFields })
  .superRefine(checkCombination);

export type MaskOptions = z.input<typeof maskOptions>;
export type MaskRuleOptions = z.input<typeof maskRuleOptions>;
