/** pnpm bench:summary — render benchmarks/results/*.json as Markdown tables (for docs/benchmarks.md). */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { resultsDir, type ResultRow } from './lib/harness.js';

const files = (await readdir(resultsDir)).filter((f) => f.endsWith('.json')).sort();
for (const f of files) {
  const rows = JSON.parse(await readFile(join(resultsDir, f), 'utf8')) as ResultRow[];
  if (!Array.isArray(rows)) continue;
  console.log(`\n### ${f.replace(/\.json$/, '')}\n`);
  console.log('| case | rows | ms | rows/s | MB/s | peer | peer ms | ratio (peer/ours) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const mb = r.bytes ? r.mbPerSec.toFixed(1) : '';
    console.log(`| ${r.case}${r.note ? ` (${r.note})` : ''} | ${r.rows.toLocaleString('en-US')} | ${r.ms.toFixed(0)} | ${r.rowsPerSec.toLocaleString('en-US')} | ${mb} | ${r.peer ?? ''} | ${r.peerMs === null ? '' : r.peerMs.toFixed(0)} | ${r.ratio === null ? '' : r.ratio.toFixed(2)} |`);
  }
}
