import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field, Schema, Utf8, vectorFromArray } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { batchFromColumns, collectClassStats, combineRisk, riskSummary } from '@tuomin/core/internal';
import { collectClassStatsSpilling } from '../src/index.js';

const schema = new Schema([new Field('a', new Utf8(), true), new Field('b', new Utf8(), true)]);
function batch(start: number, n: number): RecordBatch {
  const a = Array.from({ length: n }, (_, i) => ((start + i) % 97 === 0 ? null : `区${(start + i) % 300}`));
  const b = Array.from({ length: n }, (_, i) => `${((start + i) * 7) % 11}`);
  return batchFromColumns(schema, [vectorFromArray(a, new Utf8()).data[0]!, vectorFromArray(b, new Utf8()).data[0]!], n);
}
const batches = Array.from({ length: 10 }, (_, k) => batch(k * 1000, 1000));

describe('collectClassStatsSpilling', () => {
  it('spills past the limit, visits disjoint partitions, and equals the in-memory figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuomin-spill-test-'));
    const spilled = await collectClassStatsSpilling(batches, { quasiIdentifiers: ['a', 'b'] }, { maxClassesInMemory: 200, partitions: 5, dir });
    expect(spilled.spilled).toBe(true);
    expect(spilled.rows).toBe(10_000);
    const parts: ReturnType<typeof riskSummary>[] = [];
    let visited = 0;
    await spilled.forEachPartition((s) => { visited++; parts.push(riskSummary(s, { k: 3 })); });
    expect(visited).toBe(5);
    const whole = await collectClassStats(batches, { quasiIdentifiers: ['a', 'b'] });
    expect(combineRisk(parts, { k: 3 })).toEqual(riskSummary(whole, { k: 3 }));
    await spilled.dispose();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates a spill folder that does not exist yet', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tuomin-spill-new-')), 'a', 'b');
    const r = await collectClassStatsSpilling(batches, { quasiIdentifiers: ['a', 'b'] }, { maxClassesInMemory: 200, partitions: 3, dir });
    expect(r.spilled).toBe(true);
    await r.dispose();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stays in memory under the limit', async () => {
    const r = await collectClassStatsSpilling(batches, { quasiIdentifiers: ['b'] }, { maxClassesInMemory: 200 });
    expect(r.spilled).toBe(false);
    let classes = 0;
    await r.forEachPartition((s) => { classes += s.classes; });
    expect(classes).toBe(11);
  });

  it('an input that fails mid-stream leaves no partition files behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuomin-spill-test-'));
    async function* failing(): AsyncIterable<RecordBatch> {
      yield* batches.slice(0, 5);
      throw new Error('source broke');
    }
    await expect(collectClassStatsSpilling(failing(), { quasiIdentifiers: ['a', 'b'] }, { maxClassesInMemory: 50, dir })).rejects.toThrow('source broke');
    expect(readdirSync(dir)).toEqual([]);
  });
});
