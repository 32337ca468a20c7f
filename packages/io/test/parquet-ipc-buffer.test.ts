import { describe, expect, it } from 'vitest';
import { Dictionary, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { IpcBuffer, pq } from '../src/parquet/wasm.js';
import { mulberry32 } from '../../../fixtures/lib/rng.js';

/** n seeded rows: text (Chinese, nulls), a dictionary column, numbers. */
function table(n: number, seed: number): Table {
  const rnd = mulberry32(seed);
  const text: Array<string | null> = [];
  const kind: Array<string | null> = [];
  const num: Array<number | null> = [];
  const amount: Array<number | null> = [];
  for (let i = 0; i < n; i++) {
    text.push(rnd() < 0.1 ? null : `备注${Math.floor(rnd() * 1e6)}${'字'.repeat(Math.floor(rnd() * 9))}`);
    kind.push(rnd() < 0.05 ? null : ['法人', '自然人', '其他'][Math.floor(rnd() * 3)]!);
    num.push(rnd() < 0.05 ? null : Math.floor(rnd() * 1e6));
    amount.push(Math.round(rnd() * 1e7) / 100);
  }
  return new Table({
    text: vectorFromArray(text, new Utf8()),
    kind: vectorFromArray(kind, new Dictionary(new Utf8(), new Int32())),
    num: vectorFromArray(num, new Int32()),
    amount: vectorFromArray(amount, new Float64()),
  });
}

const props = () => new pq.WriterPropertiesBuilder().setCompression(pq.Compression.SNAPPY).setCreatedBy('tuomin').build();

describe('IpcBuffer', () => {
  it('gives parquet-wasm the stream tableToIPC gives, while one buffer is reused, grown and left with a longer stream\'s tail', () => {
    const ipc = new IpcBuffer();
    // Small, larger (the buffer grows), smaller (its tail holds the bytes before), larger again.
    for (const [n, seed] of [[300, 1], [20000, 2], [50, 3], [7000, 4], [30000, 5], [1, 6]] as const) {
      const t = table(n, seed);
      const expected = pq.writeParquet(pq.Table.fromIPCStream(tableToIPC(t, 'stream')), props());
      const got = pq.writeParquet(ipc.toWasm(t), props());
      expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
    }
  });
});
