/**
 * The normative review's column statistics on the penalties extract (2,000,000 rows by default),
 * with the penalties spec's declared types and constraints (case_number unique and required,
 * party_type an enum, fine_amount a number, decision_date a date). Ours: the core kernels of
 * packages/core/src/stats (ColumnStatsCollector). Peer: the collector they replaced
 * (benchmarks/lib/naive-column-stats.ts: a JS Set of hashes per column, regexes on decoded
 * strings). Both see the same batches, timed batch by batch, after their outputs on a 200,000-row
 * prefix were checked to agree (distinct counts past 16,384 within 3 %: ours estimates them).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import { parse } from 'yaml';
import { openSource } from '@tuomin/io';
import { ensureFixture } from '../fixtures/lib/ensure.js';
import { ColumnStatsCollector, type ColumnStats } from '../packages/publish/src/review/column-stats.js';
import { ColumnStatsCollector as NaiveCollector, type ColumnStats as NaiveStats } from './lib/naive-column-stats.js';
import { benchRows, fullGc, report, row } from './lib/harness.js';

const SPEC = join(import.meta.dirname, '..', 'fixtures', 'specs', 'penalties.yaml');

export default async function () {
  const rows = benchRows(2_000_000);
  const csv = await ensureFixture('penalties', rows);
  const bytes = (await stat(csv)).size;
  const columns = (parse(await readFile(SPEC, 'utf8')) as { columns: Record<string, never> }).columns;
  const specsFor = (schema: Schema) => schema.fields.map((f) => columns[f.name]);

  // 1. The same output first, on a prefix.
  {
    const src = await openSource(csv, { batchSize: 65536 });
    const ours = new ColumnStatsCollector(src.schema, specsFor(src.schema));
    const peer = new NaiveCollector(src.schema, specsFor(src.schema));
    let seen = 0;
    for await (const b of src.batches() as AsyncIterable<RecordBatch>) {
      ours.add(b);
      peer.add(b);
      if ((seen += b.numRows) >= Math.min(rows, 200_000)) break;
    }
    agree(ours.finish(), peer.finish());
  }

  // 2. Timed over every row, batch by batch, in the same pass.
  fullGc();
  const src = await openSource(csv, { batchSize: 65536 });
  const ours = new ColumnStatsCollector(src.schema, specsFor(src.schema));
  const peer = new NaiveCollector(src.schema, specsFor(src.schema));
  let oursMs = 0, peerMs = 0, n = 0;
  for await (const b of src.batches() as AsyncIterable<RecordBatch>) {
    let t = performance.now();
    ours.add(b);
    oursMs += performance.now() - t;
    t = performance.now();
    peer.add(b);
    peerMs += performance.now() - t;
    n += b.numRows;
  }
  let t = performance.now();
  const a = ours.finish();
  oursMs += performance.now() - t;
  t = performance.now();
  const p = peer.finish();
  peerMs += performance.now() - t;
  if (n !== rows) throw new Error(`read ${n} rows, expected ${rows}`);
  agree(a, p);
  await report('stats', [
    row({ case: `review column statistics, ${src.schema.fields.length} columns (core stats kernels)`, rows, bytes, ms: oursMs, peer: 'previous collector (Set per column, regexes)', peerMs, note: 'same batches, timed batch by batch in one pass' }),
  ]);
}

/** Equal counts, lengths and violations; distinct counts equal, or within 3 % where ours estimates (or the peer hit its cap). */
function agree(ours: ColumnStats[], peer: NaiveStats[]): void {
  const norm = (s: { name: string; rows: number; nulls: number; empties: number; maxLength: number; violations: Array<{ code: string; count: number; rows: number[] }> }) =>
    JSON.stringify({ name: s.name, rows: s.rows, nulls: s.nulls, empties: s.empties, maxLength: s.maxLength, violations: [...s.violations].sort((x, y) => x.code.localeCompare(y.code)) });
  ours.forEach((o, c) => {
    const q = peer[c]!;
    if (norm(o) !== norm(q)) throw new Error(`stats of column ${o.name} differ; refusing to time.\n ours: ${norm(o).slice(0, 400)}\n peer: ${norm(q).slice(0, 400)}`);
    if (q.distinctCapped) return;
    const off = Math.abs(o.distinct - q.distinct) / Math.max(1, q.distinct);
    if (o.distinctEstimated ? off > 0.03 : off !== 0) throw new Error(`distinct counts of column ${o.name} differ: ours ${o.distinct}, peer ${q.distinct}`);
  });
}
