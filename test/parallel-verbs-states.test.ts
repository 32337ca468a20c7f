import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCsv } from '@tuomin/io';
import { ProfileCollector, profileBatches } from '@tuomin/core/internal';
import { assessRisk } from '@tuomin/publish';
import { csvText, writeExtract } from './support/parallel-verbs-data.js';

/**
 * The states the verbs merge, on their own: a profile split anywhere (a 0-row part, a 1-row part,
 * parts of one batch's slices) and merged in order through encode/decode is one pass's profile;
 * risk whose classes would spill in one pass runs that pass and says why.
 */
describe('ProfileCollector', () => {
  it('merges parts split at several points, a 0-row and a 1-row part included, into one pass\'s profile', async () => {
    const path = join((await writeExtract()).dir, 'profile.csv');
    // 6,000 rows: past the 5,000 values each column keeps for its kind scores.
    await writeFile(path, csvText(6000));
    const read = await readCsv(path, { batchSize: 500 });
    const batches = [];
    for await (const b of read.batches()) batches.push(b);
    const rows = batches.flatMap((b, i) => Array.from({ length: b.numRows }, (_, r) => [i, r] as const));
    // distinctCap 1,000: the distinct counts go past exact to the sketch, in some parts and not others.
    for (const [options, cuts] of [[{}, [0, 1, 2, 1700]], [{}, [1499, 1500, 1500, 5999]], [{ distinctCap: 1000 }, [250, 2000, 5000]], [{ distinctCap: 1000 }, [0, 900, 4999]]] as const) {
      const expected = await profileBatches(read.schema, (async function* () { yield* batches; })(), options);
      const bounds = [0, ...cuts, rows.length];
      let merged: ProfileCollector | null = null;
      for (let p = 0; p + 1 < bounds.length; p++) {
        const part = new ProfileCollector(read.schema, options);
        // The part's rows as slices of the batches they fall in.
        for (let at = bounds[p]!; at < bounds[p + 1]!;) {
          const [bi, r] = rows[at]!;
          const take = Math.min(batches[bi]!.numRows - r, bounds[p + 1]! - at);
          part.add(batches[bi]!.slice(r, r + take));
          at += take;
        }
        const decoded = ProfileCollector.decode(read.schema, structuredClone(part.encode()), options);
        if (merged) merged.mergeNext(decoded);
        else merged = decoded;
      }
      expect(merged!.result()).toEqual(expected);
      expect(expected.columns.some((c) => !c.distinctExact)).toBe('distinctCap' in options);
    }
  });
});

describe('risk past the in-memory class limit', () => {
  it('runs the one pass that spills, and says so', async () => {
    const files = await writeExtract();
    const options = { quasiIdentifiers: ['城市', '姓名'], k: 2, spill: { maxClassesInMemory: 20 } };
    const one = await assessRisk(files.csv, options);
    expect(one.spilledPartitions).toBeGreaterThan(0);
    const par = await assessRisk(files.csv, { ...options, workers: 2, partitionBytes: 60_000 });
    expect(par.parallel).toEqual({ workers: 1, sequential: expect.stringContaining('more than 20 classes') });
    const { ms: _a, parallel: _b, ...rest } = par;
    const { ms: _c, ...expected } = one;
    expect(rest).toEqual(expected);
  });
});
