export { readNdjson, jsonLines } from './read.js';
export type { NdjsonReadOptions } from './read.js';
export { writeNdjson, ndjsonBatch, encodeKeys } from './write.js';
export type { NdjsonWriteResult } from './write.js';
