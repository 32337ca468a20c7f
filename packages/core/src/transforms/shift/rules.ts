import type { RuleDefinition } from '../rule.js';
import { withKernels } from '../rule-schema.js';
import { dateShift } from './date-shift.js';
import { addNoise } from './noise.js';
import { roundTo } from './round.js';
import { shiftRuleSchemas } from './schema.js';

export { dateShiftOptionsSchema, noiseOptionsSchema, roundOptionsSchema } from './schema.js';

export const shiftRules: RuleDefinition[] = withKernels(shiftRuleSchemas, {
  'date-shift': (columns, o, ctx) => dateShift({ columns, entityColumn: o.entityColumn, maxDays: o.maxDays, key: ctx.resolveKey(o.key), nonZero: o.nonZero, onInvalid: o.onInvalid }),
  noise: (columns, o, ctx) => addNoise({ columns, distribution: o.distribution, scale: o.scale, seed: ctx.seed }),
  round: (columns, o) => roundTo({ columns, base: o.base, mode: o.mode }),
});
