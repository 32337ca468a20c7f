/**
 * Every sink of the run's pass, split over partitions (a 0-row part and 1-row parts included),
 * encoded in the part, sent through a real worker thread by postMessage with the buffers as the
 * transfer list, decoded in the "coordinator" and merged in partition order, gives what one
 * sequential sink over the whole table gives.
 *
 * The table is built per part the way a partition reader builds it: each part's batches hold only
 * its rows, with dictionaries of their own (a city and a sex column), so parts share nothing.
 */
import { Worker } from 'node:worker_threads';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { unpackStates, type TransferState } from '@tuomin/core/internal';
import { columnProfileSink, decodeColumnProfile } from '../packages/publish/src/run/sinks/column-profile.js';
import { decodeResidualScan, residualScanSink } from '../packages/publish/src/run/sinks/residual-scan.js';
import { decodeSourceSample, sourceSampleSink } from '../packages/publish/src/run/sinks/source-sample.js';
import { classStatsSink, decodeClassStatsSink, decodePublishedRisk, publishedRiskCollectorSink, publishedRiskSink } from '../packages/publish/src/run/privacy.js';
import { decidePublishedColumns, judgePublishedRisk, type PublishedRiskStats } from '../packages/publish/src/review/published-risk.js';
import type { Sink } from '../packages/publish/src/run/sinks/sink.js';
import { MAX_IN_MEMORY, N, SAMPLE_ROWS, SPEC, partBatches, type PartStates } from './support/sink-transfer-table.js';

const ALL = partBatches(0, N);
const SCHEMA = ALL[0]!.schema;

/** Cut points: a 0-row part first, 1-row parts, a cut inside a batch, a part past the source sample's 1,000 rows. */
const SPLITS: number[][] = [
  [0, 0, 1, 700, 701, 1800, N],
  [0, N, N],
  [0, 1, 2, 257, 999, 1000, 1001, N],
];
const parts = (cuts: number[]): Array<{ start: number; batches: RecordBatch[] }> => cuts.slice(1).map((end, i) => ({ start: cuts[i]!, batches: partBatches(cuts[i]!, end) }));

/**
 * The states through a worker thread and back, each way by postMessage with the buffers in the
 * transfer list: the sender's buffers are detached (moved, not copied).
 */
async function throughWorker(states: TransferState[]): Promise<TransferState[]> {
  const w = new Worker("const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m, m.flatMap((s) => s.buffers)));", { eval: true });
  try {
    const back = new Promise<TransferState[]>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    const sent = states.flatMap((s) => s.buffers);
    const sizes = sent.map((b) => b.byteLength);
    w.postMessage(states, sent);
    expect(sent.every((b) => b.byteLength === 0)).toBe(true);
    const got = await back;
    expect(got.flatMap((s) => s.buffers).map((b) => b.byteLength)).toEqual(sizes);
    return got;
  } finally {
    await w.terminate();
  }
}

async function feed<S extends Sink<unknown>>(sink: S, batches: RecordBatch[]): Promise<S> {
  for (const b of batches) await sink.add(b);
  return sink;
}

/** Decode each part's state and merge them in partition order into the first. */
function mergeInOrder<S extends Sink<unknown>>(states: TransferState[], decode: (s: TransferState) => S): S {
  const decoded = states.map(decode);
  for (const d of decoded.slice(1)) decoded[0]!.merge(d);
  return decoded[0]!;
}

