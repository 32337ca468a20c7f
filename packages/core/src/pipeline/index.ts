export * from './transform.js';
export * from './source.js';
export * from './pipeline.js';
export * from './web-stream.js';
export * from './node-stream.js';
export * from './tee.js';
export * from './progress.js';
