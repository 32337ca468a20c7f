export * from './scan-file.js';
export * from './scan-texts.js';
