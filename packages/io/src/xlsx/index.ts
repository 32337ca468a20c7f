export { writeXlsx } from './write.js';
export type { XlsxWriteOptions } from './write.js';
export { XLSX_MAX_ROWS, XLSX_MAX_COLUMNS } from './sheet.js';
export { readXlsx } from './read.js';
export type { XlsxReadOptions } from './read.js';
