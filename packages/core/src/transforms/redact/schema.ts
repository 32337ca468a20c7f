import { z } from 'zod';
import type { RuleSchema } from '../rule-schema.js';
import { DETECTOR_TYPES } from '../../detect/types.js';

export const redactOptions = z.strictObject({
  /** Detector types to redact (default: every natural-person type). */
  types: z.array(z.enum(DETECTOR_TYPES)).optional(),
  /**
   * `mask`: each character of a finding becomes maskChar (length kept); `tag`: the finding becomes 〔身份证号〕 etc.
   * A list of findings of one type (张三、李四、王五) is one finding for both: one run of masks as long as
   * its first finding, or one tag (redact.ts, docs/detection.md).
   */
  replacement: z.enum(['mask', 'tag']).default('mask'),
  maskChar: z.string().min(1).max(2).default('*'),
  /** Findings below this confidence stay (default 0.5, as the residual scan). */
  minConfidence: z.number().min(0).max(1).default(0.5),
});

export const redactRuleSchemas = [
  {
    type: 'redact',
    summary: 'Find identifiers inside free text (ID numbers, phones, emails, plates, names after 姓名/当事人, addresses) with the detectors and mask only those spans.',
    options: redactOptions,
    example: { replacement: 'mask' },
  },
] as const satisfies readonly RuleSchema[];
