import { Field, Float64, Schema, makeData } from 'apache-arrow';
import type { Data, DataType, RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { addNoise, anonymize, batchFromColumns, cast, createPipeline, mapBatches, mask, memorySource, suppressRows, TuominError, when } from '../packages/core/src/internal.js';
import type { Transform, TransformReport } from '../packages/core/src/internal.js';
import { mulberry, strData } from '../packages/core/test/privacy-helpers.js';

// A partition's rules number rows globally (BindOptions.rowOffset): noise, the one rule whose
// values depend on the row position, gives over partitions exactly what one pass gives, and a
// rule's error names the row of the whole input. Where the position cannot be known (rows
// removed before a row-seeded rule), the pipeline says so before the run, or fails the job.

const N = 500;
const rnd = mulberry(7);
const phone = Array.from({ length: N }, (_, i) => (i === 321 ? '12345' : `1${String(3 + Math.floor(rnd() * 6))}${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`));
const amount = Array.from({ length: N }, () => Math.round(rnd() * 10000) / 100);
const kind = Array.from({ length: N }, () => (rnd() < 0.3 ? '警告' : '罚款'));
const text = amount.map((a, i) => (i % 97 === 5 ? 'n/a' : String(a)));

function f64(values: number[]): Data {
  return makeData({ type: new Float64(), length: values.length, nullCount: 0, data: new Float64Array(values) });
}

function batches(from: number, to: number, size: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let s = from; s < to; s += size) {
    const e = Math.min(to, s + size);
    const data = [strData(phone.slice(s, e)), f64(amount.slice(s, e)), strData(kind.slice(s, e)), strData(text.slice(s, e))];
    const schema = new Schema(['phone', 'amount', 'kind', 'text'].map((n, i) => new Field(n, data[i]!.type as DataType, true)));
    out.push(batchFromColumns(schema, data, e - s));
  }
  return out;
}

const schema = batches(0, 1, 1)[0]!.schema;

async function drain(p: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of p) out.push(b);
  return out;
}

function values(bs: RecordBatch[], column: string): unknown[] {
  return bs.flatMap((b) => Array.from(b.getChild(column)!.toArray() as ArrayLike<unknown>));
}

/** Counts of reports summed by position (every partition binds the same rules). */
function summed(parts: TransformReport[][]): Array<Pick<TransformReport, 'transform' | 'rowsSeen' | 'valuesChanged' | 'invalid' | 'nulls'>> {
  return parts[0]!.map((r, i) => ({
    transform: r.transform,
    rowsSeen: parts.reduce((a, p) => a + p[i]!.rowsSeen, 0),
    valuesChanged: parts.reduce((a, p) => a + p[i]!.valuesChanged, 0),
    invalid: parts.reduce((a, p) => a + p[i]!.invalid, 0),
    nulls: parts.reduce((a, p) => a + p[i]!.nulls, 0),
  }));
}

const rules = (): Transform[] => [mask({ columns: ['phone'], preset: 'cn.mobile' }), addNoise({ columns: ['amount'], scale: 5, seed: 42 }), cast({ columns: ['text'], to: 'float64', onInvalid: 'reject-row' })];

