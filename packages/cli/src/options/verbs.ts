import { commands } from '../commands/index.js';
import type { VerbSpec } from './table.js';

/** Every verb's table, in the order of the help page (loads every command module: tests, docs). */
export async function verbSpecs(): Promise<VerbSpec[]> {
  return Promise.all(commands.map(async (c) => (await c.load()).spec));
}
