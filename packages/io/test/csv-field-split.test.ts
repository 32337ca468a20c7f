import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/index.js';
import { rng, rowsOf, utf8 } from './fixtures-csv/helpers.js';

/**
 * The parser's fast path splits unquoted fields 4 bytes at a time (record-parser.ts, SWAR_LINE)
 * and copies them by words: fields of every length around a word, the delimiter at every position
 * in a word, bytes that differ from the delimiter in one bit (0x2C vs 0xAC, 0x2D, 0x0C), multi-byte
 * characters, null tokens, and lines past SWAR_LINE (memchr), for each delimiter and read size.
 */
describe('CSV fields split by words', () => {
  const alphabet = ['a', 'b', '-', '+', '.', '\f', '¬', '字', '😀', ' ', 'é', ';', '\t', '|'];
  const field = (r: () => number, delim: string): string => {
    const n = Math.floor(r() * 14);
    let s = '';
    for (let k = 0; k < n; k++) {
      const c = alphabet[Math.floor(r() * alphabet.length)]!;
      if (c !== delim) s += c;
    }
    return s;
  };

  for (const delim of [',', ';', '\t', '|']) {
    it(`delimiter ${JSON.stringify(delim)}: rows as written, any read size, with and without null tokens`, () => {
      const r = rng(delim.charCodeAt(0));
      const rows: string[][] = [];
      for (let i = 0; i < 300; i++) rows.push(Array.from({ length: 5 }, () => field(r, delim)));
      // Lines longer than SWAR_LINE go the memchr way.
      rows.push(['x'.repeat(5000), 'y', '', 'z'.repeat(4097), '字'.repeat(2000)]);
      rows.push(['', '', '', '', '']);
      rows.push(['NULL', 'a', 'NULL', '', 'b']);
      const text = rows.map((row) => row.join(delim)).join('\n') + '\n';
      const header = ['c1', 'c2', 'c3', 'c4', 'c5'].join(delim) + '\n';
      const bytes = utf8(header + text);
      for (const chunkSize of [7, 64, 1 << 20]) {
        const plain = parseCsv(bytes, { delimiter: delim as ',', chunkSize });
        expect(rowsOf(plain.schema, plain.batches)).toEqual(rows);
        const nulls = parseCsv(bytes, { delimiter: delim as ',', chunkSize, nullTokens: ['NULL', ''] });
        expect(rowsOf(nulls.schema, nulls.batches)).toEqual(rows.map((row) => row.map((v) => (v === 'NULL' || v === '' ? null : v))));
      }
    });
  }
});
