import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field, Int32, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import { TuominError, cast, createPipeline } from '@tuomin/core';
import { openSource, writeOutput } from '../src/formats.js';
import { checkPartitions, inPartitionFile, joinPartitions, openPartition, partitionBases, planPartitions, type PartitionPlan, type PartitionRef } from '../src/partition/index.js';
import { random, readPartitions, rowsOf } from './partition-support.js';

/**
 * Small files grouped into one partition (partition/groups.ts): a source of many small files
 * (a file per district and month, 区县 × 月份) was one job per file. Groups of consecutive whole
 * files up to the partition's bytes; big files still cut into byte ranges; the rows, their order,
 * the lines a reader names and the file a rule's error names as in the one pass.
 */
let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-groups-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const HEADER = '登记号,姓名,金额,备注';
const NAMES = ['张伟', '王芳', '李娜', '刘洋'];

/** `rows` data lines of file k: quoted newlines and commas in the notes, seeded by k. */
function lines(k: number, rows: number, eol: string): string[] {
  const rnd = random(500 + k);
  return Array.from({ length: rows }, (_, i) => `D${k}-${i},${NAMES[Math.floor(rnd() * 4)]},${(rnd() * 1000).toFixed(2)},${rnd() < 0.2 ? `"补缴${eol}跨月, 第${i}笔"` : `第${i}笔`}`);
}

let n = 0;
/** Files of the given row counts (every third with CRLF), in name order; their paths. */
async function source(rows: readonly number[], edit?: (k: number, lines: string[]) => void): Promise<string[]> {
  const d = await mkdtemp(join(dir, `s${++n}-`));
  const paths: string[] = [];
  for (const [k, r] of rows.entries()) {
    const eol = k % 3 === 1 ? '\r\n' : '\n';
    const data = lines(k, r, eol);
    edit?.(k, data);
    const p = join(d, `f${String(k).padStart(3, '0')}.csv`);
    await writeFile(p, `${HEADER}${eol}${data.join(eol)}${eol}`);
    paths.push(p);
  }
  return paths;
}

/** Bytes of files [0, 4): the budget that groups files 0–3, then 4–6 at least (file 6 the third of its group). */
async function fourFiles(paths: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const p of paths.slice(0, 4)) bytes += (await stat(p)).size;
  return bytes;
}

type Group = Extract<PartitionRef, { kind: 'whole' }> & { files: { first: number; count: number } };

/** The group that reads file f. */
function groupOf(plan: PartitionPlan, f: number): Group {
  const ref = plan.partitions.find((r) => r.kind === 'whole' && r.files && r.files.first <= f && f < r.files.first + r.files.count);
  if (!ref) throw new Error(`file ${f} is in no group: ${JSON.stringify(plan.partitions)}`);
  return ref as Group;
}

/** 3 big files among 40 small ones: small, big, small…, big, small…, big, small. */
const MIX = [...Array(10).fill(3), 400, ...Array(15).fill(2), 350, ...Array(14).fill(4), 450, 1];

/** Each file's place in the plan: the partitions that read it (a group, or its own). */
function placesOf(plan: PartitionPlan): number[][] {
  const places: number[][] = (plan.files ?? []).map(() => []);
  for (const r of plan.partitions) {
    const g = r.kind === 'whole' ? r.files : undefined;
    if (g) for (let f = g.first; f < g.first + g.count; f++) places[f]!.push(r.index);
    else places[r.file!]!.push(r.index);
  }
  return places;
}

