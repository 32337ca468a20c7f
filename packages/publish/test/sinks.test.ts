import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Table, Utf8, tableFromArrays, vectorFromArray, type RecordBatch } from 'apache-arrow';
import { findRule, memorySource, pipeline, riskSummary, type RuleContext, type Transform } from '@tuomin/core';
import { fanOut, streamSink, type Sink } from '../src/run/sinks/sink.js';
import { sourceSampleSink } from '../src/run/sinks/source-sample.js';
import { residualScanSink } from '../src/run/sinks/residual-scan.js';
import { columnProfileSink } from '../src/run/sinks/column-profile.js';
import { RejectsWriter } from '../src/run/sinks/rejects.js';
import { classStatsSink } from '../src/run/privacy.js';
import type { Spec } from '../src/spec/schema.js';

/** A table of `n` rows in batches of 7: a city (a quasi-identifier), an ID number on row 3, a day. */
function batches(n: number): RecordBatch[] {
  const city = Array.from({ length: n }, (_, i) => ['Beijing', 'Shanghai', 'Wuhan'][i % 3]!);
  const note = Array.from({ length: n }, (_, i) => (i === 2 ? '身份证 110101199003074578' : `note ${i}`));
  const day = Array.from({ length: n }, (_, i) => (i % 5 === 4 ? 'not a date' : `2024-01-${String((i % 28) + 1).padStart(2, '0')}`));
  return tableFromArrays({ city, note, day }).batches.flatMap((b) => Array.from({ length: Math.ceil(b.numRows / 7) }, (_, k) => b.slice(k * 7, Math.min(b.numRows, k * 7 + 7))));
}

async function* stream(bs: RecordBatch[], failAt = -1): AsyncIterable<RecordBatch> {
  for (let i = 0; i < bs.length; i++) {
    if (i === failAt) throw new Error('source broke at batch 2');
    yield bs[i]!;
  }
}

/** A sink that counts rows; not mergeable across a failure. */
function rowCount(): Sink<number> & { n(): number } {
  let n = 0;
  return { n: () => n, add: (b) => { n += b.numRows; }, finish: async () => n, merge: (o) => { n += o.n(); }, abort: async () => {} };
}

