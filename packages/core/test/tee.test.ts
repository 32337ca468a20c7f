import { describe, expect, it } from 'vitest';
import { Field, Int32, Schema, vectorFromArray } from 'apache-arrow';
import { batchFromColumns, countRows, detachAll, tee } from '../src/internal.js';

async function* count(n: number, onPull?: (i: number) => void) {
  for (let i = 0; i < n; i++) {
    onPull?.(i);
    await new Promise((r) => setImmediate(r));
    yield i;
  }
}

async function collect<T>(it: AsyncIterable<T>, delay = 0): Promise<T[]> {
  const out: T[] = [];
  for await (const v of it) {
    out.push(v);
    if (delay) await new Promise((r) => setTimeout(r, delay));
  }
  return out;
}

describe('tee', () => {
  it('every branch sees every item in order', async () => {
    const [a, b, c] = tee(count(50), 3);
    const [ra, rb, rc] = await Promise.all([collect(a!), collect(b!, 1), collect(c!)]);
    const want = Array.from({ length: 50 }, (_, i) => i);
    expect(ra).toEqual(want);
    expect(rb).toEqual(want);
    expect(rc).toEqual(want);
  });
  it('bounds buffering by the slowest branch', async () => {
    let pulled = 0;
    const [fast, slow] = tee(count(100, (i) => { pulled = i + 1; }), 2, 3);
    const seen: number[] = [];
    const fastDone = (async () => { for await (const v of fast!) seen.push(pulled - v); })();
    const slowDone = collect(slow!, 2);
    await Promise.all([fastDone, slowDone]);
    // The source never ran more than the buffer (plus the item in flight) ahead of the slow branch.
    expect(Math.max(...seen)).toBeLessThanOrEqual(5);
  });
  it('propagates a source error to every branch', async () => {
    async function* bad() { yield 1; throw new Error('boom'); }
    const [a, b] = tee(bad(), 2);
    await expect(collect(a!)).rejects.toThrow('boom');
    await expect(collect(b!)).rejects.toThrow('boom');
  });
  it('a branch that stops early does not block the others', async () => {
    const [a, b] = tee(count(30), 2, 2);
    const first = (async () => { for await (const v of a!) if (v === 3) break; })();
    const all = collect(b!);
    await first;
    expect(await all).toHaveLength(30);
  });
  it('empty source', async () => {
    const [a, b] = tee(count(0), 2);
    expect(await collect(a!)).toEqual([]);
    expect(await collect(b!)).toEqual([]);
  });
});

describe('tee: a consumer that fails before reading', () => {
  it('detachAll lets the other branches end and closes the source', async () => {
    let pulled = 0;
    let returned = false;
    const src: AsyncIterable<number> = {
      [Symbol.asyncIterator]() {
        let i = 0;
        return {
          async next() { if (i >= 50) return { value: undefined as never, done: true }; pulled++; return { value: i++, done: false }; },
          async return() { returned = true; return { value: undefined as never, done: true }; },
        };
      },
    };
    const [a, b] = tee(src, 2, 3);
    const failing = (async () => { void a; throw new Error('cannot open the file'); })();
    const reading = (async () => { const got: number[] = []; for await (const x of b!) got.push(x); return got; })();
    await expect(failing.catch(async (e: unknown) => { await detachAll([a!, b!]); throw e; })).rejects.toThrow('cannot open');
    const got = await reading;
    expect(got.length).toBeLessThan(50);
    expect(returned).toBe(true);
    expect(pulled).toBeLessThan(50);
  });

  it('refuses no branches or an empty buffer (they would hang)', () => {
    expect(() => tee((async function* () {})(), 1, 0)).toThrow(RangeError);
    expect(() => tee((async function* () {})(), 0)).toThrow(RangeError);
  });

  it('countRows reports a batch before handing it on, so a consumer that stops early is counted', async () => {
    const schema = new Schema([new Field('x', new Int32(), true)]);
    const batch = batchFromColumns(schema, [vectorFromArray([1, 2], new Int32()).data[0]!], 2);
    const seen: number[] = [];
    for await (const b of countRows((async function* () { for (let i = 0; i < 5; i++) yield batch; })(), (r) => seen.push(r))) {
      void b;
      if (seen.length === 2) break;
    }
    expect(seen.at(-1)).toBe(4);
  });
});
