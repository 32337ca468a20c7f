/**
 * The distinct counters and the column profile of core's stats as states: a sketch past the exact
 * bound, an in-memory spill (its chunks travel as buffers, not as a path), a pattern check, and
 * states that do not fit refused rather than merged into a wrong count.
 */
import { Worker } from 'node:worker_threads';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ColumnQuality, DistinctEstimate, ExactDistinct, columnData, hashBytes64, memoryHashSpill, type TransferState } from '@tuomin/core/internal';

const enc = new TextEncoder();
const h = new Int32Array(2);
function hashOf(s: string): [number, number] {
  const b = enc.encode(s);
  hashBytes64(b, 0, b.length, h);
  return [h[0]!, h[1]!];
}

/** A state through a worker thread and back, by postMessage with its buffers transferred each way. */
async function roundTrip(state: TransferState): Promise<TransferState> {
  const w = new Worker("const { parentPort } = require('node:worker_threads'); parentPort.on('message', (s) => parentPort.postMessage(s, s.buffers));", { eval: true });
  try {
    const back = new Promise<TransferState>((resolve, reject) => { w.once('message', resolve); w.once('error', reject); });
    w.postMessage(state, state.buffers);
    return await back;
  } finally {
    await w.terminate();
  }
}

/** Values 0..n-1 with repeats, cut at `cuts`: each part's counter fed its values. */
function fill<T extends { add(lo: number, hi: number): void }>(make: () => T, n: number, cuts: number[]): T[] {
  const bounds = [0, ...cuts, n];
  return bounds.slice(1).map((end, i) => {
    const c = make();
    for (let v = bounds[i]!; v < end; v++) c.add(...hashOf(`户号-${v % (n - 7)}`));
    return c;
  });
}

describe('distinct counters and column profiles as transfer states', () => {
  it('a DistinctEstimate past its exact bound (a HyperLogLog sketch) and one under it decode and merge as one pass', async () => {
    const n = 20_000;
    const [whole] = fill(() => new DistinctEstimate(), n, []);
    expect(whole!.exact).toBe(false);
    for (const cuts of [[0, 1, 17_000], [10_000], [n]]) {
      const parts = fill(() => new DistinctEstimate(), n, cuts);
      const decoded = await Promise.all(parts.map(async (p) => DistinctEstimate.decode(await roundTrip(p.encode()))));
      for (const d of decoded.slice(1)) decoded[0]!.merge(d);
      expect(decoded[0]!.exact).toBe(false);
      expect(decoded[0]!.count()).toBe(whole!.count());
    }
  });

  it('an ExactDistinct spilled in memory sends its chunks as buffers; the decoded parts count exactly', async () => {
    const n = 5000;
    const options = { maxInMemory: 300, spill: memoryHashSpill };
    const parts = fill(() => new ExactDistinct(options), n, [0, 1, 2000, 2001]);
    expect(parts.map((p) => p.spilled)).toEqual([false, false, true, false, true]);
    const states = parts.map((p) => p.encode());
    // The spilled parts' chunks are buffers of the state (no path to a file).
    expect(states.map((s) => s.buffers.length > 1)).toEqual([false, false, true, false, true]);
    const decoded = await Promise.all(states.map(async (s) => ExactDistinct.decode(await roundTrip(s), options)));
    for (const d of decoded.slice(1)) decoded[0]!.merge(d);
    expect(decoded[0]!.count()).toBe(n - 7);
  });

  it('a column profile keeps its checks (a pattern, an enum, a maximum length) across the transfer', async () => {
    const values = ['京A12345', '沪B-9', null, '', '粤C00001', '京A12345'];
    const data = columnData(new Table({ plate: vectorFromArray(values, new Utf8()) }).batches[0]!, 0);
    const checks = { type: 'string' as const, required: true, maxLength: 7, pattern: /^(?:[\p{Script=Han}][A-Z]\d{5})$/u, enum: ['京A12345', '粤C00001'] };
    const whole = new ColumnQuality(checks);
    whole.add(data, 0);
    const first = new ColumnQuality(checks);
    first.add(data.slice(0, 2), 0);
    const rest = new ColumnQuality(checks);
    rest.add(data.slice(2, values.length - 2), 2);
    const a = ColumnQuality.decode(await roundTrip(first.encode()));
    a.merge(ColumnQuality.decode(await roundTrip(rest.encode())));
    const expected = whole.finish();
    expect(expected.violations.map((v) => v.code)).toEqual(['cell/pattern', 'cell/enum', 'cell/required']);
    expect(a.finish()).toEqual(expected);
  });

  it('a state of another kind, or whose buffers do not match, is refused', () => {
    const e = new DistinctEstimate();
    e.add(...hashOf('x'));
    const s = e.encode();
    expect(() => ExactDistinct.decode(s)).toThrow(/expected a exact-distinct state/);
    expect(() => DistinctEstimate.decode({ ...s, buffers: [new ArrayBuffer(12)] })).toThrow(/pairs/);
    expect(() => DistinctEstimate.decode({ ...s, meta: { exactUpTo: 10, sketch: true } })).toThrow(/registers/);
    const spilled = new ExactDistinct({ maxInMemory: 2, spill: () => ({ ...memoryHashSpill(), ref: () => ({ folder: '/nowhere' }) }) });
    for (const v of ['a', 'b', 'c', 'd']) spilled.add(...hashOf(v));
    expect(() => ExactDistinct.decode(spilled.encode())).toThrow(/no reopen was given/);
  });
});
