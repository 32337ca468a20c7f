/**
 * The published-risk review in bounded memory (issue #15, packages/publish/src/review/known-classes.ts):
 * past a limit the attacker-known columns' classes and each column's values spill to sealed bucket
 * files and are reduced one bucket at a time. The review's results (k reached, risk figures,
 * singled-out counts, reasons) must be the same with and without spilling, for any number of
 * buckets and any partitioning, and no spill file may outlive the statistics.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dictionary, Int32, Table, Utf8, vectorFromArray, type RecordBatch } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import { SealedBuckets } from '@tuomin/io/internal';
import { loadSpec, parseSpecText } from '../packages/publish/src/index.js';
import { decidePublishedColumns, judgePublishedRisk, type KnownSpill } from '../packages/publish/src/review/published-risk.js';
import { decodePublishedRisk, publishedRiskCollectorSink, publishedRiskSink } from '../packages/publish/src/run/privacy.js';
import { discardStaging, stageRun } from '../packages/publish/src/run/run.js';
import { runReviews } from '../packages/publish/src/run/review-pass.js';
import { mulberry32 } from '../fixtures/lib/rng.js';

const SPEC = parseSpecText(`dataset: { id: spill }
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out }
openAttribute: unconditional
columns:
  case_no: { type: string }
  name: { type: string }
  city: { type: string }
  sex: { type: string }
  age: { type: integer }
privacy: { quasiIdentifiers: [city, sex, age], k: 3 }
`, 'spill.yaml');

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰'];
const CITIES = ['北京市', '上海市', '武汉市', '广州市', '成都市', '滨州市'];
const CITY = new Dictionary(new Utf8(), new Int32());

interface Row { case_no: string; name: string | null; city: string | null; sex: string | null; age: number | null }

/** A seeded generator (mulberry32): the same rows on every run. */
const random = mulberry32;

/** Chinese names, cities as a dictionary column, nulls and empty strings in every known column. */
function mixed(n: number, seed: number): Row[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const u = r();
    return {
      case_no: `案-${i}`,
      name: u < 0.06 ? null : u < 0.09 ? '' : `${pick(SURNAMES)}${pick(GIVEN)}${r() < 0.5 ? pick(GIVEN) : ''}`,
      city: r() < 0.05 ? null : pick(CITIES),
      sex: r() < 0.04 ? null : r() < 0.02 ? '' : r() < 0.5 ? '男' : '女',
      age: r() < 0.05 ? null : 18 + Math.floor(r() * 60),
    };
  });
}

const oneClass = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ case_no: `案-${i}`, name: '王芳', city: '滨州市', sex: '女', age: 40 }));
const allUnique = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ case_no: `案-${i}`, name: `${SURNAMES[i % 20]}${GIVEN[Math.floor(i / 20) % 20]}${GIVEN[Math.floor(i / 400) % 20]}`, city: CITIES[i % 6]!, sex: i % 2 ? '男' : '女', age: i }));

/** Rows as a reader gives them: batches of at most 97 rows, sliced from one table (offsets not at 0). */
function batchesOf(rows: readonly Row[]): RecordBatch[] {
  if (rows.length === 0) return [];
  const col = <K extends keyof Row>(k: K) => rows.map((x) => x[k]);
  const t = new Table({
    case_no: vectorFromArray(col('case_no'), new Utf8()),
    name: vectorFromArray(col('name'), new Utf8()),
    city: vectorFromArray(col('city'), CITY),
    sex: vectorFromArray(col('sex'), new Utf8()),
    age: vectorFromArray(col('age'), new Int32()),
  });
  return t.batches.flatMap((b) => Array.from({ length: Math.ceil(b.numRows / 97) }, (_, k) => b.slice(k * 97, Math.min(b.numRows, (k + 1) * 97))));
}

const SCHEMA = batchesOf(mixed(1, 1))[0]!.schema;
const COLUMNS = decidePublishedColumns(SPEC, SCHEMA, batchesOf(mixed(2000, 7)));

