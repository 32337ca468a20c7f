import { describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Int32, RecordBatch, Schema, Field, Utf8, makeData, Struct, vectorFromArray } from 'apache-arrow';
import { columnData } from '@tuomin/core/internal';
import { ownIpcStreamBatches } from '@tuomin/io/internal';
import { Placement, cutRows, placedGroups, type PlaceAnswer } from '../packages/publish/src/run/parallel/placement.js';
import { readEncodedGroups, writeEncodedGroups } from '../packages/publish/src/run/parallel/encoded-groups.js';
import { TuominError } from '@tuomin/core';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PartitionRef } from '@tuomin/io/internal';
import type { ContextMessage } from '../packages/publish/src/run/parallel/job.js';

// The placement protocol of a partitioned run (run/parallel/placement.ts): which rows each job
// encodes as Parquet row groups, which it hands on, and where its text goes, for any partitioning.

const schema = new Schema([new Field('n', new Int32(), false), new Field('s', new Utf8(), true)]);

function batch(from: number, rows: number): RecordBatch {
  const n = vectorFromArray(Array.from({ length: rows }, (_, i) => from + i), new Int32());
  const s = vectorFromArray(Array.from({ length: rows }, (_, i) => ((from + i) % 7 === 0 ? null : `行${from + i}`)), new Utf8());
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows, children: [n.data[0]!, s.data[0]!] }));
}

/** The `n` values of batches, read from the data buffers (not Vector.get). */
function values(batches: RecordBatch[]): number[] {
  const out: number[] = [];
  for (const b of batches) {
    // A batch's column as its own Data (a sliced batch keeps its children unsliced); typed values are sliced with it.
    const v = columnData(b, 0).values as Int32Array;
    for (let i = 0; i < b.numRows; i++) out.push(v[i]!);
  }
  return out;
}

/** Split [0, total) into partitions of the sizes given, in batches of `batchRows`. */
function partitions(sizes: number[], batchRows: number): RecordBatch[][] {
  let at = 0;
  return sizes.map((size) => {
    const out: RecordBatch[] = [];
    for (let i = 0; i < size; i += batchRows) out.push(batch(at + i, Math.min(batchRows, size - i)));
    at += size;
    return out;
  });
}

/** Run the jobs' side of the protocol in order, as the coordinator would answer them. */
function simulate(sizes: number[], rowGroupSize: number, batchRows: number): { groups: number[][]; tailsCarried: number } {
  const parts = partitions(sizes, batchRows);
  const groups: number[][] = [];
  let pending: ArrayBuffer[] = [];
  let pendingRows = 0;
  let released = 0;
  let tailsCarried = 0;
  parts.forEach((own, i) => {
    const rows = sizes[i]!;
    const answer: PlaceAnswer = { releasedOffset: released, textOffsets: {}, pending, pendingRows };
    const cut = placedGroups(schema, answer, own, rows, rowGroupSize, i === parts.length - 1);
    for (const g of cut.groups) groups.push(values(g));
    pending = cut.tail;
    pendingRows = cut.tailRows;
    tailsCarried += cut.tail.length;
    released += rows;
  });
  expect(pendingRows).toBe(0);
  return { groups, tailsCarried };
}

describe('placedGroups', () => {
  const cases: Array<[string, number[]]> = [
    ['partitions smaller than a group', [3, 4, 0, 5, 2, 1, 9]],
    ['partitions larger than several groups', [37, 41]],
    ['a partition ending on a boundary', [10, 10, 20, 7]],
    ['empty partitions first and last', [0, 0, 13, 0]],
    ['one partition', [23]],
    ['every partition empty', [0, 0, 0]],
  ];
  for (const [name, sizes] of cases) {
    it(`${name}: the groups are the one pass's, rows in order`, () => {
      const total = sizes.reduce((a, b) => a + b, 0);
      for (const batchRows of [1, 3, 64]) {
        const { groups } = simulate(sizes, 10, batchRows);
        // The one pass: every 10 rows, the last group shorter.
        const expected = cutRows(partitions([total], 64)[0]!, 10).map(values);
        expect(groups).toEqual(expected);
      }
    });
  }

  it('a tail crosses to the next partition as an IPC stream of its rows, nulls and Chinese text kept', () => {
    const own = partitions([17], 4)[0]!;
    const cut = placedGroups(schema, { releasedOffset: 0, textOffsets: {}, pending: [], pendingRows: 0 }, own, 17, 10, false);
    expect(cut.groups.map(values)).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(cut.tailRows).toBe(7);
    const tail = cut.tail.flatMap((b) => ownIpcStreamBatches(b));
    expect(values(tail)).toEqual([10, 11, 12, 13, 14, 15, 16]);
    const s = tail.flatMap((b) => [...b.getChildAt(1)!]);
    expect(s).toEqual(['行10', '行11', '行12', '行13', null, '行15', '行16']);
  });

  it('refuses pending rows that do not start a group (a coordinator out of step)', () => {
    expect(() => placedGroups(schema, { releasedOffset: 15, textOffsets: {}, pending: [], pendingRows: 3 }, [], 0, 10, false)).toThrow(/do not start a row group/);
  });
});