describe('sink states across threads: partitions merged in order equal one pass', () => {
  it('column profile: counts, first rows, exact distinct of a spilled unique column, HLL sketches, lengths', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-transfer-profile-'));
    const options = { maxInMemory: MAX_IN_MEMORY };
    const whole = await (await feed(columnProfileSink(SPEC, SCHEMA, dir, 0, options), ALL)).finish();
    const caseNo = whole.find((c) => c.name === 'case_no')!;
    expect(caseNo).toMatchObject({ rows: N, distinct: N - 1, distinctEstimated: false });
    expect(caseNo.violations).toEqual([{ code: 'cell/unique', count: 1, rows: [] }]);
    expect(whole.find((c) => c.name === 'day')!.violations.map((v) => v.code)).toEqual(['cell/type', 'cell/required']);
    expect(whole.find((c) => c.name === 'city')!.violations[0]!.code).toBe('cell/enum');
    for (const cuts of SPLITS) {
      for (const local of [true, false]) {
        // A job that does not know the released rows before it counts from 0; one that does is given them.
        const states = await Promise.all(parts(cuts).map(async (p) => (await feed(columnProfileSink(SPEC, SCHEMA, dir, local ? 0 : p.start, options), p.batches)).encode()));
        // The parts over 500 values spilled their unique column's hashes: the state names the files, it does not carry them.
        const spilled = states.filter((s) => spillRefOf(s) !== null);
        expect(spilled.length).toBe(cuts.filter((c, i) => i > 0 && c - cuts[i - 1]! > 500).length);
        const merged = mergeInOrder(await throughWorker(states), (s) => decodeColumnProfile(s, dir, options));
        expect(await merged.finish(), `cuts ${cuts.join(' ')}${local ? ', rows local' : ''}`).toEqual(whole);
      }
    }
    // Every spill, the jobs' handed-over ones included, was removed once merged and counted.
    expect(await readdir(dir)).toEqual([]);
  });

  it('residual scan: counts, first rows and the order of findings', async () => {
    const whole = await (await feed(residualScanSink(SCHEMA), ALL)).finish();
    expect(whole.findings.find((f) => f.column === 'note' && f.type === 'cn_id')?.rows.slice(0, 2)).toEqual([3, 100]);
    for (const cuts of SPLITS) {
      const states = await Promise.all(parts(cuts).map(async (p) => (await feed(residualScanSink(SCHEMA), p.batches)).encode()));
      const merged = mergeInOrder(await throughWorker(states), decodeResidualScan);
      expect(await merged.finish(), `cuts ${cuts.join(' ')}`).toEqual(whole);
    }
  });

  it('source sample: each job scans only its rows before the global row 1,000; joined they scan the first 1,000 of the whole', async () => {
    const limit = SAMPLE_ROWS;
    const whole = await (await feed(sourceSampleSink(SCHEMA, limit), ALL)).finish();
    expect(whole.rows).toBe(limit);
    for (const cuts of SPLITS) {
      const sinks = await Promise.all(parts(cuts).map(async (p) => feed(sourceSampleSink(SCHEMA, limit, p.start), p.batches)));
      // A partition that starts past the sample holds nothing.
      sinks.forEach((s, i) => { if (cuts[i]! >= limit) expect(s.held()).toEqual([]); });
      const merged = mergeInOrder(await throughWorker(await Promise.all(sinks.map((s) => s.encode()))), decodeSourceSample);
      expect(await merged.finish(), `cuts ${cuts.join(' ')}`).toEqual(whole);
    }
  });

  it('class statistics of privacy: the same dictionaries, classes and pairs, code for code', async () => {
    const whole = await (await feed(classStatsSink(SPEC), ALL)).finish();
    expect(whole.rows).toBe(N);
    const expected = whole.encode();
    for (const cuts of SPLITS) {
      const states = await Promise.all(parts(cuts).map(async (p) => (await feed(classStatsSink(SPEC), p.batches)).encode()));
      const merged = await mergeInOrder(await throughWorker(states), decodeClassStatsSink).finish();
      const got = merged.encode();
      expect(got.meta, `cuts ${cuts.join(' ')}`).toEqual(expected.meta);
      expect(got.buffers.map((b) => [...new Uint8Array(b)])).toEqual(expected.buffers.map((b) => [...new Uint8Array(b)]));
    }
  });

  it('published risk: roles decided once on the first released rows, then partitions merged equal the sequential sink', async () => {
    const whole = await (await feed(publishedRiskSink(SPEC, SCHEMA), ALL)).finish();
    const columns = decidePublishedColumns(SPEC, SCHEMA, ALL);
    expect(columns.filter((c) => c.role === 'known').map((c) => c.column)).toEqual(expect.arrayContaining(['city', 'sex', 'name']));
    expect(whole.plain.length).toBeGreaterThan(0);
    for (const cuts of SPLITS) {
      const states = await Promise.all(parts(cuts).map(async (p) => (await feed(publishedRiskCollectorSink(SPEC, SCHEMA, columns), p.batches)).encode()));
      const merged = await mergeInOrder(await throughWorker(states), decodePublishedRisk).finish();
      expect(comparable(merged), `cuts ${cuts.join(' ')}`).toEqual(comparable(whole));
      expect(judgePublishedRisk(SPEC, merged)).toEqual(judgePublishedRisk(SPEC, whole));
    }
  });

  it('partition jobs in a worker thread: every state they post, decoded and merged in order, equals one pass', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-transfer-jobs-'));
    const columns = decidePublishedColumns(SPEC, SCHEMA, ALL);
    const cuts = SPLITS[0]!;
    const jobs = await jobsInWorker(cuts, dir, columns);
    expect(jobs).toHaveLength(cuts.length - 1);
    // The jobs' spills are still there: the coordinator owns them now.
    expect((await readdir(dir)).length).toBeGreaterThan(0);
    const merged = <K extends keyof PartStates, S extends Sink<unknown>>(k: K, decode: (s: TransferState) => S): S => mergeInOrder(jobs.map((j) => j[k]), decode);
    const profile = await merged('profile', (s) => decodeColumnProfile(s, dir, { maxInMemory: MAX_IN_MEMORY })).finish();
    expect(profile).toEqual(await (await feed(columnProfileSink(SPEC, SCHEMA, dir, 0, { maxInMemory: MAX_IN_MEMORY }), ALL)).finish());
    expect(await readdir(dir)).toEqual([]);
    expect(await merged('scan', decodeResidualScan).finish()).toEqual(await (await feed(residualScanSink(SCHEMA), ALL)).finish());
    expect(await merged('sample', decodeSourceSample).finish()).toEqual(await (await feed(sourceSampleSink(SCHEMA, SAMPLE_ROWS), ALL)).finish());
    const classes = await merged('classStats', decodeClassStatsSink).finish();
    const wholeClasses = await (await feed(classStatsSink(SPEC), ALL)).finish();
    expect(classes.encode().meta).toEqual(wholeClasses.encode().meta);
    const risk = await merged('publishedRisk', decodePublishedRisk).finish();
    expect(comparable(risk)).toEqual(comparable(await (await feed(publishedRiskSink(SPEC, SCHEMA), ALL)).finish()));
  });

  it('published risk with its classes spilled, in the jobs and in the merge: the same statistics as in memory, no spill left', async () => {
    // Names, cities and sexes make about 2,600 classes over 3,000 rows: a limit of 100 spills often.
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-risk-spill-'));
    const spill = { maxInMemory: 100, buckets: 5, dir };
    const whole = await collectSequential();
    const columns = decidePublishedColumns(SPEC, SCHEMA, ALL);
    for (const cuts of [[0, 600, 1200, 1800, 2400, N], [0, 0, 1, 2000, N]]) {
      const states = await Promise.all(parts(cuts).map(async (p) => (await feed(publishedRiskCollectorSink(SPEC, SCHEMA, columns, { spill }), p.batches)).encode()));
      expect((await readdir(dir)).length, 'the jobs spilled').toBeGreaterThan(0);
      const merged = await mergeInOrder(await throughWorker(states), (s) => decodePublishedRisk(s, dir, spill)).finish();
      expect(comparable(merged), `cuts ${cuts.join(' ')}`).toEqual(comparable(whole));
      expect(await readdir(dir)).toEqual([]);
    }
    await rm(dir, { recursive: true, force: true });
  });
});

