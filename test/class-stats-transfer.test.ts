import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Field, Schema } from 'apache-arrow';
import type { DataType, RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { batchFromColumns, ClassStats, decodeClassStats, mergeClassStats, mergeClassStatsInOrder, TuominError } from '../packages/core/src/internal.js';
import type { TransferState } from '../packages/core/src/internal.js';
import { dictData, intData, mulberry, strData } from '../packages/core/test/privacy-helpers.js';

// A partition job counts its rows' classes and hands them to the coordinator as a TransferState;
// merged in partition order they must equal one sequential pass exactly, codes and order included
// (the search sums losses in class order, so another order could pick another node on a tie).

interface Rows { district: Array<string | null>; age: Array<number | null>; sex: Array<string | null>; diag: Array<string | null> }

function makeRows(n: number, seed: number): Rows {
  const rnd = mulberry(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const rows: Rows = { district: [], age: [], sex: [], diag: [] };
  for (let i = 0; i < n; i++) {
    rows.district.push(rnd() < 0.05 ? null : pick(['滨城区', '沾化区', '邹平市', '惠民县', '阳信县', '']));
    rows.age.push(rnd() < 0.03 ? null : 18 + Math.floor(rnd() * 50));
    rows.sex.push(rnd() < 0.02 ? null : pick(['男', '女']));
    rows.diag.push(rnd() < 0.04 ? null : pick(['流感', '肺炎', '哮喘', '胃炎']));
  }
  return rows;
}

/** Rows [from, to) as batches of `size` rows; `sex` as a dictionary column built per batch. */
function batches(rows: Rows, from: number, to: number, size: number): RecordBatch[] {
  const out: RecordBatch[] = [];
  for (let s = from; s < to || (s === from && from === to); s += size) {
    const e = Math.min(to, s + size);
    const data = [strData(rows.district.slice(s, e)), intData(rows.age.slice(s, e)), dictData(rows.sex.slice(s, e)), strData(rows.diag.slice(s, e))];
    const schema = new Schema(['district', 'age', 'sex', 'diag'].map((n, i) => new Field(n, data[i]!.type as DataType, true)));
    out.push(batchFromColumns(schema, data, e - s));
    if (from === to) break;
  }
  return out;
}

const options = { quasiIdentifiers: ['district', 'age', 'sex'], sensitive: ['diag'] };

function collect(bs: RecordBatch[]): ClassStats {
  const s = new ClassStats(options);
  for (const b of bs) s.add(b);
  return s;
}

/** Everything a merge or the search reads, in code order: equal snapshots mean equal statistics. */
function snapshot(s: ClassStats) {
  return {
    rows: s.rows,
    qiDicts: s.qiDicts.map((d) => d.labels()),
    sensDicts: s.sensDicts.map((d) => d.labels()),
    codes: Array.from(s.table.codes.buf.subarray(0, s.classes * s.qi.length)),
    counts: Array.from(s.table.counts.subarray(0, s.classes)),
    pairs: s.pairs.map((p) => ({ classes: Array.from(p.classes.buf.subarray(0, p.size)), values: Array.from(p.values.buf.subarray(0, p.size)), counts: Array.from(p.counts.subarray(0, p.size)) })),
  };
}

const N = 600;
const rows = makeRows(N, 15);
const sequential = snapshot(collect(batches(rows, 0, N, 97)));

/** Part boundaries from cut points (repeated cuts make 0-row parts). */
function parts(cuts: number[]): Array<[number, number]> {
  const edges = [0, ...cuts, N];
  return edges.slice(1).map((e, i) => [edges[i]!, e]);
}

describe('ClassStats transfer', () => {
  it('a sequential pass has several classes, nulls, pairs and a dictionary column (the test has teeth)', () => {
    expect(sequential.counts.length).toBeGreaterThan(100);
    expect(sequential.qiDicts[0]).toContain(null);
    expect(sequential.qiDicts[0]).toContain('');
    expect(sequential.pairs[0]!.counts.length).toBeGreaterThan(sequential.counts.length);
  });

  const splits = [[], [0], [1], [N - 1], [300], [0, 0, 599], [1, 2, 250, N], [17, 17, 400], [96, 97, 98, 194, 500]];
  for (const cuts of splits) {
    it(`decoded parts merged in order equal one pass (cuts ${JSON.stringify(cuts)})`, () => {
      const states = parts(cuts).map(([a, b]) => collect(batches(rows, a, b, 50)).encode());
      const merged = mergeClassStatsInOrder(states.map((s) => decodeClassStats(s)));
      expect(snapshot(merged)).toEqual(sequential);
    });
  }

  it('decode(encode(x)) merges like x, and the source stays usable', () => {
    const a = collect(batches(rows, 0, 200, 64));
    const b = collect(batches(rows, 200, N, 64));
    const state = b.encode();
    expect(state.kind).toBe('class-stats');
    expect(snapshot(mergeClassStats(a, ClassStats.decode(state)))).toEqual(snapshot(mergeClassStats(a, b)));
    expect(snapshot(mergeClassStats(a, b))).toEqual(sequential);
    b.add(batches(rows, 0, 10, 10)[0]!);
    expect(b.rows).toBe(N - 200 + 10);
  });

  it('a decoded state finds the classes of new batches like the original', () => {
    const whole = collect(batches(rows, 0, N, 97));
    const copy = decodeClassStats(whole.encode());
    for (const b of batches(rows, 0, N, 128)) expect(Array.from(copy.classIndices(b, false))).toEqual(Array.from(whole.classIndices(b, false)));
  });

  it('refuses a state of another kind, a truncated state and a class listed twice', () => {
    const state = collect(batches(rows, 0, 100, 100)).encode();
    expect(() => decodeClassStats({ ...state, kind: 'column-stats' })).toThrow(/expected a class-stats state/);
    expect(() => decodeClassStats({ ...state, buffers: state.buffers.slice(1) })).toThrow(TuominError);
    const meta = state.meta as { classes: number };
    const codes = new Int32Array(state.buffers[8]!);
    const twice = new Int32Array(codes.length);
    twice.set(codes);
    twice.set(codes.subarray(0, 3), 3); // class 1 := class 0
    const bad = { ...state, buffers: state.buffers.map((b, i) => (i === 8 ? twice.buffer : b)) };
    expect(meta.classes).toBeGreaterThan(2);
    expect(() => decodeClassStats(bad)).toThrow(/class is listed twice/);
  });

  it('a merge past maxClasses fails as the sequential pass would', () => {
    const halves = [collect(batches(rows, 0, 300, 300)), collect(batches(rows, 300, N, 300))];
    const max = Math.max(halves[0]!.classes, halves[1]!.classes);
    expect(max).toBeLessThan(sequential.counts.length);
    const parts = halves.map((h) => decodeClassStats({ ...h.encode(), meta: { ...(h.encode().meta as object), maxClasses: max } }));
    expect(() => mergeClassStatsInOrder(parts)).toThrow(new RegExp(`more than ${max} distinct`));
  });

  it('crosses a real worker_threads postMessage with the buffers transferred', async () => {
    const here = pathToFileURL(fileURLToPath(import.meta.url)).href;
    // The worker (cwd: the repository) loads the TypeScript sources through tsx's API, builds its own partitions' batches from
    // plain values (never Arrow objects across threads), and transfers each state's buffers.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      (async () => {
        (await import('tsx/esm/api')).register();
        const core = await import(new URL('../packages/core/src/internal.ts', ${JSON.stringify(here)}).href);
        const h = await import(new URL('../packages/core/test/privacy-helpers.ts', ${JSON.stringify(here)}).href);
        const { Field, Schema } = await import('apache-arrow');
        for (const p of workerData.parts) {
          const s = new core.ClassStats(workerData.options);
          for (let at = 0; at < p.district.length || at === 0; at += 40) {
            const e = Math.min(p.district.length, at + 40);
            const data = [h.strData(p.district.slice(at, e)), h.intData(p.age.slice(at, e)), h.dictData(p.sex.slice(at, e)), h.strData(p.diag.slice(at, e))];
            const schema = new Schema(['district', 'age', 'sex', 'diag'].map((n, i) => new Field(n, data[i].type, true)));
            s.add(core.batchFromColumns(schema, data, e - at));
            if (e === p.district.length) break;
          }
          const state = s.encode();
          parentPort.postMessage(state, state.buffers);
          parentPort.postMessage({ detached: state.buffers.every((b) => b.byteLength === 0) });
        }
      })().catch((e) => { parentPort.postMessage({ error: String(e && e.stack || e) }); });
    `;
    const cut = parts([0, 1, 233, 234, 480]);
    const slices = cut.map(([a, b]) => ({ district: rows.district.slice(a, b), age: rows.age.slice(a, b), sex: rows.sex.slice(a, b), diag: rows.diag.slice(a, b) }));
    const worker = new Worker(code, { eval: true, workerData: { parts: slices, options }, execArgv: ['--conditions=@tuomin/source'] });
    const states: TransferState[] = [];
    const detached: boolean[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (m: TransferState | { detached: boolean } | { error: string }) => {
          if ('error' in m) reject(new Error(m.error));
          else if ('detached' in m) { detached.push(m.detached); if (detached.length === cut.length) resolve(); }
          else states.push(m);
        });
      });
    } finally {
      await worker.terminate();
    }
    expect(detached).toEqual(cut.map(() => true));
    expect(states.map((s) => s.buffers.every((b) => b instanceof ArrayBuffer))).toEqual(cut.map(() => true));
    expect(snapshot(mergeClassStatsInOrder(states.map((s) => decodeClassStats(s))))).toEqual(sequential);
  });
});
