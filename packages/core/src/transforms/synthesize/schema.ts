import { z } from 'zod';
import type { RuleSchema } from '../rule-schema.js';

const keyRefSchema = z.object({
  env: z.string().optional().describe('environment variable holding the key'),
  file: z.string().optional().describe('key file path'),
}).refine((k) => k.env !== undefined || k.file !== undefined, { message: 'key needs env or file' })
  .describe('where the key comes from; never the key itself');

export const synthesizeOptionsSchema = z.object({
  kind: z.enum(['name', 'address', 'phone', 'company']),
  key: keyRefSchema,
});

export const synthesizeRuleSchemas = [
  {
    type: 'synthesize',
    summary: 'Realistic zh_CN fake names, addresses, mobile numbers or companies, the same for the same input under one key',
    options: synthesizeOptionsSchema,
    example: { kind: 'name', key: { env: 'TUOMIN_SYNTH_KEY' } },
  },
] as const satisfies readonly RuleSchema[];
