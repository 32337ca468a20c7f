export type { CsvReadOptions, CsvStats, CsvWriteOptions, WriteResult, CsvDelimiter, CsvEncoding } from './options.js';
export { readCsv, defaultRejectPath } from './read.js';
export type { CsvSource } from './read.js';
export { parseCsv } from './parse.js';
export type { ParsedCsv } from './parse.js';
export { writeCsv, csvBytes } from './write.js';