describe('sinks and the fan-out', () => {
  it('returns every sink\'s result by its name', async () => {
    const bs = batches(40);
    const out = await fanOut(stream(bs), {
      rows: rowCount(),
      batchesSeen: streamSink(async (it) => { let k = 0; for await (const _ of it) k++; return k; }, { join: (a, b) => a + b }),
    });
    expect(out).toEqual({ rows: 40, batchesSeen: bs.length });
  });

  it('a sink that fails before its first read fails the pass with its error, and the others end', async () => {
    let otherEnded = false;
    const slow = streamSink(async (it) => {
      try { for await (const _ of it) await new Promise((r) => setTimeout(r, 1)); } finally { otherEnded = true; }
      return 0;
    }, { join: (a, b) => a + b });
    const broken = streamSink<number>(async () => { throw new Error('cannot open the output file'); }, { join: (a, b) => a + b });
    await expect(fanOut(stream(batches(200)), { slow, broken })).rejects.toThrow('cannot open the output file');
    expect(otherEnded).toBe(true);
  });

  it('a source that fails mid-pass aborts every stream sink with the source\'s error', async () => {
    const seen: unknown[] = [];
    const writer = streamSink(async (it) => {
      try { for await (const _ of it); } catch (err) { seen.push(err); throw err; }
      return 0;
    }, { join: (a, b) => a + b });
    await expect(fanOut(stream(batches(40), 2), { writer, rows: rowCount() })).rejects.toThrow('source broke at batch 2');
    expect(String(seen[0])).toMatch(/source broke at batch 2/);
  });

  it('the source sample, merged over partitions in order, is the first rows of the whole and scans the same', async () => {
    const bs = batches(60);
    const schema = bs[0]!.schema;
    const whole = sourceSampleSink(schema, 25);
    for (const b of bs) whole.add(b);
    for (const cut of [1, 3, 4, 8]) {
      const first = sourceSampleSink(schema, 25);
      const rest = sourceSampleSink(schema, 25);
      bs.slice(0, cut).forEach((b) => first.add(b));
      bs.slice(cut).forEach((b) => rest.add(b));
      first.merge(rest);
      expect(first.held().reduce((a, b) => a + b.numRows, 0)).toBe(25);
      expect(await first.finish()).toEqual(await whole.finish());
    }
    const scan = await whole.finish();
    expect(scan.rows).toBe(25);
    expect(scan.findings.find((f) => f.column === 'note')?.rows).toEqual([3]);
  });

  it('residual scans of partitions, merged in order, equal the scan of the whole (counts, first rows, order)', async () => {
    const n = 300;
    const note = Array.from({ length: n }, (_, i) => (i % 97 === 2 ? '身份证 110101199003074578' : i === 250 ? '电话 13812345678' : `note ${i}`));
    const phone = Array.from({ length: n }, (_, i) => (i > 200 && i % 3 === 0 ? '13912345678' : 'none'));
    // Plain text columns: partitions read apart never share a dictionary (joinScans says why it matters).
    const bs = new Table({ note: vectorFromArray(note, new Utf8()), phone: vectorFromArray(phone, new Utf8()) }).batches.flatMap((b) => Array.from({ length: Math.ceil(b.numRows / 40) }, (_, k) => b.slice(k * 40, Math.min(b.numRows, k * 40 + 40))));
    const schema = bs[0]!.schema;
    const scanOf = async (parts: RecordBatch[]) => {
      const s = residualScanSink(schema);
      for (const b of parts) await s.add(b);
      return s;
    };
    const whole = await (await scanOf(bs)).finish();
    expect(whole.findings.map((f) => f.column)).toEqual(expect.arrayContaining(['note', 'phone']));
    for (const cuts of [[1], [3, 6], [2, 5, 7]]) {
      const bounds = [0, ...cuts, bs.length];
      const sinks = await Promise.all(bounds.slice(1).map((end, i) => scanOf(bs.slice(bounds[i], end))));
      for (const other of sinks.slice(1)) sinks[0]!.merge(other);
      expect(await sinks[0]!.finish(), `cuts ${cuts.join(' ')}`).toEqual(whole);
    }
  });

  it('column profiles of partitions, each given its first row, merge into the profile of the whole', async () => {
    const spec = { columns: { city: { type: 'string' }, note: { type: 'string' }, day: { type: 'date', constraints: { required: true } } } } as unknown as Spec;
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-profile-'));
    const bs = batches(90);
    const schema = bs[0]!.schema;
    const whole = columnProfileSink(spec, schema, dir);
    bs.forEach((b) => whole.add(b));
    const expected = await whole.finish();
    expect(expected.find((c) => c.name === 'day')!.violations.length).toBeGreaterThan(0);
    const cut = 5;
    const first = columnProfileSink(spec, schema, dir, 0);
    const rest = columnProfileSink(spec, schema, dir, bs.slice(0, cut).reduce((a, b) => a + b.numRows, 0));
    bs.slice(0, cut).forEach((b) => first.add(b));
    bs.slice(cut).forEach((b) => rest.add(b));
    first.merge(rest);
    expect(await first.finish()).toEqual(expected);
  });

  it('class statistics of two partitions merge into those of the whole', async () => {
    const spec = { columns: { city: { type: 'string' } }, privacy: { quasiIdentifiers: ['city'], k: 2 } } as unknown as Spec;
    const bs = batches(50);
    const whole = classStatsSink(spec);
    bs.forEach((b) => whole.add(b));
    const a = classStatsSink(spec);
    const b = classStatsSink(spec);
    bs.slice(0, 3).forEach((x) => a.add(x));
    bs.slice(3).forEach((x) => b.add(x));
    a.merge(b);
    expect(riskSummary(await a.finish(), { k: 2 })).toEqual(riskSummary(await whole.finish(), { k: 2 }));
  });

  it('a reject-row rule streams its rows to the rejects writer and holds none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-rejects-'));
    const rejects = new RejectsWriter(dir, '1.0.0');
    const ctx: RuleContext = { resolveKey: () => { throw new Error('no keys here'); }, scope: {}, seed: 1, rejectSink: rejects.onReject };
    const def = findRule('cast')!;
    const rule = def.create(['day'], def.options.parse({ to: 'date', onInvalid: 'reject-row' }), ctx) as Transform & { rejected(): RecordBatch[] };
    const bs = batches(30);
    let released = 0;
    for await (const b of pipeline(memorySource(bs[0]!.schema, bs), rule)) {
      released += b.numRows;
      await rejects.drain();
    }
    const files = await rejects.finish();
    expect(rule.rejected()).toEqual([]);
    expect(released).toBe(24);
    expect(files).toEqual([{ path: join(dir, '1.0.0-1-cast.csv'), rows: 6, transform: 'cast' }]);
    const text = await readFile(files[0]!.path, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(7);
    expect(text).toContain('note 4,not a date');
  });
});
