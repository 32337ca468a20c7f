import type { Command } from '../command.js';

/** Every verb of the CLI. Each lives in its own file; add one line here per verb. */
export const commands: Command[] = [
];
