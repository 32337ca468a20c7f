export * from './redact.js';
export * from './rules.js';
