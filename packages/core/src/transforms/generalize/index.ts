export * from './rules.js';
export { generalize } from './generalize.js';
export { generalizeOptionsSchema, binSpecSchema, type GeneralizeOptions } from './options.js';
export type { OnInvalid } from './on-invalid.js';
export type { HierarchyTable } from './hierarchy.js';
export type { BinSpec } from './binner.js';
export { parseDateBytes, newParsedDate, type ParsedDate } from './date-bytes.js';
export { daysFromCivil, civilFromDays, daysInMonth, isoDate } from '../../kernels/civil-date.js';
