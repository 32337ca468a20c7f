export * from './buffers.js';
export * from './bitmap.js';
export * from './utf8.js';
export * from './batch.js';
export { recordPattern, simdRecords, useSimdKernels, type LaneRule, type RecordPattern, SimdRecords } from './fixed-records.js';
export * from './dictionary.js';
export { gather } from './take.js';
export { dictionaryToUtf8 } from './dictionary-text.js';
