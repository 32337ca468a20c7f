import type { Command } from '../command.js';

/**
 * Every verb of the CLI: its name and one-line summary for the help page, and its module, loaded
 * only when the verb is used. Why lazily: `tuomin --help`, `--version` and a mistyped verb then
 * start without Arrow, Parquet, faker or WebAssembly (#16; test/startup-modules.test.ts). Each
 * verb lives in its own file; add one line here per verb.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  { name: 'scan', summary: 'scan every cell of a file for personal data left behind (exit 3 if any)', load: async () => (await import('./scan.js')).scanCommand },
  { name: 'profile', summary: 'profile a file: types, nulls, distinct values, personal data per column, suggested rules', load: async () => (await import('./profile.js')).profileCommand },
  { name: 'run', summary: 'desensitize, review and publish a dataset from its spec', load: async () => (await import('./run.js')).runCommand },
  { name: 'bench', summary: 'compare rule sets on a sample: speed, residual risk, utility, residual findings', load: async () => (await import('./bench.js')).benchCommand },
  { name: 'release', summary: 'list, verify, suspend, withdraw or restore published versions', load: async () => (await import('./release.js')).releaseCommand },
  { name: 'catalog', summary: 'write the open list (开放清单) of every spec and package in a folder', load: async () => (await import('./catalog.js')).catalogCommand },
  { name: 'due', summary: 'list datasets overdue or due soon by their update frequency', load: async () => (await import('./catalog.js')).dueCommand },
  { name: 'convert', summary: 'convert between CSV, TSV, Parquet, Arrow IPC and NDJSON, or to XLSX (format from the extension)', load: async () => (await import('./convert.js')).convertCommand },
  { name: 'risk', summary: 're-identification risk of a file over its quasi-identifiers (k, prosecutor, journalist, marketer, l, t)', load: async () => (await import('./risk.js')).riskCommand },
  { name: 'anonymize', summary: 'find the least-loss generalization meeting k (l, t) within a suppression limit, optionally write it', load: async () => (await import('./anonymize.js')).anonymizeCommand },
];
