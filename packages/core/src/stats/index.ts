export { conformanceTest, parseBooleanToken, isIntegerText, isNumberText, isDateText, isDateTimeText, BOOLEAN_TOKEN_SPELLINGS, type DeclaredType, type ValueTest } from './conform.js';
export { ColumnQuality, type ColumnChecks, type ColumnQualityResult, type ValueViolation } from './column-quality.js';
export { VIOLATION_CODES, ROWS_LISTED } from './violation-codes.js';
export { DistinctEstimate, EXACT_DISTINCT_UP_TO } from './distinct-estimate.js';
export { ExactDistinct, memoryHashSpill, type HashSpill, type ExactDistinctOptions } from './exact-distinct.js';
export { HyperLogLog, HLL_BITS } from './hll.js';
export { HashSet64 } from './hash-set.js';
export { hashBytes64, countChars, mix32 } from './hash.js';
export { ownBuffer, checkState, type TransferState } from './transfer.js';
