/**
 * `@tuomin/core/internal`: everything core has, the kernels, status codes, cipher primitives and
 * privacy bookkeeping included, for the other tuomin packages, the tests and the benchmarks. Not a
 * stable API (names change without notice); embedders use the root entry (docs/api.md).
 */
export * from './errors.js';
export * from './kernels/index.js';
export * from './pipeline/index.js';
export * from './transforms/index.js';
export * from './privacy/index.js';
export * from './detect/index.js';
export * from './crypto/index.js';
export * from './stats/index.js';
