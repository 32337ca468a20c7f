import type { FuzzTarget } from '../engine/target.js';

/**
 * Every target by name (the folder name of its regressions), loaded on demand: a target imports
 * only its own package, so a package that does not load fails its own target, not the others.
 */
const LOADERS: Record<string, () => Promise<FuzzTarget>> = {
  'csv-utf8': async () => (await import('./csv.js')).csvUtf8,
  'csv-gb18030': async () => (await import('./csv.js')).csvGb18030,
  ndjson: async () => (await import('./ndjson.js')).ndjson,
  ipc: async () => (await import('./binary.js')).ipc,
  parquet: async () => (await import('./binary.js')).parquet,
  spec: async () => (await import('./spec.js')).spec,
  hierarchy: async () => (await import('./spec.js')).hierarchy,
};

export const TARGET_NAMES: string[] = Object.keys(LOADERS);

export function loadTarget(name: string): Promise<FuzzTarget> {
  const load = LOADERS[name];
  if (!load) throw new Error(`unknown fuzz target ${name}; targets: ${TARGET_NAMES.join(', ')}`);
  return load();
}
