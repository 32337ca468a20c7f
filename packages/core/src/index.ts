/**
 * The public API of @tuomin/core: what an embedder needs (docs/api.md has an example per use).
 * Values are named one by one, so a helper added to a folder does not become API by accident;
 * types are all exported. The kernels, status codes, cipher primitives and privacy bookkeeping
 * that the other tuomin packages, the tests and the benchmarks use are in `@tuomin/core/internal`.
 */
export { TuominError } from './errors.js';
// Building batches from columns (Arrow Data) you filled yourself.
export { batchFromColumns } from './kernels/index.js';
// Pipelines, and the Node and Web stream adapters.
export { countRows, createPipeline, fromNodeReadable, mapBatches, memorySource, pipeline,
  streamSource, tee, toNodeReadable, toTransformStream } from './pipeline/index.js';
// Transforms (one per rule kind), their option schemas and the rule registry.
export { addNoise, binSpecSchema, cast, composeTransforms, copyColumns, dateShift,
  dateShiftOptionsSchema, dropColumns, findRule, fpe, fpeDecrypt, fpeFormats, fpeRuleOptions,
  fullwidthToHalfwidth, generalize, generalizeOptionsSchema, idCheckChar, keyRefSchema,
  makeTagger, mask, MASK_PRESETS, maskOptions, maskRuleOptions, noiseOptionsSchema, normalize,
  nullColumns, predicateSchema, project, pseudonymize, pseudonymizeMethods,
  pseudonymizeRuleOptions, redact, redactOptions, renameColumns, roundOptionsSchema, roundTo,
  ruleDefinitions, scopeLevels, suppressRows, suppressRowsOptions, synthesize,
  synthesizeOptionsSchema, trimWhitespace, upperCase, usccCheckChar, validate, validCnId,
  validUscc, when } from './transforms/index.js';
// Privacy models: risk, k-anonymity search, l-diversity, t-closeness, hierarchies.
export { anonymize, builtinHierarchy, dateHierarchy, enforcedK, hierarchyRefSchema,
  identityHierarchy, intervalHierarchy, lDiversity, LOSS_METRICS, parseHierarchy,
  prefixHierarchy, privacyOptions, privacyTransforms, riskReport, riskSummary,
  searchGeneralization, T_MODES, tableHierarchy, tCloseness } from './privacy/index.js';
// Detectors of personal data in values and columns.
export { detectOptionsSchema, DETECTOR_TYPES, detectValue, LEGAL_PERSON_TYPES, nameColumnScore,
  PERSONAL_TYPES, profileBatches, recordNumberScore, scanBatches, scanColumn,
  SENSITIVE_CATEGORIES, sensitiveCategory } from './detect/index.js';
// Keys: the check every keyed rule makes.
export { checkKeyBytes, isConstantKey } from './crypto/index.js';
// Column statistics of the reviews (quality, conformance to a declared type, distinct counts).
export { ColumnQuality, conformanceTest, DistinctEstimate, ExactDistinct, HyperLogLog, memoryHashSpill,
  parseBooleanToken } from './stats/index.js';

export type * from './errors.js';
export type * from './kernels/index.js';
export type * from './pipeline/index.js';
export type * from './transforms/index.js';
export type * from './privacy/index.js';
export type * from './detect/index.js';
export type * from './crypto/index.js';
export type * from './stats/index.js';
