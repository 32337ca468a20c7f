export {
  MASK_PRESETS, type MaskPreset, maskOnInvalidSchema, type MaskOnInvalid, maskOptions, maskRuleOptions, type MaskOptions, type MaskRuleOptions,
} from './options.js';
export { mask } from './transform.js';
export { maskRules } from './rules.js';
export { M_KEEP, M_CHANGED, M_INVALID, M_BAIL, type MaskKernel, type MaskWriter, type MaskInPlace } from './kernel-types.js';
export { buildMaskKernel } from './build-kernel.js';
export { maskData } from './mask-data.js';
export type { MaskChunkContext } from './mask-chunk.js';
export { COMPOUND_SURNAMES } from './presets/compound-surnames.js';
export { requireColumn, requireStringColumn, closestName } from './columns.js';
