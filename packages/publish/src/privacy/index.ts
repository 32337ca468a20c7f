export * from './load-hierarchy.js';
export * from './assess-risk.js';
export * from './anonymize-file.js';
