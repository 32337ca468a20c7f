import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  const folder = mkdtempSync(join(dir ?? tmpdir(), 'tuomin-distinct-'));
  const path = (p: number): string => join(folder, `part-${p}.bin`);
  const written = new Set<number>();
  return {
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
