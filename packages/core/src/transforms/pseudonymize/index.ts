export * from './options.js';
export * from './tagger.js';
export * from './encode-column.js';
export * from './transform.js';
export * from './rules.js';
export * from './fpe/index.js';
