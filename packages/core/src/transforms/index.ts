export * from './rule.js';
export * from './registry.js';
export * from './mask/index.js';
export * from './pseudonymize/index.js';
export * from './generalize/index.js';
export * from './project.js';
export * from './redact/index.js';
export * from './suppress/index.js';
