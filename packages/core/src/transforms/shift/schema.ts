import { z } from 'zod';
import type { RuleSchema } from '../rule-schema.js';

const keyRefSchema = z.object({ env: z.string().optional(), file: z.string().optional() })
  .refine((k) => k.env !== undefined || k.file !== undefined, { message: 'key needs env or file' })
  .describe('where the key comes from; never the key itself');

export const dateShiftOptionsSchema = z.object({
  entityColumn: z.string().describe('column naming the entity whose dates move together'),
  maxDays: z.number().int().min(1).max(36500),
  key: keyRefSchema,
  nonZero: z.boolean().default(true).describe('never draw a zero shift'),
  onInvalid: z.enum(['null', 'keep', 'error']).default('null').describe('date strings that do not parse'),
});

export const noiseOptionsSchema = z.object({
  distribution: z.enum(['laplace', 'uniform']).default('laplace'),
  scale: z.number().positive().describe('Laplace scale b, or half-width of the uniform interval'),
});

export const roundOptionsSchema = z.object({
  base: z.number().positive().describe('round to a multiple of this (100: nearest hundred)'),
  mode: z.enum(['nearest', 'down', 'up']).default('nearest'),
});

export const shiftRuleSchemas = [
  {
    type: 'date-shift',
    summary: 'Shift all dates of one entity by the same keyed number of days in [-maxDays, maxDays]',
    options: dateShiftOptionsSchema,
    example: { entityColumn: 'person_id', maxDays: 30, key: { env: 'TUOMIN_SHIFT_KEY' } },
  },
  {
    type: 'noise',
    summary: 'Add Laplace or uniform noise to numbers, deterministic for the run seed and input order',
    options: noiseOptionsSchema,
    example: { distribution: 'laplace', scale: 2 },
  },
  {
    type: 'round',
    summary: 'Round numbers to a multiple of a base (fines to the nearest 100)',
    options: roundOptionsSchema,
    example: { base: 100 },
  },
] as const satisfies readonly RuleSchema[];
