export { main, VERSION } from './main.js';
export { EXIT } from './exit-codes.js';
export type { Command, CliIO } from './command.js';
