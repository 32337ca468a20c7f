export * from './read.js';
export * from './write.js';
export { sliceBatches, schemaWithMetadata } from './slice.js';
