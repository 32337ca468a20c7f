import { z } from 'zod';
import { keyRefSchema, scopeLevels } from '../options.js';

export const fpeFormats = ['cn.id', 'cn.uscc', 'cn.mobile', 'cn.plate'] as const;
export type FpeFormatName = (typeof fpeFormats)[number];
export const fpeOnInvalid = ['null', 'error', 'mask-all'] as const;
export type FpeOnInvalid = (typeof fpeOnInvalid)[number];

export const fpeRuleOptions = z
  .object({
    format: z.enum(fpeFormats).describe('identifier format: cn.id, cn.uscc, cn.mobile or cn.plate'),
    key: keyRefSchema.describe('key reference (env var or key file): a 16 or 32-byte AES key'),
    scopeLevel: z.enum(scopeLevels).optional().describe('pseudonyms of different scopes cannot be linked; default: recipient when the release names a recipient, else dataset'),
    keepRegion: z.enum(['county', 'province', 'none']).default('county').describe('cn.id: region digits kept in the clear'),
    birthDate: z.enum(['range', 'keep-year']).default('range').describe('cn.id: birth dates spread over 1800..2099, or kept within their year'),
    onInvalid: z.enum(fpeOnInvalid).default('null').describe('a value that does not fit the format: null it, stop the run, or mask every character'),
  })
  .strict();

export type FpeRuleOptions = z.infer<typeof fpeRuleOptions>;
