import { z } from 'zod';

export const pseudonymizeMethods = ['aes-cmac', 'sm4-cmac', 'hmac-sha256', 'hmac-sm3', 'xxh64'] as const;
export type PseudonymizeMethod = (typeof pseudonymizeMethods)[number];

export const scopeLevels = ['dataset', 'release', 'recipient'] as const;
export const tagEncodings = ['hex', 'base32'] as const;

/** Where the key comes from, as written in a spec: never the key itself. */
export const keyRefSchema = z
  .object({
    env: z.string().min(1).optional().describe('name of the environment variable holding the key (hex or base64)'),
    file: z.string().min(1).optional().describe('path of a key file, relative to the spec'),
  })
  .strict()
  .refine((k) => (k.env === undefined) !== (k.file === undefined), { message: 'give exactly one of env or file' });

export const pseudonymizeRuleOptions = z
  .object({
    method: z.enum(pseudonymizeMethods).default('aes-cmac').describe('keyed PRF; xxh64 is NOT pseudonymization (non-personal data only)'),
    key: keyRefSchema.optional().describe('key reference (env var or key file); required except for xxh64'),
    scopeLevel: z.enum(scopeLevels).optional().describe('pseudonyms of different scopes cannot be linked; default: recipient when the release names a recipient, else dataset'),
    output: z.enum(tagEncodings).default('hex').describe('hex (lowercase) or base32 (RFC 4648 alphabet, lowercase, no padding)'),
    length: z.number().int().min(8).max(64).optional().describe('truncate to this many output characters'),
    prefix: z.string().max(32).optional().describe('text put before every pseudonym'),
  })
  .strict();

export type PseudonymizeRuleOptions = z.infer<typeof pseudonymizeRuleOptions>;
