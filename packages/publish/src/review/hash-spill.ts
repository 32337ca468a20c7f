import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HashSpill } from '@tuomin/core';

/**
 * Partition files for the exact distinct counts of `unique` columns (core's ExactDistinct), in a
 * private folder under `dir` (the run's spill folder), removed by `dispose`. Synchronous: a spill
 * happens once per few million distinct values, and the statistics' add/finish stay synchronous.
 * The files hold hashes of values, never the values.
 */
export function fileHashSpill(dir?: string): HashSpill {
  if (dir !== undefined) mkdirSync(dir, { recursive: true });
  return spillIn(mkdtempSync(join(dir ?? tmpdir(), 'tuomin-distinct-')), new Set<number>());
}

/** What `ref()` gives: the folder and the partitions written. */
interface FileSpillRef {
  folder: string;
  written: number[];
}

/**
 * A spill a partition job handed over (`ref()` in its encoded state), reopened by the coordinator:
 * it owns the files from now on and removes them on `dispose`. By path, so on the same machine
 * (a cluster will need storage every worker shares, or the pairs sent as buffers).
 */
export function openFileHashSpill(ref: unknown): HashSpill {
  const r = ref as Partial<FileSpillRef> | null;
  if (r === null || typeof r !== 'object' || typeof r.folder !== 'string' || !Array.isArray(r.written) || !r.written.every((p) => Number.isInteger(p))) {
    throw new TypeError('not a reference to a distinct-count spill');
  }
  if (!existsSync(r.folder)) throw new TypeError('the spill of a partition\'s distinct count is gone (was its job\'s folder removed?)');
  return spillIn(r.folder, new Set(r.written));
}

function spillIn(folder: string, written: Set<number>): HashSpill {
  const path = (p: number): string => join(folder, `part-${p}.bin`);
  return {
    ref: (): FileSpillRef => ({ folder, written: [...written].sort((a, b) => a - b) }),
    append(p, pairs) {
      appendFileSync(path(p), new Uint8Array(pairs.buffer, pairs.byteOffset, pairs.byteLength));
      written.add(p);
    },
    read(p) {
      if (!written.has(p)) return [];
      const b = readFileSync(path(p));
      // Copied into an aligned buffer: a Buffer from the pool may start at an odd offset.
      const out = new Int32Array(b.byteLength >> 2);
      new Uint8Array(out.buffer).set(b);
      return [out];
    },
    dispose() {
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
