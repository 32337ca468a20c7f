/**
 * The published-risk spill's identities (packages/publish/src/review/class-ids.ts, id-records.ts):
 * the batched CBC-MAC equals CBC-MAC computed string by string, the records sum exactly by
 * identity in any bucketing, worker threads get the process's key, and a spill under another key
 * is refused instead of counted apart.
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { ID_KEY_SLOT, ID_WORDS, classIds, processIdKey, valueIds, type IdKey } from '../packages/publish/src/review/class-ids.js';
import { bucketOf, rebucketIdRecords, sumIdRecords, writeIdRecords } from '../packages/publish/src/review/id-records.js';
import { KnownClasses } from '../packages/publish/src/review/known-classes.js';

const utf8 = new TextEncoder();

/** CBC-MAC of one message, the textbook way: AES-256-CBC with a zero IV, the last block. */
function cbcMac(key: Buffer, message: Buffer): Buffer {
  const c = createCipheriv('aes-256-cbc', key, Buffer.alloc(16));
  c.setAutoPadding(false);
  const out = Buffer.concat([c.update(message), c.final()]);
  return out.subarray(out.length - 16);
}

/** The length-prefixed, zero-padded message of a value (null: length 0xFFFFFFFF). */
function message(value: Uint8Array | null): Buffer {
  const len = value === null ? 0 : value.length;
  const blocks = len <= 12 ? 1 : 1 + Math.ceil((len - 12) / 16);
  const m = Buffer.alloc(blocks * 16);
  m.writeUInt32LE(value === null ? 0xffffffff : len, 0);
  if (value) m.set(value, 4);
  return m;
}

/** A value dictionary's store as ValueDict.parts gives it (code 0 null). */
function store(values: readonly Uint8Array[]): { bytes: Uint8Array; starts: Int32Array; size: number } {
  const starts = new Int32Array(values.length + 2);
  let at = 0;
  values.forEach((v, i) => { at += v.length; starts[i + 2] = at; });
  const bytes = new Uint8Array(at);
  values.forEach((v, i) => bytes.set(v, starts[i + 1]!));
  return { bytes, starts, size: values.length + 1 };
}

const idOf = (ids: Int32Array, c: number): Buffer => Buffer.from(ids.buffer, ids.byteOffset + c * 16, 16);

