/**
 * Memory of the XLSX reader on a large workbook (H3, December 2026): `write <path> <rows>` makes
 * a workbook with the project's own writer (20 text columns of seeded random text, inline strings);
 * `read <path>` reads it through openSource, counting rows and sampling the heap and RSS;
 * `sheetjs <path>` reads it with SheetJS (the peer, whole-workbook) for comparison. Run each in its
 * own process under `/usr/bin/time -v` for the peak RSS:
 *   node --conditions=@tuomin/source --import tsx benchmarks/xlsx-read-memory.ts write /tmp/big.xlsx 800000
 */
import { statSync } from 'node:fs';
import { Field, Schema, Utf8, vectorFromArray, type RecordBatch } from 'apache-arrow';
import { batchFromColumns } from '@tuomin/core';
import { openSource, writeXlsx } from '@tuomin/io';
import { Rng } from '../fixtures/lib/rng.js';

const [mode, path, rowsArg] = process.argv.slice(2);
const COLS = 20;
const BATCH = 20_000;

async function* generated(rows: number, schema: Schema): AsyncIterable<RecordBatch> {
  const rng = new Rng(7, 1);
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz张王李赵刘陈杨黄周吴';
  for (let done = 0; done < rows; done += BATCH) {
    const n = Math.min(BATCH, rows - done);
    const cols = schema.fields.map(() => {
      const v: string[] = new Array(n);
      for (let i = 0; i < n; i++) {
        let s = '';
        const len = 8 + rng.int(12);
        for (let k = 0; k < len; k++) s += alphabet[rng.int(alphabet.length)];
        v[i] = s;
      }
      return vectorFromArray(v, new Utf8()).data[0]!;
    });
    yield batchFromColumns(schema, cols, n);
  }
}

const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

if (mode === 'write') {
  const schema = new Schema(Array.from({ length: COLS }, (_, i) => new Field(`列${i + 1}`, new Utf8(), true)));
  const t = performance.now();
  const r = await writeXlsx(path!, schema, generated(Number(rowsArg), schema), { compressionLevel: 1 });
  console.log(`wrote ${r.rows} rows, ${mb(r.bytes)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
} else if (mode === 'read') {
  let peakHeap = 0;
  let peakRss = 0;
  const sample = () => { const m = process.memoryUsage(); peakHeap = Math.max(peakHeap, m.heapUsed); peakRss = Math.max(peakRss, m.rss); };
  const timer = setInterval(sample, 200);
  const t = performance.now();
  const source = await openSource(path!, { batchSize: 65_536 });
  let rows = 0;
  for await (const b of source.batches()) { rows += b.numRows; sample(); }
  clearInterval(timer);
  const s = (performance.now() - t) / 1000;
  console.log(`read ${rows} rows × ${source.schema.fields.length} columns of a ${mb(statSync(path!).size)} workbook in ${s.toFixed(1)} s: peak heap ${mb(peakHeap)}, peak RSS ${mb(peakRss)}`);
} else if (mode === 'sheetjs') {
  const XLSX = (await import('xlsx')).default;
  const t = performance.now();
  const wb = XLSX.readFile(path!, { dense: true });
  const ws = wb.Sheets[wb.SheetNames[0]!]!;
  const rows = XLSX.utils.sheet_to_json(ws, { header: 1 }).length;
  console.log(`SheetJS read ${rows} rows in ${((performance.now() - t) / 1000).toFixed(1)} s, RSS ${mb(process.memoryUsage().rss)}`);
}