describe('small files grouped into partitions', () => {
  it('groups consecutive small files up to the bytes, cuts the big ones, and reads the one pass\'s rows in order', async () => {
    const paths = await source(MIX);
    const bytes = 4096;
    const plan = await planPartitions(paths, {}, { bytes });
    checkPartitions(plan);
    const places = placesOf(plan);
    // Every file read by exactly one partition, or (a big one) by several of its own.
    for (const [f, sub] of plan.files!.entries()) {
      if (sub.partitions.length > 1) {
        expect(places[f]!.length, `file ${f}`).toBe(sub.partitions.length);
        for (const k of places[f]!) expect(plan.partitions[k]!.file).toBe(f);
      } else {
        expect(places[f]!.length, `file ${f}`).toBe(1);
      }
    }
    const big = plan.files!.map((s, f) => (s.partitions.length > 1 ? f : -1)).filter((f) => f >= 0);
    expect(big).toEqual([10, 26, 41]);
    const groups = plan.partitions.filter((r) => r.kind === 'whole' && r.files);
    // 40 small files in 4 runs between the big ones: a group or more for each run of several, never
    // past the bytes; the last small file, alone after a big one, keeps its own partition.
    expect(groups.length).toBeGreaterThanOrEqual(3);
    expect(plan.partitions[plan.partitions.length - 1]).toEqual({ index: plan.partitions.length - 1, kind: 'whole', file: 42 });
    expect(plan.partitions.length).toBeLessThan(paths.length);
    for (const g of groups) {
      const { first, count } = (g as { files: { first: number; count: number } }).files;
      expect(plan.files!.slice(first, first + count).reduce((a, s) => a + s.pin.size, 0)).toBeLessThanOrEqual(bytes);
    }
    // One per file before: 40 small files + the big files' ranges.
    const before = plan.files!.reduce((a, s) => a + s.partitions.length, 0);
    expect(plan.partitions.length).toBeLessThanOrEqual(before - 40 + 10);

    const one = await openSource(paths);
    const want: unknown[][] = [];
    for await (const b of one.batches()) want.push(...rowsOf([b]));
    const read = await readPartitions(plan, {});
    expect(read.joins).toBe(0);
    expect(read.rows).toEqual(want);
    expect(read.counts.reduce((a, c) => a + c.rows, 0)).toBe(MIX.reduce((a, b) => a + b, 0));
    // Rows continue across the partitions; a big file's ranges number their own lines.
    const bases = partitionBases(plan, read.counts);
    expect(bases.rowBase[places[26]![0]!]).toBe(MIX.slice(0, 26).reduce((a, b) => a + b, 0));
    expect(bases.lineBase[places[26]![0]!]).toBe(2);
    for (const g of groups) expect(bases.lineBase[g.index]).toBeNull();
  });

  it('a source under one partition is read whole (no pool); `min` still asks for partitions', async () => {
    const paths = await source(Array(30).fill(2));
    const plan = await planPartitions(paths, {}, { bytes: 1 << 20 });
    expect(plan.partitions).toEqual([{ index: 0, kind: 'whole' }]);
    expect(plan.files!.length).toBe(30);
    expect((await readPartitions(plan, {})).rows.length).toBe(60);
    const three = await planPartitions(paths, {}, { bytes: 1 << 20, min: 3 });
    expect(three.partitions.length).toBeGreaterThanOrEqual(3);
    expect((await readPartitions(three, {})).rows).toEqual((await readPartitions(plan, {})).rows);
  });

  it('a ragged row in the third file of a group names that file and its own line', async () => {
    const paths = await source(Array(8).fill(5), (k, data) => {
      if (k === 6) data[3] = `${data[3]!.replace(/"[^"]*"$/, '无')},多出的一列`;
    });
    const plan = await planPartitions(paths, {}, { bytes: await fourFiles(paths) });
    const ref = groupOf(plan, 6);
    expect(ref.files.first).toBe(4);
    const bad = await openPartition(plan, ref, {});
    const err = await (async () => { for await (const _ of bad.batches()); })().then(() => null, (e: unknown) => e as TuominError);
    expect(err).toBeInstanceOf(TuominError);
    expect(err!.text?.id).toBe('csv.ragged');
    expect(err!.location.file).toBe(paths[6]);
    // The file's own line (quoted newlines before it count), not the group's.
    const text = await readFile(paths[6]!, 'utf8');
    expect(err!.location.line).toBe(text.split(/\r?\n/).findIndex((l) => l.endsWith(',多出的一列')) + 1);
    expect(partitionBases(plan, []).lineBase[ref.index]).toBeNull();
  });

  it('a rule\'s bad value in the third file of a group: the row, read through a pipeline, names that file (inPartitionFile)', async () => {
    const paths = await source(Array(8).fill(5), (k, data) => {
      if (k === 6) data[2] = data[2]!.replace(/^(D6-2,[^,]+,)[^,]+,/, '$1约八十,');
    });
    const plan = await planPartitions(paths, {}, { bytes: await fourFiles(paths) });
    const ref = groupOf(plan, 6);
    expect(ref.files.first).toBe(4);
    const rowsBefore = 5 * ref.files.first;
    // As a job runs it: rows numbered from the partition's start (offset unknown), or from the source's.
    for (const rowOffset of [undefined, rowsBefore]) {
      const opened = await openPartition(plan, ref, {});
      const p = createPipeline({ schema: opened.schema, replayable: false, batches: () => opened.batches() }, [cast({ columns: ['金额'], to: 'float64', onInvalid: 'error' })], rowOffset !== undefined ? { rowOffset } : {});
      const err = await (async () => { for await (const _ of p); })().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(TuominError);
      const named = inPartitionFile(err, opened, rowOffset ?? 0) as TuominError;
      expect(named.location.file).toBe(paths[6]);
      // The third data row of file 6: 2 files of 5 rows before it in the group.
      expect(named.location.row).toBe((rowOffset ?? 0) + 5 * (6 - ref.files.first) + 3);
      expect(named.message).not.toContain('约八十');
    }
  });

  it('joins within a big file keep the groups; forged groups are refused', async () => {
    const paths = await source(MIX);
    const plan = await planPartitions(paths, {}, { bytes: 4096 });
    const inBig = plan.partitions.findIndex((r) => r.file === 26);
    const joined = joinPartitions(plan, inBig);
    checkPartitions(joined);
    expect(joined.partitions.length).toBe(plan.partitions.length - 1);
    expect(joined.partitions.filter((r) => r.kind === 'whole' && r.files)).toEqual(plan.partitions.filter((r) => r.kind === 'whole' && r.files).map((r) => (r.index > inBig ? { ...r, index: r.index - 1 } : r)));
    expect((await readPartitions(joined, {})).rows).toEqual((await readPartitions(plan, {})).rows);
    // A group is never joined to the next partition: a file's end is a record boundary.
    const g = plan.partitions.findIndex((r) => r.kind === 'whole' && r.files);
    expect(() => joinPartitions(plan, g)).toThrow(/ends at the end of its file/);

    const forge = (k: number, ref: PartitionRef): PartitionPlan => ({ ...plan, partitions: plan.partitions.map((r, i) => (i === k ? ref : r)) });
    const group = plan.partitions[g] as Group;
    // A group reaching into a big file; a group of one; a group skipping a file.
    const big = forge(g, { ...group, files: { first: group.files.first, count: 11 } });
    expect(() => checkPartitions(big)).toThrow(/not contiguous/);
    expect(() => checkPartitions(forge(g, { ...group, files: { first: group.files.first, count: 1 } }))).toThrow(/not contiguous/);
    expect(() => checkPartitions(forge(g, { ...group, files: { first: group.files.first + 1, count: group.files.count - 1 } }))).toThrow(/not contiguous/);
    await expect(openPartition(big, big.partitions[g]!, {})).rejects.toThrow(/not contiguous/);
  });
  it('Parquet and NDJSON files are grouped too: the one pass\'s rows, and a column nullable in any file nullable in every group', async () => {
    const d = await mkdtemp(join(dir, 'typed-'));
    const pq: string[] = [];
    const nd: string[] = [];
    for (let k = 0; k < 9; k++) {
      // The id is declared non-nullable in every file but the fifth, which holds a null.
      const fields = [new Field('id', new Utf8(), k === 4), new Field('n', new Int32(), true)];
      const schema = new Schema(fields);
      const ids = [`P${k}-0`, k === 4 ? null : `P${k}-1`];
      const cols = [vectorFromArray(ids, new Utf8()), vectorFromArray([k * 10, k * 10 + 1], new Int32())];
      const data = makeData({ type: new Struct(fields), length: 2, children: cols.map((c) => c.data[0]!) });
      const p = join(d, `m${k}.parquet`);
      await writeOutput(p, schema, (async function* () { yield new RecordBatch(schema, data); })());
      pq.push(p);
      const j = join(d, `m${k}.ndjson`);
      await writeFile(j, `${ids.map((id, i) => JSON.stringify({ id, n: k * 10 + i, note: `第${i}行\n续` })).join('\n')}\n`);
      nd.push(j);
    }
    for (const paths of [pq, nd]) {
      const sizes = await Promise.all(paths.map(async (p) => (await stat(p)).size));
      const plan = await planPartitions(paths, {}, { bytes: sizes[0]! * 3 + 1 });
      expect(plan.partitions.length, JSON.stringify(plan.partitions)).toBeLessThan(paths.length);
      expect(plan.partitions.filter((r) => r.kind === 'whole' && r.files).length).toBeGreaterThanOrEqual(2);
      const one = await openSource(paths);
      const want: unknown[][] = [];
      for await (const b of one.batches()) want.push(...rowsOf([b]));
      const read = await readPartitions(plan, {});
      expect(read.rows).toEqual(want);
      for (const r of plan.partitions) {
        const p = await openPartition(plan, r, {});
        expect(p.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(one.schema.fields.map((f) => [f.name, String(f.type), f.nullable]));
      }
    }
  });
});