/** The spill reference in a profile state's first column (case_no, the unique one). */
function spillRefOf(state: TransferState): unknown {
  const column = unpackStates(state, 'column-stats').parts[0]!;
  return (unpackStates(column, 'column-quality').parts[0]!.meta as { spillRef: unknown }).spillRef;
}

/**
 * Partition jobs run in a worker thread (the TypeScript sources through tsx's API, as
 * test/class-stats-transfer.test.ts does): the worker builds its parts' batches, feeds every
 * statistics sink and posts the states with their buffers as the transfer list.
 */
async function jobsInWorker(cuts: number[], spillDir: string, columns: unknown): Promise<PartStates[]> {
  const support = new URL('./support/sink-transfer-table.ts', import.meta.url).href;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    (async () => {
      (await import('tsx/esm/api')).register();
      const t = await import(${JSON.stringify(support)});
      const { cuts, spillDir, columns } = workerData;
      for (let i = 1; i < cuts.length; i++) {
        const states = await t.encodePart(cuts[i - 1], cuts[i], spillDir, columns);
        const buffers = Object.values(states).flatMap((s) => s.buffers);
        parentPort.postMessage({ states }, buffers);
        parentPort.postMessage({ detached: buffers.every((b) => b.byteLength === 0) });
      }
    })().catch((e) => { parentPort.postMessage({ error: String(e && e.stack || e) }); });
  `;
  const worker = new Worker(code, { eval: true, workerData: { cuts, spillDir, columns }, execArgv: ['--conditions=@tuomin/source'] });
  const out: PartStates[] = [];
  const detached: boolean[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (m: { states: PartStates } | { detached: boolean } | { error: string }) => {
        if ('error' in m) reject(new Error(m.error));
        else if ('states' in m) out.push(m.states);
        else {
          detached.push(m.detached);
          if (detached.length === cuts.length - 1) resolve();
        }
      });
    });
  } finally {
    await worker.terminate();
  }
  expect(detached).toEqual(out.map(() => true));
  return out;
}

async function collectSequential(): Promise<PublishedRiskStats> {
  const columns = decidePublishedColumns(SPEC, SCHEMA, ALL);
  return (await feed(publishedRiskCollectorSink(SPEC, SCHEMA, columns), ALL)).finish();
}

/** PublishedRiskStats as plain data: the distinct shares by their counts. */
function comparable(s: PublishedRiskStats) {
  return { ...s, plain: s.plain.map((p) => ({ column: p.column, rows: p.share.rows, distinct: p.share.distinct })) };
}
