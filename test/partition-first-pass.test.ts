import { readFileSync } from 'node:fs';
import { Field, Float64, Schema, makeData } from 'apache-arrow';
import type { Data, DataType, RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  addNoise, anonymize, anonymizeOutcome, batchFromColumns, cast, collectFirstPass, createPipeline, decideFirstPass, intervalHierarchy, mask, memorySource, parseHierarchy, TuominError,
} from '../packages/core/src/internal.js';
import type { AnonymizeOptions, Hierarchy, Transform, TransformReport, TransferState } from '../packages/core/src/internal.js';
import { dictData, mulberry, strData } from '../packages/core/test/privacy-helpers.js';

// The privacy first pass over partitions (issue 15, "Done means"): phase 1 collects each
// partition's class statistics after the rules before anonymize, the coordinator merges them in
// partition order and searches once, phase 2 adopts the decision and applies. The released rows,
// concatenated in partition order, must be the sequential pipeline's, value for value.

const hierarchyFile = (name: string): Hierarchy => parseHierarchy(readFileSync(new URL(`../fixtures/specs/hierarchies/${name}.csv`, import.meta.url), 'utf8'), ';', name);
const leaves = (name: string): string[] => readFileSync(new URL(`../fixtures/specs/hierarchies/${name}.csv`, import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => l.split(';')[0]!);
const hierarchies: Record<string, Hierarchy> = {
  age_band: hierarchyFile('age-band'),
  district: hierarchyFile('district'),
  education: hierarchyFile('education'),
  occupation: hierarchyFile('occupation'),
  age: intervalHierarchy([10, 20]),
};

interface Rows { age_band: string[]; age: string[]; gender: Array<string | null>; district: string[]; education: Array<string | null>; occupation: string[]; wage: string[]; phone: string[]; income: number[] }

/** An employment-like register: skewed districts and occupations, so small classes exist. */
function makeRows(n: number, seed: number): Rows {
  const rnd = mulberry(seed);
  const skew = <T>(xs: T[]): T => xs[Math.min(xs.length - 1, Math.floor(xs.length * rnd() * rnd()))]!;
  const r: Rows = { age_band: [], age: [], gender: [], district: [], education: [], occupation: [], wage: [], phone: [], income: [] };
  const bands = leaves('age-band');
  for (let i = 0; i < n; i++) {
    const age = 16 + Math.floor(rnd() * 50);
    r.age.push(String(age));
    r.age_band.push(age < 20 ? bands[0]! : age >= 60 ? bands[5]! : bands[Math.floor(age / 10) - 1]!);
    r.gender.push(rnd() < 0.01 ? null : rnd() < 0.55 ? '男' : '女');
    r.district.push(skew(leaves('district')));
    r.education.push(rnd() < 0.02 ? null : skew(leaves('education')));
    r.occupation.push(skew(leaves('occupation')));
    r.wage.push(i % 131 === 7 ? '不详' : String(2000 + Math.floor(rnd() * 8000)));
    r.phone.push(`13${String(Math.floor(rnd() * 1e9)).padStart(9, '0')}`);
    r.income.push(Math.round(rnd() * 1e6) / 100);
  }
  return r;
}

const N = 1500;
const rows = makeRows(N, 2026);
const names = ['age_band', 'age', 'gender', 'district', 'education', 'occupation', 'wage', 'phone', 'income'] as const;

function f64(values: number[]): Data {
  return makeData({ type: new Float64(), length: values.length, nullCount: 0, data: new Float64Array(values) });
}

/** Rows [from, to) in batches of `size`; occupation as a dictionary column built per batch. */
function batches(from: number, to: number, size: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let s = from; s < to; s += size) {
    const e = Math.min(to, s + size);
    const data = names.map((c) => (c === 'income' ? f64(rows.income.slice(s, e)) : c === 'occupation' ? dictData(rows.occupation.slice(s, e)) : strData((rows[c] as Array<string | null>).slice(s, e))));
    out.push(batchFromColumns(new Schema(names.map((c, i) => new Field(c, data[i]!.type as DataType, true))), data, e - s));
  }
  return out;
}

const schema = batches(0, 1, 1)[0]!.schema;

const dropSearch: AnonymizeOptions = {
  quasiIdentifiers: ['age_band', 'age', 'gender', 'district', 'education', 'occupation'],
  hierarchies, k: 3, suppressionLimit: 0.03, metric: 'loss',
};
const maskDiverse: AnonymizeOptions = {
  quasiIdentifiers: ['age_band', 'gender', 'district', 'education'],
  sensitive: ['occupation'], hierarchies, k: 4, l: { column: 'occupation', l: 2 }, suppressionLimit: 0.05, suppression: 'mask',
};

/**
 * The rules of the spec, built afresh per job (a transform may hold what it saw): noise seeded by
 * the global row, a reject-row cast before anonymize (phase 1 runs it too), a mask after it.
 */
const rulesWith = (o: AnonymizeOptions) => (): Transform[] => [
  addNoise({ columns: ['income'], scale: 50, seed: 15 }),
  cast({ columns: ['wage'], to: 'int32', onInvalid: 'reject-row' }),
  anonymize(o),
  mask({ columns: ['phone'], preset: 'cn.mobile' }),
];

async function drain(p: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of p) out.push(b);
  return out;
}

function columns(bs: RecordBatch[]): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const f of bs[0]?.schema.fields ?? []) out[f.name] = bs.flatMap((b) => Array.from(b.getChild(f.name)!) as unknown[]);
  return out;
}