describe('row offsets over partitions', () => {
  it('noise, mask and a reject-row cast: partitions concatenated equal one pass, counts sum', async () => {
    const seq = createPipeline(memorySource(schema, batches(0, N, 64)), rules(), {});
    const expected = await drain(seq);
    const noisy = values(expected, 'amount') as number[];
    expect(noisy.filter((v, i) => v !== amount[i]).length).toBeGreaterThan(N / 2); // the noise is there
    for (const cuts of [[0, N], [0, 0, 1, N], [0, 250, N], [0, 63, 64, 65, 400, N]]) {
      const outs: RecordBatch[] = [];
      const reports: TransformReport[][] = [];
      for (let p = 0; p + 1 < cuts.length; p++) {
        const pl = createPipeline(memorySource(schema, batches(cuts[p]!, cuts[p + 1]!, 50)), rules(), { rowOffset: cuts[p]! });
        expect(pl.partitionable()).toBeNull();
        outs.push(...(await drain(pl)));
        reports.push(pl.reports());
      }
      for (const c of ['phone', 'amount', 'text']) expect(values(outs, c)).toEqual(values(expected, c));
      expect(summed(reports)).toEqual(summed([seq.reports()]));
    }
  });

  it('without the offset a later partition gets other noise (the test has teeth)', async () => {
    const expected = values(await drain(createPipeline(memorySource(schema, batches(0, N, 64)), rules(), {})), 'amount');
    const late = values(await drain(createPipeline(memorySource(schema, batches(250, N, 64)), rules(), {})), 'amount');
    expect(late).not.toEqual(expected.slice(expected.length - late.length));
  });

  it('an error names the row of the whole input', async () => {
    const strict = (): Transform[] => [mask({ columns: ['phone'], preset: 'cn.mobile', onInvalid: 'error' })];
    await expect(drain(createPipeline(memorySource(schema, batches(0, N, 64)), strict(), {}))).rejects.toThrow(/row 322\b/);
    await expect(drain(createPipeline(memorySource(schema, batches(300, 400, 64)), strict(), { rowOffset: 300 }))).rejects.toThrow(/row 322\b/);
    const noisyStrict = (): Transform[] => [cast({ columns: ['text'], to: 'float64', onInvalid: 'error' })];
    await expect(drain(createPipeline(memorySource(schema, batches(0, N, 64)), noisyStrict(), {}))).rejects.toThrow(/row 6\b/);
    await expect(drain(createPipeline(memorySource(schema, batches(100, N, 64)), noisyStrict(), { rowOffset: 100 }))).rejects.toThrow(/row 103\b/);
  });

  it('partitionable() names the rule when rows may be removed before a row-seeded rule', () => {
    const noise = (): Transform => addNoise({ columns: ['amount'], scale: 5, seed: 42 });
    const why = (ts: Transform[]): string | null => createPipeline(memorySource(schema, []), ts, {}).partitionable();
    expect(why([noise(), cast({ columns: ['text'], to: 'float64', onInvalid: 'reject-row' })])).toBeNull();
    expect(why([cast({ columns: ['text'], to: 'float64', onInvalid: 'null' }), noise()])).toBeNull();
    expect(why([cast({ columns: ['text'], to: 'float64', onInvalid: 'reject-row' }), noise()])).toMatch(/rule noise is seeded by row position and rule cast before it may remove rows/);
    expect(why([suppressRows({ where: { column: 'kind', equals: '警告' } }), noise()])).toMatch(/rule suppress-rows before it/);
    expect(why([suppressRows({ where: { column: 'kind', equals: '警告' }, action: 'null', columns: ['phone'] }), noise()])).toBeNull();
    expect(why([anonymize({ quasiIdentifiers: ['kind'], k: 2 }), noise()])).toMatch(/rule privacy.anonymize before it may remove rows/);
    expect(why([anonymize({ quasiIdentifiers: ['kind'], k: 2, suppression: 'mask' }), noise()])).toBeNull();
    expect(why([when({ column: 'kind', equals: '罚款' }, noise())])).toMatch(/numbers only the rows its when: condition matches/);
    expect(why([anonymize({ quasiIdentifiers: ['kind'], k: 2 }), anonymize({ quasiIdentifiers: ['phone'], k: 2 })])).toMatch(/more than one rule needs a first pass/);
  });

  it('a rule that removes rows without declaring it fails the partition before a row-seeded rule', async () => {
    const dropFirst: Transform = {
      name: 'drop-first',
      bind: (input) => mapBatches(input, (b) => b.slice(1, b.numRows), () => []),
    };
    const ts = (): Transform[] => [dropFirst, addNoise({ columns: ['amount'], scale: 5, seed: 42 })];
    const p = createPipeline(memorySource(schema, batches(100, 200, 50)), ts(), { rowOffset: 100 });
    expect(p.partitionable()).toBeNull(); // undeclared: only the run can tell
    const err = await drain(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect((err as TuominError).code).toBe('UNSUPPORTED');
    expect(String(err)).toMatch(/removed 2 rows of this partition/);
    // Without an offset (one sequential pass) nothing is refused: the positions are the stream's.
    expect((await drain(createPipeline(memorySource(schema, batches(100, 200, 50)), ts(), {}))).reduce((a, b) => a + b.numRows, 0)).toBe(98);
  });
});