/** A job's end of a port: the answers it gets, in order. */
function listen(port: MessagePort): ContextMessage[] {
  const got: ContextMessage[] = [];
  port.on('message', (m: ContextMessage) => got.push(m));
  return got;
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('Placement (the coordinator\'s side)', () => {
  it('answers in partition order whatever order the jobs ask in, with text offsets after the preamble', async () => {
    const p = new Placement(3, { csv: 12 }, null);
    const channels = [0, 1, 2].map(() => new MessageChannel());
    const got = channels.map((c) => listen(c.port2));
    p.request(2, { released: 5, textBytes: { csv: 50 } }, channels[2]!.port1);
    p.request(1, { released: 4, textBytes: { csv: 40 } }, channels[1]!.port1);
    await tick();
    expect(got.flat()).toEqual([]); // nobody answered before partition 0
    p.request(0, { released: 3, textBytes: { csv: 30 } }, channels[0]!.port1);
    await tick();
    const placed = got.map((g) => (g[0] as { placed: PlaceAnswer }).placed);
    expect(placed.map((a) => a.releasedOffset)).toEqual([0, 3, 7]);
    expect(placed.map((a) => a.textOffsets.csv)).toEqual([12, 42, 82]);
    expect(p.textEnds()).toEqual({ csv: 132 });
    for (const c of channels) c.port1.close();
  });

  it('with Parquet, waits for the earlier partition\'s tail and hands it on by transfer', async () => {
    const p = new Placement(2, {}, { options: {}, rowGroupSize: 10 });
    const channels = [0, 1].map(() => new MessageChannel());
    const got = channels.map((c) => listen(c.port2));
    p.request(0, { released: 13, textBytes: {} }, channels[0]!.port1);
    p.request(1, { released: 4, textBytes: {} }, channels[1]!.port1);
    await tick();
    expect(got[1]).toEqual([]); // partition 1 waits for partition 0's tail
    const tail = placedGroups(schema, (got[0]![0] as { placed: PlaceAnswer }).placed, partitions([13], 5)[0]!, 13, 10, false);
    const bytes = tail.tail[0]!.byteLength;
    p.tail(0, tail.tail, tail.tailRows, channels[0]!.port1);
    expect(tail.tail[0]!.byteLength).toBe(0); // transferred, not copied
    await tick();
    // The job that sent it is told it was taken (it must not end before: a lost tail hangs the next job).
    expect(got[0]![1]).toEqual({ tailTaken: true });
    const answer = (got[1]![0] as { placed: PlaceAnswer }).placed;
    expect(answer.pendingRows).toBe(3);
    expect(answer.pending[0]!.byteLength).toBe(bytes);
    expect(values(answer.pending.flatMap((b) => ownIpcStreamBatches(b)))).toEqual([10, 11, 12]);
    for (const c of channels) c.port1.close();
  });
});

describe('the row groups a job encoded, read back for the stitch', () => {
  const ref = { index: 3, kind: 'csv-bytes', start: 100, end: 200 } as unknown as PartitionRef;
  async function encoded(): Promise<{ dir: string; result: Awaited<ReturnType<typeof writeEncodedGroups>> }> {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-groups-'));
    const result = await writeEncodedGroups(join(dir, 'groups.bin'), cutRows(partitions([25], 7)[0]!, 10), {});
    return { dir, result };
  }
  async function failure(result: Awaited<ReturnType<typeof writeEncodedGroups>>): Promise<TuominError> {
    const err = await (async () => {
      for await (const g of readEncodedGroups(ref, result)) void g;
    })().then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    return err as TuominError;
  }

  it('gives each group\'s bytes and rows as written', async () => {
    const { dir, result } = await encoded();
    const got: number[] = [];
    for await (const g of readEncodedGroups(ref, result)) {
      expect(new TextDecoder().decode(g.bytes.subarray(0, 4))).toBe('PAR1');
      got.push(g.rows);
    }
    expect(got).toEqual([10, 10, 5]);
    await rm(dir, { recursive: true });
  });

  it('a file cut short, a changed byte or a file gone: the partition and the file named, never stitched', async () => {
    const { dir, result } = await encoded();
    const path = result.path;
    const whole = await readFile(path);
    await truncate(path, whole.length - 5);
    let err = await failure(result);
    expect(err.detail).toMatch(/^partition 3 \(bytes 100–200\): the Parquet row groups it encoded are damaged: \d+ bytes, \d+ expected/);
    expect(err.location.file).toBe(path);
    const changed = Buffer.from(whole);
    changed[result.groups[1]!.offset + 20]! ^= 0xff;
    await writeFile(path, changed);
    err = await failure(result);
    expect(err.detail).toMatch(/group 2 of 3 does not have the bytes its job encoded/);
    await rm(dir, { recursive: true });
    err = await failure(result);
    expect(err.detail).toMatch(/the Parquet row groups it encoded are damaged: .*ENOENT/);
  });
});
