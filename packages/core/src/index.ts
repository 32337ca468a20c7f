export * from './errors.js';
export * from './kernels/index.js';
export * from './pipeline/index.js';
export * from './transforms/index.js';
export * from './privacy/index.js';
export * from './detect/index.js';
export * from './crypto/index.js';
export * from './stats/index.js';
