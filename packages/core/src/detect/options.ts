import { z } from 'zod';
import { DETECTOR_TYPES } from './types.js';

/** Detector options, shared by detectValue, scanBatches and profileBatches. */
export const detectOptionsSchema = z.object({
  /** Only report these types (default: all). */
  types: z.array(z.enum(DETECTOR_TYPES)).optional(),
  /** Findings below this confidence are dropped (default 0.5). */
  minConfidence: z.number().min(0).max(1).default(0.5),
  /**
   * Mobile segments as 3-digit prefixes ("139") or 2-digit ranges ("13" = 130-139).
   * Default: the MIIT list of reference/cn-identifiers.md §4 plus 162 and 193.
   */
  mobileSegments: z.array(z.string().regex(/^1\d{1,2}$/)).optional(),
  /** Letters allowed at the new-energy position of 8-character plates (default "DF"). */
  newEnergyLetters: z.string().regex(/^[A-Z]+$/).default('DF'),
});

export type DetectOptionsInput = z.input<typeof detectOptionsSchema>;
export type DetectOptions = z.output<typeof detectOptionsSchema>;
