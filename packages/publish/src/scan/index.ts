export * from './scan-file.js';
