/**
 * Detectors: quality and speed.
 * 1. Precision and recall per type on the labelled evaluation set (fixtures/detection, 24,000
 *    cells, seeded), cell-level (type present in the cell) and span-level (exact code-point span);
 *    then span recall per spelling of issue #13 (spellings.ts) and the findings on near misses.
 * 2. Residual-scan throughput on the penalties fixture (2,000,000 rows by default; TUOMIN_BENCH_ROWS
 *    to scale), every column including free text, one thread, batches already in memory.
 *    Beside it, in the same run: DuckDB regexp_matches of an ID pattern and a mobile pattern over
 *    the same 14 columns (1 thread), and the naive JS path (decode every cell, two regexes).
 *    The ID/mobile cell counts of the three must agree before timing (on this fixture every
 *    ID-shaped value is valid; on other data the regexes, which check no MOD 11-2 digit and no
 *    segment list, would count more).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import { DETECTOR_TYPES, detectValue, scanBatches, utf8View, type ScanResult } from '../packages/core/src/internal.js';
import { openSource } from '../packages/io/src/index.js';
import { ensureFixture } from '../fixtures/lib/ensure.js';
import { generateDetectionSet } from '../fixtures/detection/generate.js';
import { evaluate, scoreByKind } from '../fixtures/detection/evaluate.js';
import { duckdb } from './lib/duckdb.js';
import { assertSame, benchRows, report, resultsDir, row, timeIt } from './lib/harness.js';

const TARGETS: Record<string, number> = {
  cn_id: 0.99, cn_id15: 0.99, cn_uscc: 0.99, cn_mobile: 0.95, cn_plate: 0.95, email: 0.95, bank_card: 0.95,
};

const SPELLING_KINDS = [
  'spelled_id', 'spelled_mobile', 'spelled_email', 'lower_plate', 'kin_name', 'role_name', 'near_spaced', 'near_kin_word', 'near_id',
  'hard_id_spaced', 'hard_mobile_fullwidth', 'hard_email_cjk', 'hard_name_rare', 'hard_address_no_number',
];

const ID_RE = '(^|[^0-9A-Za-z])[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]($|[^0-9A-Za-z])';
const MOBILE_RE = '(^|[^0-9])1[3-9][0-9]{9}($|[^0-9])';

async function quality(): Promise<void> {
  const cells = generateDetectionSet(24_000);
  const t0 = performance.now();
  const scores = evaluate(cells, (text, column) => detectValue(text, { column }), DETECTOR_TYPES);
  const ms = performance.now() - t0;
  console.log(`\n## detect-quality: ${cells.length} labelled cells (cell-level P/R; span-level = exact span), ${ms.toFixed(0)} ms`);
  console.table(
    scores.map((s) => ({
      type: s.type,
      labelled: s.labelled,
      TP: s.tp,
      FP: s.fp,
      FN: s.fn,
      P: s.precision.toFixed(4),
      R: s.recall.toFixed(4),
      'span P': s.spanPrecision.toFixed(4),
      'span R': s.spanRecall.toFixed(4),
      target: TARGETS[s.type] ?? 'measured',
      ok: TARGETS[s.type] === undefined ? '' : s.precision >= TARGETS[s.type]! && s.recall >= TARGETS[s.type]! ? 'yes' : 'NO',
    })),
  );
  // The spellings of issue #13 and their near misses, one snippet kind at a time.
  const kinds = scoreByKind(cells, (text, column) => detectValue(text, { column }), SPELLING_KINDS);
  console.log('\n## detect-quality by spelling (cells with one snippet; span recall, findings matching no label)');
  console.table(kinds.map((k) => ({ kind: k.kind, cells: k.cells, spans: k.spans, found: k.found, recall: k.recall.toFixed(4), unlabelled: k.unlabelled })));
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, 'detect-quality.json'), `${JSON.stringify({ cells: cells.length, scores, kinds }, null, 2)}\n`);
}

async function load(path: string): Promise<{ schema: Schema; batches: RecordBatch[]; bytes: number; rows: number }> {
  const src = await openSource(path, { batchSize: 65536 });
  const batches: RecordBatch[] = [];
  let bytes = 0;
  let rows = 0;
  for await (const b of src.batches()) {
    batches.push(b);
    rows += b.numRows;
    for (let c = 0; c < b.numCols; c++) {
      const d = b.getChildAt(c)!.data[0]!;
      const v = utf8View(d);
      bytes += v.offsets[v.length]! - v.offsets[0]!;
    }
  }
  return { schema: src.schema, batches, bytes, rows };
}

/** The naive path: decode every cell to a JS string and run two regexes (the way a script would). */
function naive(batches: RecordBatch[]): { id: number; mobile: number } {
  const id = new RegExp(ID_RE);
  const mobile = new RegExp(MOBILE_RE);
  let ids = 0;
  let mobiles = 0;
  for (const b of batches) {
    for (let c = 0; c < b.numCols; c++) {
      const col = b.getChildAt(c)!;
      for (let i = 0; i < b.numRows; i++) {
        const s = col.get(i) as string | null;
        if (s === null) continue;
        if (id.test(s)) ids++;
        if (mobile.test(s)) mobiles++;
      }
    }
  }
  return { id: ids, mobile: mobiles };
}