const dirs: string[] = [];
async function spillDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'tuomin-risk-spill-test-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** The review of rows collected by one collector (the sequential pass), with `spill` or in memory. */
async function sequential(rows: readonly Row[], spill: KnownSpill) {
  const sink = publishedRiskCollectorSink(SPEC, SCHEMA, COLUMNS, { spill });
  for (const b of batchesOf(rows)) await sink.add(b);
  const spilled = spill.dir ? (await readdir(spill.dir)).length > 0 : false;
  const stats = await sink.finish();
  return { review: judgePublishedRisk(SPEC, stats), spilled };
}

/** The review of rows cut at `cuts`, each part collected alone, encoded and merged in order as the coordinator does. */
async function partitioned(rows: readonly Row[], cuts: number[], jobSpill: KnownSpill, mergeSpill: KnownSpill) {
  const states = [];
  for (let i = 1; i < cuts.length; i++) {
    const sink = publishedRiskCollectorSink(SPEC, SCHEMA, COLUMNS, { spill: jobSpill });
    for (const b of batchesOf(rows.slice(cuts[i - 1], cuts[i]))) await sink.add(b);
    states.push(await sink.encode());
  }
  let at: ReturnType<typeof decodePublishedRisk> | null = null;
  for (const s of states) {
    const next = decodePublishedRisk(s, mergeSpill.dir, mergeSpill);
    if (at) at.merge(next);
    else at = next;
  }
  return judgePublishedRisk(SPEC, await at!.finish());
}

const IN_MEMORY: KnownSpill = { maxInMemory: Number.POSITIVE_INFINITY };

describe('published risk in bounded memory: the same review spilled or not', () => {
  it('the columns an attacker knows are several, so classes and single columns both spill', () => {
    expect(COLUMNS.filter((c) => c.role === 'known').map((c) => c.column)).toEqual(expect.arrayContaining(['city', 'sex', 'age']));
  });

  const cases: Array<[string, Row[]]> = [
    ['mixed: Chinese names, nulls and empty strings, a dictionary column', mixed(2500, 42)],
    ['one class', oneClass(700)],
    ['every record unique', allUnique(900)],
    ['a single row', mixed(1, 3)],
  ];
  for (const [name, rows] of cases) {
    it(`${name}: sequential and partitioned, any limit and number of buckets`, async () => {
      const expected = (await sequential(rows, IN_MEMORY)).review;
      if (name === 'one class') expect(expected.figures.kReached).toBe(rows.length);
      if (name.startsWith('every')) expect(expected.figures.risk!.sampleUniques.records).toBe(rows.length);
      for (const [maxInMemory, buckets] of [[1, 1], [7, 4], [50, 13], [400, 32]] as const) {
        const dir = await spillDir();
        const got = await sequential(rows, { maxInMemory, buckets, dir });
        expect(got.review, `limit ${maxInMemory}, ${buckets} buckets`).toEqual(expected);
        // Spilled exactly when the rows make more classes than the limit.
        expect(got.spilled, `limit ${maxInMemory}`).toBe(expected.figures.risk!.classes > maxInMemory);
        expect(await readdir(dir), 'no spill file after success').toEqual([]);
      }
      const n = rows.length;
      // Cut points (kept in order for any n): one part, empty and one-row parts, cuts inside a batch.
      for (const cuts of [[0, n], [0, 0, 1, Math.floor(n / 3), Math.floor(n / 3), n - 1, n], [0, 97, 98, 500, n]].map((c) => c.map((x) => Math.min(x, n)).sort((a, b) => a - b))) {
        const jobs = await spillDir();
        const merge = await spillDir();
        const got = await partitioned(rows, cuts, { maxInMemory: 5, buckets: 3, dir: jobs }, { maxInMemory: 11, buckets: 3, dir: merge });
        expect(got, `cuts ${cuts.join(' ')}`).toEqual(expected);
        // The jobs' spills moved into the merge's, which is gone once reduced.
        expect(await readdir(jobs)).toEqual([]);
        expect(await readdir(merge)).toEqual([]);
        // Jobs that never spill, a coordinator that does; and the other way round.
        expect(await partitioned(rows, cuts, IN_MEMORY, { maxInMemory: 3, dir: merge }), `cuts ${cuts.join(' ')}, the merge spills`).toEqual(expected);
        expect(await partitioned(rows, cuts, { maxInMemory: 2, buckets: 2, dir: jobs }, IN_MEMORY), `cuts ${cuts.join(' ')}, the jobs spill`).toEqual(expected);
        // Jobs that write their classes as identities only when they leave (encode), taken over by a coordinator that spills or not.
        expect(await partitioned(rows, cuts, { maxInMemory: Number.POSITIVE_INFINITY, flushForTransfer: 0, dir: jobs }, { maxInMemory: 11, dir: merge }), `cuts ${cuts.join(' ')}, flushed for transfer`).toEqual(expected);
        expect(await partitioned(rows, cuts, { maxInMemory: Number.POSITIVE_INFINITY, flushForTransfer: 0, dir: jobs }, IN_MEMORY), `cuts ${cuts.join(' ')}, flushed for transfer, merged in memory`).toEqual(expected);
        expect([...await readdir(jobs), ...await readdir(merge)]).toEqual([]);
      }
    });
  }

  it('the spilled review refuses as the one in memory does (records below k, a near-unique column)', async () => {
    const { review } = await sequential(allUnique(900), { maxInMemory: 10, buckets: 4, dir: await spillDir() });
    expect(review.figures.kReached).toBe(1);
    expect(review.reasons.map((r) => r.code)).toContain('privacy/published-risk');
    expect(review.reasons.some((r) => r.severity === 'error')).toBe(true);
  });
});

