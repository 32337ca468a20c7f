export * from './atomic.js';
export * from './csv/index.js';
