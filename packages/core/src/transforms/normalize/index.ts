export * from './rules.js';
export { renameColumns } from './rename.js';
export { trimWhitespace, fullwidthToHalfwidth, nullTokens, upperCase } from './text.js';
export { cast, parseIntBytes, BOOLEAN_TOKENS, type CastOptions, type CastTarget, type CastOnInvalid } from './cast.js';
export { validate, type ValidateOptions } from './validate.js';
export { validCnId, validUscc } from './validators.js';
export { DEFAULT_NULL_TOKENS } from './text-kernels.js';
export type { RowOnInvalid } from './on-invalid.js';
export type { RejectingTransform, RejectOptions } from '../generalize/column-transform.js';
