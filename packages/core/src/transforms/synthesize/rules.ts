import { z } from 'zod';
import type { RuleDefinition } from '../rule.js';
import { synthesize } from './synthesize.js';

const keyRefSchema = z.object({
  env: z.string().optional().describe('environment variable holding the key'),
  file: z.string().optional().describe('key file path'),
}).refine((k) => k.env !== undefined || k.file !== undefined, { message: 'key needs env or file' })
  .describe('where the key comes from; never the key itself');

export const synthesizeOptionsSchema = z.object({
  kind: z.enum(['name', 'address', 'phone', 'company']),
  key: keyRefSchema,
});

export const synthesizeRules: RuleDefinition[] = [
  {
    type: 'synthesize',
    summary: 'Realistic zh_CN fake names, addresses, mobile numbers or companies, the same for the same input under one key',
    options: synthesizeOptionsSchema,
    example: { kind: 'name', key: { env: 'TUOMIN_SYNTH_KEY' } },
    create: (columns, o, ctx) => synthesize({ columns, kind: o.kind, key: ctx.resolveKey(o.key) }),
  },
];
