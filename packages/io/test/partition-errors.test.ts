import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Int32, Utf8, makeTable, vectorFromArray } from 'apache-arrow';
import type { RecordBatch, Table } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { writeOutput } from '../src/formats.js';
import { PartitionEndError, joinPartitions, openPartition, partitionToJoin, planPartitions, type PartitionPlan } from '../src/partition/index.js';
import { readPartitions, sequential } from './partition-support.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-partition-err-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function drain(plan: PartitionPlan, i: number): Promise<number> {
  const p = await openPartition(plan, plan.partitions[i]!, {});
  let rows = 0;
  for await (const b of p.batches()) rows += b.numRows;
  return rows;
}

async function failure(f: () => Promise<unknown>): Promise<unknown> {
  try {
    await f();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

const csvRows = (n: number): string => Array.from({ length: n }, (_, i) => `${i},"第${i}行${i % 3 === 0 ? '\n续行' : ''}",张三`).join('\n');

describe('a deliberately inconsistent split is an error the coordinator can recognise and repair', () => {
  it('a CSV partition that ends inside a quoted field fails with a PartitionEndError; joined with the next, it reads the sequential rows', async () => {
    const text = `id,note,name\n${csvRows(40)}\n`;
    const path = join(dir, 'inside.csv');
    await writeFile(path, text);
    const plan = await planPartitions(path, {}, { bytes: 1 << 30, min: 3 });
    expect(plan.partitions.length).toBe(3);
    // Move the first cut to just after the line end inside the quoted field of row 3.
    const inside = Buffer.byteLength(text.slice(0, text.indexOf('续行', text.indexOf('3,"第3行'))));
    const bad: PartitionPlan = JSON.parse(JSON.stringify(plan));
    const [p0, p1] = bad.partitions as Array<{ kind: 'csv-bytes'; start: number; end: number; index: number }>;
    p0!.end = inside;
    p1!.start = inside;
    const err = await failure(() => drain(bad, 0));
    expect(err).toBeInstanceOf(PartitionEndError);
    expect(err).toBeInstanceOf(TuominError);
    expect((err as Error).message).toMatch(/partition 0 \(bytes \d+–\d+\) does not end on a record boundary/);
    // Recognised as it is, as plain data (a worker's serialized error) and after structured cloning.
    expect(partitionToJoin(err)).toBe(0);
    expect(partitionToJoin({ code: 'BAD_INPUT', detail: (err as TuominError).detail, location: (err as TuominError).location })).toBe(0);
    expect(partitionToJoin(structuredClone(err))).toBe(0);
    expect(partitionToJoin(new TuominError('BAD_INPUT', 'ragged row'))).toBeNull();
    const joined = joinPartitions(bad, 0);
    expect(joined.partitions.map((p) => p.index)).toEqual([0, 1]);
    const got = await readPartitions(joined, {});
    expect(got.rows).toEqual((await sequential(path, {})).rows);
    expect(got.joins).toBe(0);
    // The last partition has nothing to join with: its error is the file's.
    expect(() => joinPartitions(joined, 1)).toThrow(/no next partition/);
  });

  it('a CSV partition that ends between CR and LF is a boundary error', async () => {
    const text = `id,v\r\n${Array.from({ length: 30 }, (_, i) => `${i},x`).join('\r\n')}\r\n`;
    const path = join(dir, 'crlf.csv');
    await writeFile(path, text);
    const plan: PartitionPlan = JSON.parse(JSON.stringify(await planPartitions(path, {}, { bytes: 1 << 30, min: 2 })));
    const [p0, p1] = plan.partitions as Array<{ start: number; end: number }>;
    const cr = text.indexOf('\r\n', p0!.end) + 1;
    p0!.end = cr;
    p1!.start = cr;
    expect(partitionToJoin(await failure(() => drain(plan, 0)))).toBe(0);
  });

  it('a quote inside an unquoted field breaks quote parity: the guessed split is caught and repaired, never trusted', async () => {
    // The stray quote of 5" flips the parity of every later cut, so the guesses fall inside quoted fields.
    const text = `id,note\n1,5" screen\n${Array.from({ length: 300 }, (_, i) => `${i + 2},"a\nb"`).join('\n')}\n`;
    const path = join(dir, 'parity.csv');
    await writeFile(path, text);
    const expected = await sequential(path, {});
    let joins = 0;
    for (let n = 2; n <= 8; n++) {
      const plan = await planPartitions(path, {}, { bytes: 1 << 30, min: n });
      const got = await readPartitions(plan, {});
      expect(got.rows).toEqual(expected.rows);
      joins += got.joins;
    }
    expect(joins).toBeGreaterThan(0);
  });

  it('a plan with a gap, an overlap or a foreign partition is refused before anything is read', async () => {
    const path = join(dir, 'gap.csv');
    await writeFile(path, `id,note,name\n${csvRows(60)}\n`);
    const plan = await planPartitions(path, {}, { bytes: 1 << 30, min: 3 });
    const shift = (delta: number): PartitionPlan => {
      const p: PartitionPlan = JSON.parse(JSON.stringify(plan));
      (p.partitions[1] as { start: number }).start += delta;
      return p;
    };
    await expect(drain(shift(5), 1)).rejects.toThrow(/not contiguous: partition 1 starts at \d+, but the one before it ends at \d+/);
    await expect(drain(shift(-5), 1)).rejects.toThrow(/not contiguous/);
    const foreign = { ...plan.partitions[1]!, index: 2 };
    await expect(openPartition(plan, foreign, {})).rejects.toThrow(/partition 2 is not the plan's partition 2/);
    const short: PartitionPlan = { ...plan, partitions: plan.partitions.slice(0, 2) };
    await expect(drain(short, 0)).rejects.toThrow(/the last partition ends at \d+, the source at \d+/);
  });
});

describe('a changed file is an error', () => {
  async function planned(name: string): Promise<{ path: string; plan: PartitionPlan }> {
    const path = join(dir, name);
    await writeFile(path, `id,note,name\n${csvRows(200)}\n`);
    return { path, plan: await planPartitions(path, { batchSize: 10 }, { bytes: 1 << 30, min: 2 }) };
  }

  it('appended to, modified or replaced after planning', async () => {
    const a = await planned('appended.csv');
    await appendFile(a.path, '999,late,row\n');
    await expect(drain(a.plan, 0)).rejects.toThrow(/changed size .* after its partitions were planned/);
    const m = await planned('modified.csv');
    await utimes(m.path, new Date(), new Date(Date.now() + 5000));
    await expect(drain(m.plan, 1)).rejects.toThrow(/was modified after its partitions were planned/);
    const r = await planned('replaced.csv');
    await writeFile(`${r.path}.new`, `id,note,name\n${csvRows(200)}\n`);
    await rename(`${r.path}.new`, r.path);
    await expect(drain(r.plan, 0)).rejects.toThrow(/was replaced by another file/);
  });

  it('changed while a partition is read', async () => {
    const { path, plan } = await planned('during.csv');
    const p = await openPartition(plan, plan.partitions[0]!, { batchSize: 10 });
    const it = p.batches()[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    await appendFile(path, '999,late,row\n');
    await expect((async () => { for (let r = await it.next(); !r.done; r = await it.next()); })()).rejects.toThrow(/changed size .* while it was read/);
  });
});

describe('what partitions cannot read exactly is one whole partition, with the reason', () => {
  const big = { bytes: 1 << 30, min: 4 };

  it('a small file is one partition, without a reason', async () => {
    const path = join(dir, 'small.csv');
    await writeFile(path, `id,note,name\n${csvRows(50)}\n`);
    const plan = await planPartitions(path, {}, { bytes: 1 << 20 });
    expect(plan.partitions).toEqual([{ index: 0, kind: 'whole' }]);
    expect(plan.single).toBeUndefined();
    expect((await readPartitions(plan, {})).rows).toEqual((await sequential(path, {})).rows);
  });

  it('empty, header-only and blank-line files give the sequential result (the empty ones as one partition)', async () => {
    for (const [name, text] of [['empty.csv', ''], ['header.csv', 'id,名字\r\n'], ['blank.csv', 'id,v\n\n\n\n'], ['empty.ndjson', ''], ['blank.ndjson', '\n \n\n']] as const) {
      const path = join(dir, name);
      await writeFile(path, text);
      const plan = await planPartitions(path, {}, big);
      // Blank lines may be cut into partitions of their own (of no rows); nothing else can be cut.
      if (!name.startsWith('blank')) expect(plan.partitions, name).toEqual([{ index: 0, kind: 'whole' }]);
      const expected = await sequential(path, {});
      const got = await readPartitions(plan, {});
      expect(got.schema, name).toEqual(expected.schema);
      expect(got.rows, name).toEqual(expected.rows);
    }
  });

  it('CSV read options the byte ranges cannot honour, and GB18030 files', async () => {
    const path = join(dir, 'opts.csv');
    await writeFile(path, `id,note,name\n${csvRows(50)}\n`);
    const skip = await planPartitions(path, { csv: { onBadRow: 'skip', rejectPath: null } }, big);
    expect(skip.partitions).toEqual([{ index: 0, kind: 'whole' }]);
    expect(skip.single).toMatch(/onBadRow is "skip"/);
    expect((await planPartitions(path, { csv: { encoding: 'gbk' } }, big)).single).toMatch(/encoding is GBK: only UTF-8 is split/);
    expect((await planPartitions(path, { csv: { encoding: 'gb18030' } }, big)).single).toMatch(/GB18030/);
    // 姓名 and 张三 in GBK: the first 64 KiB are not UTF-8, so the reader decodes GB18030.
    const gbk = join(dir, 'gbk.csv');
    const line = Buffer.from([0x31, 0x2c, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a]);
    await writeFile(gbk, Buffer.concat([Buffer.from([0x69, 0x64, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0a]), ...Array.from({ length: 200 }, () => line)]));
    const plan = await planPartitions(gbk, {}, big);
    expect(plan.single).toMatch(/read as GB18030 .* only UTF-8 is split/);
    const got = await readPartitions(plan, {});
    expect(got.rows).toEqual((await sequential(gbk, {})).rows);
    expect(got.rows[0]).toEqual(['1', '张三']);
  });

  it('an Arrow IPC stream, and a Parquet file or Arrow IPC file of one row group or batch', async () => {
    const t = (makeTable as unknown as (columns: object) => Table)({
      id: vectorFromArray([1, 2, 3], new Int32()),
      name: vectorFromArray(['张三', null, '李四'], new Utf8()),
    } as never);
    async function* one(): AsyncIterable<RecordBatch> { yield* t.batches; }
    const stream = join(dir, 'a.arrows');
    await writeOutput(stream, t.schema, one());
    const s = await planPartitions(stream, {}, big);
    expect(s.single).toMatch(/an Arrow IPC stream has no index of its record batches/);
    expect((await readPartitions(s, {})).rows).toEqual((await sequential(stream, {})).rows);
    const file = join(dir, 'one.arrow');
    await writeOutput(file, t.schema, one());
    expect((await planPartitions(file, {}, big)).single).toMatch(/one record batch/);
    const pq = join(dir, 'one.parquet');
    await writeOutput(pq, t.schema, one());
    const p = await planPartitions(pq, {}, big);
    expect(p.single).toMatch(/one row group/);
    expect((await readPartitions(p, {})).rows).toEqual((await sequential(pq, {})).rows);
  });
});
