export * from './rules.js';
export { dateShift, type DateShiftOptions } from './date-shift.js';
export { addNoise, type NoiseOptions } from './noise.js';
export { roundTo, type RoundOptions } from './round.js';