/** Report counts summed over partitions; each anonymize outcome minus its timing. */
function summed(parts: TransformReport[][]) {
  return parts[0]!.map((r, i) => {
    const outcome = anonymizeOutcome(r);
    return {
      transform: r.transform,
      rowsSeen: parts.reduce((a, p) => a + p[i]!.rowsSeen, 0),
      valuesChanged: parts.reduce((a, p) => a + p[i]!.valuesChanged, 0),
      invalid: parts.reduce((a, p) => a + p[i]!.invalid, 0),
      nulls: parts.reduce((a, p) => a + p[i]!.nulls, 0),
      ...(outcome ? { outcome: { ...outcome, searchMs: 0 } } : {}),
    };
  });
}

/** As postMessage would hand it over: buffers transferred, the sender's copy detached. */
function overTheWire(s: TransferState): TransferState {
  return structuredClone(s, { transfer: s.buffers });
}

async function partitioned(rules: () => Transform[], cuts: number[], batchSize: number) {
  const bounds = cuts.slice(1).map((e, i) => [cuts[i]!, e] as const);
  // Phase 1: each partition's state and row count.
  const phase1 = [];
  for (const [a, b] of bounds) {
    const r = await collectFirstPass(memorySource(schema, batches(a, b, batchSize)), rules(), { rowOffset: a });
    phase1.push({ state: overTheWire(r.state), rows: r.rows });
  }
  expect(phase1.map((p) => p.rows)).toEqual(bounds.map(([a, b]) => b - a));
  const decision = overTheWire(await decideFirstPass(schema, rules(), phase1.map((p) => p.state)));
  // Phase 2: offsets are phase 1's prefix sums.
  const outs: RecordBatch[] = [];
  const reports: TransformReport[][] = [];
  let offset = 0;
  for (let i = 0; i < bounds.length; i++) {
    const [a, b] = bounds[i]!;
    const p = createPipeline(memorySource(schema, batches(a, b, batchSize)), rules(), { rowOffset: offset, decision: structuredClone(decision) });
    expect(p.partitionable()).toBeNull();
    outs.push(...(await drain(p)));
    reports.push(p.reports());
    offset += phase1[i]!.rows;
  }
  return { outs, reports };
}

describe('privacy first pass over partitions', () => {
  for (const [label, options] of [['drop mode, search, suppression', dropSearch], ['mask mode, l-diversity', maskDiverse]] as const) {
    describe(label, () => {
      const rules = rulesWith(options);
      const seq = (async () => {
        const p = createPipeline(memorySource(schema, batches(0, N, 128)), rules(), {});
        const outs = await drain(p);
        return { outs, reports: p.reports() };
      })();

      it('the sequential run generalizes, suppresses and rejects (the comparison has teeth)', async () => {
        const { outs, reports } = await seq;
        const outcome = anonymizeOutcome(reports.find((r) => r.transform === 'privacy.anonymize')!)!;
        expect(outcome.suppressed).toBeGreaterThan(0);
        expect(Object.values(outcome.levels).some((l) => l > 0)).toBe(true);
        expect(reports.find((r) => r.transform === 'cast')!.extra).toMatchObject({ rejectedRows: 12 });
        const released = outs.reduce((a, b) => a + b.numRows, 0);
        expect(released).toBe(options.suppression === 'mask' ? N - 12 : N - 12 - outcome.suppressed);
        expect((columns(outs)['income'] as number[]).slice(0, 20)).not.toEqual(rows.income.slice(0, 20));
      });

      const splits: number[][] = [[0, N], [0, 700, N], [0, 1, 1, 900, N], [0, 333, 334, 1200, N], [0, 0, 500, 1000, N]];
      for (const cuts of splits) {
        it(`${cuts.length - 1} partitions at ${JSON.stringify(cuts.slice(1, -1))}: the same rows, values and summed counts`, async () => {
          const s = await seq;
          const p = await partitioned(rules, cuts, 50);
          expect(columns(p.outs)).toEqual(columns(s.outs));
          expect(summed(p.reports)).toEqual(summed([s.reports]));
        });
      }
    });
  }

  it('a model the rows cannot meet fails in decide with the sequential error', async () => {
    const strict = rulesWith({ ...dropSearch, k: 50, suppressionLimit: 0, hierarchies: {} });
    const sequential = await drain(createPipeline(memorySource(schema, batches(0, N, 128)), strict(), {})).catch((e: unknown) => e);
    expect(sequential).toBeInstanceOf(TuominError);
    expect((sequential as TuominError).code).toBe('PRIVACY');
    const parts = [];
    for (const [a, b] of [[0, 600], [600, N]] as const) parts.push((await collectFirstPass(memorySource(schema, batches(a, b, 50)), strict(), { rowOffset: a })).state);
    await expect(decideFirstPass(schema, strict(), parts)).rejects.toThrow((sequential as Error).message);
  });

  it('refuses a decision made for other columns, and more than one first-pass rule', async () => {
    const rules = rulesWith(dropSearch);
    const { state } = await collectFirstPass(memorySource(schema, batches(0, N, 128)), rules(), { rowOffset: 0 });
    const decision = await decideFirstPass(schema, rules(), [state]);
    const other = rulesWith({ ...dropSearch, quasiIdentifiers: ['age_band', 'gender'] });
    expect(() => createPipeline(memorySource(schema, []), other(), { rowOffset: 0, decision })).toThrow(/decision was made for other columns/);
    expect(() => createPipeline(memorySource(schema, []), rules(), { rowOffset: 0, decision: { ...state } })).toThrow(/expected a anonymize-decision state/);
    const twice = (): Transform[] => [anonymize(dropSearch), anonymize({ quasiIdentifiers: ['gender'], k: 2, suppression: 'mask' })];
    expect(createPipeline(memorySource(schema, []), twice(), {}).partitionable()).toMatch(/more than one rule needs a first pass/);
    await expect(collectFirstPass(memorySource(schema, batches(0, 10, 10)), twice(), { rowOffset: 0 })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});
