export { DETECTOR_TYPES, PERSONAL_TYPES, LEGAL_PERSON_TYPES, type DetectorType, type Finding } from './types.js';
export { detectOptionsSchema, type DetectOptions, type DetectOptionsInput } from './options.js';
export { ValueScanner } from './scanner.js';
export { scanColumn, type HitSink } from './column-scan.js';
export { detectValue, isNameHeader } from './detect-value.js';
export * from './scan-batches.js';
export { DEFAULT_MOBILE_SEGMENTS } from './tables.js';
export * from './profile.js';
export { DistinctCounter } from './distinct.js';
