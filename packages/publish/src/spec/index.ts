export * from './schema.js';
export * from './load.js';
export * from './lint.js';
export * from './suggest.js';
export * from './rule-files.js';