describe('published risk spill files: sealed, and gone on every exit', () => {
  it('what is written never holds the values in clear, and a damaged file fails to open', async () => {
    const dir = await spillDir();
    const s = SealedBuckets.open(dir, 'tuomin-risk-');
    const clear = new TextEncoder().encode('王秀英 滨州市 13812345678 '.repeat(50));
    s.append('b-0.bin', clear);
    s.append('b-0.bin', clear.subarray(0, 11));
    const [folder] = await readdir(dir);
    s.append('b-1.bin', clear.subarray(0, 20));
    const raw = await readFile(join(dir, folder!, 'spill.bin'));
    expect(raw.includes(Buffer.from('王秀英'))).toBe(false);
    expect(raw.includes(Buffer.from('13812345678'))).toBe(false);
    expect(Buffer.from(s.read('b-0.bin')).equals(Buffer.concat([clear, clear.subarray(0, 11)]))).toBe(true);
    expect(Buffer.from(s.read('b-1.bin')).equals(Buffer.from(clear.subarray(0, 20)))).toBe(true);
    // Handed to another owner (as to the coordinator): the same buckets, through the index.
    const other = SealedBuckets.adopt(s.ref());
    expect(other.names()).toEqual(['b-0.bin', 'b-1.bin']);
    expect(Buffer.from(other.read('b-1.bin')).equals(Buffer.from(clear.subarray(0, 20)))).toBe(true);
    // A frame read under another bucket's name fails: the name is authenticated with the frame.
    const swapped = SealedBuckets.adopt({ ...s.ref(), index: { 'b-1.bin': s.ref().index['b-0.bin']! } });
    expect(() => swapped.read('b-1.bin')).toThrow(/spill file of this run is damaged/);
    raw[raw.length - 3] = raw[raw.length - 3]! ^ 1;
    await writeFile(join(dir, folder!, 'spill.bin'), raw);
    expect(() => other.read('b-1.bin')).toThrow(/spill file of this run is damaged/);
    other.dispose();
    s.dispose();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a collector that spilled and then failed (the pass aborted) leaves nothing', async () => {
    const dir = await spillDir();
    const sink = publishedRiskSink(SPEC, SCHEMA, dir, { maxInMemory: 3, buckets: 2 });
    const rows = batchesOf(mixed(3000, 5));
    // The sink's consumer holds the first 2,000 rows (the roles are decided on them), then counts as rows come.
    for (const b of rows) await sink.add(b);
    await new Promise((r) => setImmediate(r));
    expect((await readdir(dir)).length, 'the pass spilled').toBeGreaterThan(0);
    await sink.abort(new Error('the source failed'));
    expect(await readdir(dir)).toEqual([]);
    const thrown = publishedRiskCollectorSink(SPEC, SCHEMA, COLUMNS, { spill: { maxInMemory: 3, buckets: 2, dir } });
    for (const b of rows.slice(0, 5)) await thrown.add(b);
    expect((await readdir(dir)).length).toBeGreaterThan(0);
    await thrown.abort(new Error('another sink failed'));
    expect(await readdir(dir)).toEqual([]);
  });

  it('a run whose review refuses, and a run that throws, leave no spill and no run folder', async () => {
    const work = await spillDir();
    const src = await spillDir();
    const rows = allUnique(3000);
    await writeFile(join(src, 'in.csv'), `case_no,name,city,sex,age\n${rows.map((x) => `${x.case_no},${x.name},${x.city},${x.sex},${x.age}`).join('\n')}\n`);
    await writeFile(join(src, 'spill.yaml'), `dataset: { id: spill }
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out }
openAttribute: unconditional
columns:
  case_no: {}
  name: { rule: { type: mask, preset: cn.name } }
  city: {}
  sex: {}
  age: { type: integer }
`);
    const loaded = await loadSpec(join(src, 'spill.yaml'));
    const env = { ...process.env, TUOMIN_WORK_DIR: work };
    const spills: string[][] = [];
    const staged = await stageRun(loaded, {
      env, version: '1.0.0', metadata: {},
      sinks: (schema, dir) => ({ publishedRisk: withProbe(publishedRiskSink(loaded.spec, schema, dir, { maxInMemory: 4, buckets: 3 }), dir, spills) }),
    });
    expect(spills.some((names) => names.some((n) => n.startsWith('tuomin-risk-'))), 'the pass spilled').toBe(true);
    expect((await readdir(join(staged.work.spill))).filter((n) => n.startsWith('tuomin-risk-'))).toEqual([]);
    const { security } = runReviews(loaded.spec, { ...staged, extra: { publishedRisk: staged.extra.publishedRisk } }, { keyWarnings: [] });
    expect(security.passed).toBe(false);
    await discardStaging(staged);
    expect((await readdir(work)).filter((n) => n.startsWith('run-'))).toEqual([]);

    // A sink that throws once the classes have spilled: the pass fails, the run folder goes.
    let n = 0;
    await expect(stageRun(loaded, {
      env, version: '1.0.0', metadata: {},
      sinks: (schema, dir) => ({
        publishedRisk: publishedRiskSink(loaded.spec, schema, dir, { maxInMemory: 4, buckets: 3 }),
        // Past the 2,000 rows the roles are decided on: the classes are spilling by then.
        boom: { add: () => { if (++n === 28) throw new Error('a sink failed'); }, finish: async () => 0, merge: () => {}, abort: async () => {} },
      }),
      batchSize: 100,
    })).rejects.toThrow('a sink failed');
    expect((await readdir(work)).filter((x) => x.startsWith('run-'))).toEqual([]);
  });
});

/** A sink that records the spill folder's entries after each batch it passes on. */
function withProbe<S extends { add(b: RecordBatch): void | Promise<void> }>(sink: S, dir: string, seen: string[][]): S {
  const add = sink.add.bind(sink);
  return Object.assign(sink, {
    async add(b: RecordBatch) {
      await add(b);
      // The stream sink counts on its own schedule: give it a turn before looking.
      await new Promise((r) => setImmediate(r));
      seen.push(await readdir(dir));
    },
  });
}
