import { describe, expect, it } from 'vitest';
import { parseString } from 'fast-csv';
import { parseCsv } from '../src/index.js';
import { rng, rowsOf, utf8 } from './fixtures-csv/helpers.js';

const POOL = ['a', 'b', 'Z', '0', '9', ' ', '中', '文', '脱', '敏', '，', '。', '"', ',', '\n', '\r\n', '🐉', '\t', ';', '|', "'", '\\'];

/** A random well-formed CSV: quotes, doubled quotes, delimiters and line breaks inside quotes, Chinese, emoji. */
export function randomCsv(seed: number): { text: string; rows: string[][] } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const ncols = 2 + Math.floor(r() * 5);
  const nrows = 1 + Math.floor(r() * 25);
  const eol = pick(['\n', '\r\n', '\r\n', '\n']);
  const rows: string[][] = [];
  const lines: string[] = [];
  for (let i = 0; i < nrows; i++) {
    const row: string[] = [];
    const cells: string[] = [];
    for (let c = 0; c < ncols; c++) {
      const len = Math.floor(r() * (r() < 0.2 ? 40 : 8));
      let v = '';
      for (let k = 0; k < len; k++) v += pick(POOL);
      row.push(v);
      // fast-csv turns an unquoted all-blank field ("  ") into "", which RFC 4180 does not; quote those.
      const must = /[",\r\n]/.test(v) || /^[ \t]+$/.test(v);
      cells.push(must || r() < 0.2 ? `"${v.replace(/"/g, '""')}"` : v);
    }
    rows.push(row);
    lines.push(cells.join(','));
  }
  return { text: lines.join(eol) + (r() < 0.7 ? eol : ''), rows };
}

export function fastCsvRows(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const out: string[][] = [];
    parseString(text, { headers: false })
      .on('error', reject)
      .on('data', (row: string[]) => out.push(row))
      .on('end', () => resolve(out));
  });
}

describe('agreement with fast-csv on well-formed input', () => {
  it('220 random CSVs: same rows as fast-csv and as generated, at random chunk and batch sizes', async () => {
    let cells = 0;
    for (let seed = 1; seed <= 220; seed++) {
      const { text, rows } = randomCsv(seed);
      const theirs = await fastCsvRows(text);
      const chunkSize = seed % 3 === 0 ? 1 + (seed % 17) : 1 << 20;
      const ours = parseCsv(utf8(text), { header: false, delimiter: ',', chunkSize, batchSize: 1 + (seed % 9) });
      const got = rowsOf(ours.schema, ours.batches);
      expect(got, `seed ${seed}`).toEqual(theirs);
      expect(got, `seed ${seed}`).toEqual(rows);
      cells += rows.length * rows[0]!.length;
    }
    expect(cells).toBeGreaterThan(2000);
  });

  it('the committed fixture samples parse the same as with fast-csv', async () => {
    const { readFileSync, existsSync } = await import('node:fs');
    const path = new URL('../../../fixtures/samples/penalties.csv', import.meta.url);
    if (!existsSync(path)) return;
    const bytes = readFileSync(path);
    const ours = parseCsv(bytes, { header: false });
    const theirs = await fastCsvRows(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    expect(rowsOf(ours.schema, ours.batches)).toEqual(theirs);
  });
});
