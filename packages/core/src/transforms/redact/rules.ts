import type { RuleDefinition } from '../rule.js';
import { redact, redactOptions } from './redact.js';

export const redactRules: RuleDefinition[] = [
  {
    type: 'redact',
    summary: 'Find identifiers inside free text (ID numbers, phones, emails, plates, names after 姓名/当事人, addresses) with the detectors and mask only those spans.',
    options: redactOptions,
    example: { replacement: 'mask' },
    create: (columns, options) => redact({ ...(options as object), columns }),
  },
];
