export { inferKinds, inferSchema, inferSource } from './infer.js';
export type { InferOptions } from './infer.js';
export { castBatches, castBatch, retypeSchema } from './cast.js';
export type { CastOptions } from './cast.js';
export { arrowTypeOf } from './kinds.js';
export type { InferredKind } from './kinds.js';
export { parseInteger, parseDecimal, parseBoolean, parseDate, parseCompactDate, parseTimestamp } from './parse.js';
