export * from './rules.js';
export { synthesize, type SynthesizeOptions } from './synthesize.js';
export type { FakeKind } from './fake-values.js';
