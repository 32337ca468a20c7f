export { main, VERSION } from './main.js';
export { EXIT } from './exit-codes.js';
export type { Command, CliIO } from './command.js';
export { MALLOC_TUNING, wantsMallocTuning } from './malloc-tuning.js';