/**
 * Also measure CPU time (user + system of this process, which includes DuckDB's one worker
 * thread): on a shared machine wall time depends on the neighbours, CPU time much less.
 */
function withCpu(fn: () => unknown): { run: () => Promise<void>; cpuMs: () => number } {
  let cpu = 0;
  let calls = 0;
  return {
    async run() {
      const c0 = process.cpuUsage();
      await fn();
      const d = process.cpuUsage(c0);
      cpu += (d.user + d.system) / 1000;
      calls++;
    },
    cpuMs: () => cpu / calls,
  };
}

function countOf(r: ScanResult, type: string): number {
  return r.findings.filter((f) => f.type === type).reduce((a, f) => a + f.count, 0);
}

export default async function (): Promise<void> {
  await quality();

  const rows = benchRows(2_000_000);
  const path = await ensureFixture('penalties', rows);
  const data = await load(path);
  const gen = async function* () { yield* data.batches; };
  console.log(`\npenalties fixture: ${data.rows} rows, ${data.schema.fields.length} columns, ${(data.bytes / 1e6).toFixed(1)} MB of cell text`);

  const full = await scanBatches(data.schema, gen());
  const idMobile = await scanBatches(data.schema, gen(), { types: ['cn_id', 'cn_mobile'] });
  const all = withCpu(() => scanBatches(data.schema, gen()));
  const two = withCpu(() => scanBatches(data.schema, gen(), { types: ['cn_id', 'cn_mobile'] }));
  const oursAll = await timeIt('scan all types', all.run, 2);
  const oursTwo = await timeIt('scan cn_id + cn_mobile', two.run, 2);

  const db = await duckdb(1);
  await db.run(`CREATE TABLE p AS SELECT * FROM read_csv('${path.replace(/'/g, "''")}', header = true, all_varchar = true)`);
  const cols = data.schema.fields.map((f) => `"${f.name}"`);
  const sum = (re: string) => cols.map((c) => `count(*) FILTER (WHERE regexp_matches(${c}, '${re}'))`).join(' + ');
  const sql = `SELECT ${sum(ID_RE)} AS ids, ${sum(MOBILE_RE)} AS mobiles FROM p`;
  const duckCounts = (await db.runAndReadAll(sql)).getRowsJS()[0]!.map(Number);
  const duck = withCpu(() => db.runAndReadAll(sql));
  const duckMs = await timeIt('duckdb regexp_matches', duck.run, 2);

  const naiveCounts = naive(data.batches);
  // On this fixture every ID-shaped value is checksum-valid and every mobile uses a listed
  // segment, so the three must agree before any timing counts.
  const ours = { id: countOf(idMobile, 'cn_id'), mobile: countOf(idMobile, 'cn_mobile') };
  assertSame('ID and mobile cells vs DuckDB', ours, { id: duckCounts[0], mobile: duckCounts[1] });
  assertSame('ID and mobile cells vs naive regex', ours, naiveCounts);
  const nv = withCpu(() => naive(data.batches));
  const naiveMs = await timeIt('naive JS regex', nv.run, 1);
  db.closeSync();

  console.log(`cells with an ID: ours ${ours.id} (checksum-valid), DuckDB regex ${duckCounts[0]}, naive regex ${naiveCounts.id}`);
  console.log(`cells with a mobile: ours ${ours.mobile} (segment list), DuckDB regex ${duckCounts[1]}, naive regex ${naiveCounts.mobile}`);
  console.log(`all types: ${full.findings.map((f) => `${f.column}/${f.type} ${f.count}`).join(', ')}`);
  const mbs = (cpuMs: number) => (data.bytes / 1e6 / (cpuMs / 1000)).toFixed(1);
  const cpuNote = (c: number) => `CPU ${c.toFixed(0)} ms = ${mbs(c)} MB/s; CPU ratio ${(duck.cpuMs() / c).toFixed(2)}`;
  console.log(`CPU time: all types ${mbs(all.cpuMs())} MB/s, ID+mobile ${mbs(two.cpuMs())} MB/s, DuckDB ${mbs(duck.cpuMs())} MB/s, naive ${mbs(nv.cpuMs())} MB/s`);

  const peer = 'duckdb regexp_matches ID+mobile, 1 thread';
  await report('detect', [
    row({ case: 'scan: all 16 detectors, 14 columns', rows: data.rows, bytes: data.bytes, ms: oursAll, peer, peerMs: duckMs, note: cpuNote(all.cpuMs()) }),
    row({ case: 'scan: cn_id + cn_mobile, 14 columns', rows: data.rows, bytes: data.bytes, ms: oursTwo, peer, peerMs: duckMs, note: cpuNote(two.cpuMs()) }),
    row({ case: 'naive: decode + 2 JS regexes', rows: data.rows, bytes: data.bytes, ms: naiveMs, peer, peerMs: duckMs, note: cpuNote(nv.cpuMs()) }),
  ]);
}