describe('identities of the published-risk spill', () => {
  const key: IdKey = { bytes: randomBytes(64) };
  // Lengths around every block edge (12, 28, 44 ...), multi-byte text, and the empty string.
  const values = [
    ...Array.from({ length: 80 }, (_, n) => utf8.encode('x'.repeat(n))),
    utf8.encode('王秀英'), utf8.encode('山东省滨州市滨城区黄河五路****'), utf8.encode('370104********4044'), utf8.encode('177****3920'),
    randomBytes(1000),
  ];
  const s = store(values);
  const ids = valueIds(key, s.bytes, s.starts, s.size);

  it('a value\'s identity is CBC-MAC of its length-prefixed bytes, null apart from the empty string', () => {
    expect(idOf(ids, 0).equals(cbcMac(key.bytes.subarray(0, 32), message(null)))).toBe(true);
    values.forEach((v, i) => expect(idOf(ids, i + 1).equals(cbcMac(key.bytes.subarray(0, 32), message(v))), `value ${i}`).toBe(true));
    const distinct = new Set(Array.from({ length: s.size }, (_, c) => idOf(ids, c).toString('hex')));
    expect(distinct.size).toBe(s.size);
  });

  it('a class\'s identity is CBC-MAC under the second key over its values\' identities', () => {
    const w = 3;
    const codes = new Int32Array([0, 1, 2, 5, 5, 5, 81, 0, 84, 2, 1, 0]);
    const cls = classIds(key, codes, 4, [ids, ids, ids]);
    for (let c = 0; c < 4; c++) {
      const m = Buffer.concat(Array.from({ length: w }, (_, j) => idOf(ids, codes[c * w + j]!)));
      expect(idOf(cls, c).equals(cbcMac(key.bytes.subarray(32, 64), m)), `class ${c}`).toBe(true);
    }
  });

  it('records sum exactly by identity, whatever the buckets', () => {
    const n = 5000;
    const pool = valueIds(key, store(Array.from({ length: 700 }, (_, i) => utf8.encode(`v${i}`))).bytes, store(Array.from({ length: 700 }, (_, i) => utf8.encode(`v${i}`))).starts, 701);
    // n records drawing identities from 701 with repeats, counts 0 (left out) to 9.
    const recIds = new Int32Array(n * ID_WORDS);
    const counts = new Float64Array(n);
    const expected = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const c = (i * 7919) % 701;
      recIds.set(pool.subarray(c * ID_WORDS, c * ID_WORDS + ID_WORDS), i * ID_WORDS);
      counts[i] = i % 10;
      if (counts[i]! > 0) expected.set(idOf(pool, c).toString('hex'), (expected.get(idOf(pool, c).toString('hex')) ?? 0) + counts[i]!);
    }
    for (const buckets of [1, 3, 64]) {
      const parts = writeIdRecords(recIds, counts, n, buckets);
      const got = new Map<string, number>();
      parts.forEach((bytes, b) => {
        // Each bucket's records are its own, and a bucket holds all of an identity's records.
        const again = rebucketIdRecords(bytes.slice(), buckets);
        again.forEach((x, b2) => expect(x.length === 0 || b2 === b).toBe(true));
        const summed = sumIdRecords(bytes.slice());
        for (let u = 0; u < summed.size; u++) {
          expect(bucketOf(summed.ids[u * ID_WORDS]!, buckets)).toBe(b);
          const h = idOf(summed.ids, u).toString('hex');
          expect(got.has(h)).toBe(false);
          got.set(h, summed.counts[u]!);
        }
      });
      expect(got).toEqual(expected);
    }
  });

  it('a record of another width is refused', () => {
    expect(() => sumIdRecords(new Uint8Array(25))).toThrow(/another width/);
  });

  it('a worker thread started after the key was drawn gets the same key', async () => {
    const worker = new Worker(`const { parentPort, getEnvironmentData } = require('node:worker_threads'); parentPort.postMessage(getEnvironmentData(${JSON.stringify(ID_KEY_SLOT)}));`, { eval: true });
    const got = await new Promise<Uint8Array>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
    await worker.terminate();
    expect(Buffer.from(got).equals(processIdKey().bytes)).toBe(true);
  });
});

describe('spills merged', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });
  const batch = (from: number, n: number) => new Table({
    a: vectorFromArray(Array.from({ length: n }, (_, i) => `a${from + i}`), new Utf8()),
    b: vectorFromArray(Array.from({ length: n }, (_, i) => `b${(from + i) % 7}`), new Utf8()),
  }).batches[0]!;

  it('with other buckets are partitioned again: the same figures as in memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-risk-ids-test-'));
    dirs.push(dir);
    const whole = KnownClasses.start(['a', 'b'], { maxInMemory: Number.POSITIVE_INFINITY });
    // Rows 30..59 in both halves: classes and values that span the two spills.
    const one = KnownClasses.start(['a', 'b'], { maxInMemory: 5, buckets: 4, dir });
    const two = KnownClasses.start(['a', 'b'], { maxInMemory: 7, buckets: 3, dir });
    for (const [c, from, n] of [[one, 0, 60], [two, 30, 90]] as const) {
      c.add(batch(from, n));
      whole.add(batch(from, n));
    }
    const expected = whole.figures(2);
    expect(expected.risk.classes).toBe(120);
    one.merge(KnownClasses.decode(two.encode(), { dir }));
    expect(one.figures(2)).toEqual(expected);
    expect(await readdir(dir)).toEqual([]);
  });

  it('under different identity keys are refused, and nothing is left behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-risk-ids-test-'));
    dirs.push(dir);
    const spill = { maxInMemory: 5, buckets: 4, dir };
    const one = KnownClasses.start(['a', 'b'], spill);
    one.add(batch(0, 40));
    const two = KnownClasses.start(['a', 'b'], spill);
    two.add(batch(40, 40));
    const state = two.encode();
    // The identity key is the state's last buffer: another key, as a thread that drew its own would have.
    new Uint8Array(state.buffers[state.buffers.length - 1]!).fill(7);
    const other = KnownClasses.decode(state, spill);
    expect(() => one.merge(other)).toThrow(/different identity keys/);
    // The refused spill is gone at once; the collector's own goes with it as the run fails.
    expect((await readdir(dir)).length).toBe(1);
    one.dispose();
    expect(await readdir(dir)).toEqual([]);
  });
});
