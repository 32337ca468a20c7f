import { describe, expect, it } from 'vitest';
import { tee } from '../src/index.js';

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
