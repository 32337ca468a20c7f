import { describe, expect, it } from 'vitest';
import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { parseCsv } from '../src/index.js';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLayout, evenCuts, fileBytes, joinCsvPartitions, readCsvPartition, readCsvPartitions } from '../src/csv/partition.js';
import { mulberry32 as random } from '../../../benchmarks/lib/random.js';


const PIECES = ['a', 'bc', '张三', ' ', ',', '"', '""', '\n', '\r\n', '\r', 'x1', ''];

/** A random CSV: quoted newlines, doubled quotes, CRLF, CR or LF line ends, sometimes a BOM, blank lines and no final line end. */
function randomCsv(rnd: () => number): Uint8Array {
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const eol = pick(['\n', '\r\n', '\r']);
  const ncols = 1 + Math.floor(rnd() * 4);
  const field = (): string => {
    let v = '';
    for (let k = Math.floor(rnd() * 4); k > 0; k--) v += pick(PIECES);
    // Any field may be quoted; one with a delimiter, quote or line end must be.
    return /[,"\r\n]/.test(v) || rnd() < 0.2 ? `"${v.replaceAll('"', '""')}"` : v;
  };
  const lines = [Array.from({ length: ncols }, (_, c) => `h${c}`).join(',')];
  for (let r = 1 + Math.floor(rnd() * 12); r > 0; r--) {
    if (ncols > 1 && rnd() < 0.1) lines.push('');
    // A one-column row of one empty field would be a blank line: give it a value.
    lines.push(ncols === 1 ? `"${field().replaceAll('"', '')}"` : Array.from({ length: ncols }, field).join(','));
  }
  const text = (rnd() < 0.3 ? '\ufeff' : '') + lines.join(eol) + (rnd() < 0.7 ? eol : '');
  return new TextEncoder().encode(text);
}

function rowsOf(batches: RecordBatch[]): Array<Array<string | null>> {
  const out: Array<Array<string | null>> = [];
  for (const b of batches) {
    for (let i = 0; i < b.numRows; i++) out.push(b.schema.fields.map((_, c) => (b.getChildAt(c)!.get(i) as string | null)));
  }
  return out;
}

describe('CSV partitions', () => {
  it('random CSVs split at every byte offset into 2–8 partitions read the same rows as the sequential reader', () => {
    const rnd = random(151515);
    let splits = 0;
    let several = 0;
    for (let f = 0; f < 60; f++) {
      const bytes = randomCsv(rnd);
      const sequential = parseCsv(bytes, { delimiter: ',', batchSize: 5 });
      const expected = rowsOf(sequential.batches);
      const layout = csvLayout(bytes, { delimiter: ',', batchSize: 5 });
      expect(layout.schema.fields.map((x) => x.name)).toEqual(sequential.schema.fields.map((x) => x.name));
      for (let at = 0; at <= bytes.length; at++) {
        const more = Array.from({ length: Math.floor(rnd() * 7) }, () => Math.floor(rnd() * (bytes.length + 1)));
        // Boundaries found through read windows of 1 to 8 bytes as well as in one piece.
        const joined = readCsvPartitions(bytes, layout, [at, ...more], rnd() < 0.5 ? 1 + Math.floor(rnd() * 8) : undefined);
        expect(rowsOf(joined.reads.flatMap((r) => r.batches)), `file ${f}, cuts ${[at, ...more].join(' ')}`).toEqual(expected);
        expect(joined.rows).toBe(expected.length);
        // Global row numbers: the prefix sums of the partitions' row counts.
        joined.reads.forEach((r, i) => expect(joined.rowBase[i]).toBe(joined.reads.slice(0, i).reduce((a, x) => a + x.rows, 0)));
        splits++;
        if (joined.reads.length > 1) several++;
      }
    }
    expect(splits).toBeGreaterThan(3000);
    // Most splits keep more than one partition (a cut inside the header or the last record does not).
    expect(several).toBeGreaterThan(splits / 2);
  });

  it('line numbers of each partition start where the sequential reader counts them', () => {
    const text = 'id,note\n1,"two\nlines"\n2,plain\r\n3,"x"\r4,y\n';
    const bytes = new TextEncoder().encode(text);
    const layout = csvLayout(bytes);
    const cut = text.indexOf('2,plain');
    const joined = readCsvPartitions(bytes, layout, [cut]);
    expect(joined.reads.map((r) => r.part.start)).toEqual([layout.dataStart, cut]);
    expect(joined.lineBase).toEqual([2, 4]);
    expect(joined.rowBase).toEqual([0, 1]);
  });

  it('even cuts of a large file give the sequential rows with each partition read on its own', () => {
    const rnd = random(7);
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},"note ${i}${rnd() < 0.1 ? '\nmore, ""quoted""' : ''}",${rnd() < 0.05 ? '' : 'v'}`);
    const bytes = new TextEncoder().encode(`id,note,v\r\n${rows.join('\r\n')}\r\n`);
    const layout = csvLayout(bytes, { nullTokens: [''] });
    const expected = rowsOf(parseCsv(bytes, { nullTokens: [''] }).batches);
    for (const n of [2, 3, 5, 8]) {
      const joined = readCsvPartitions(bytes, layout, evenCuts(layout, bytes.length, n));
      expect(joined.reads.length).toBe(n);
      expect(rowsOf(joined.reads.flatMap((r) => r.batches))).toEqual(expected);
    }
  });

  it('a deliberately inconsistent split is an error, never lost or repeated rows', () => {
    const text = 'id,note\n1,"a\n2,not a row"\n3,c\n4,d\n';
    const bytes = new TextEncoder().encode(text);
    const layout = csvLayout(bytes);
    const inside = text.indexOf('2,not');
    const three = text.indexOf('3,c');
    const four = text.indexOf('4,d');
    const read = (start: number, end: number, index: number, last: boolean) => readCsvPartition(bytes.subarray(start, end), layout, { index, start, end }, last);
    // A boundary inside a quoted field: the partition before it does not end on a record boundary.
    const err = (() => { try { joinCsvPartitions(layout, bytes.length, [read(layout.dataStart, inside, 0, false), read(inside, bytes.length, 1, true)]); } catch (e) { return e; } })() as TuominError;
    expect(err).toBeInstanceOf(TuominError);
    expect(err.message).toMatch(/partition 0 .* does not end on a record boundary/);
    // A gap (row 3 skipped) and an overlap (row 3 twice).
    expect(() => joinCsvPartitions(layout, bytes.length, [read(layout.dataStart, three, 0, false), read(four, bytes.length, 1, true)])).toThrow(/partition 1 starts at byte \d+, but the data before it ends at byte \d+/);
    expect(() => joinCsvPartitions(layout, bytes.length, [read(layout.dataStart, four, 0, false), read(three, bytes.length, 1, true)])).toThrow(/not contiguous/);
    // The last partition must reach the end of the file.
    expect(() => joinCsvPartitions(layout, bytes.length, [read(layout.dataStart, four, 0, true)])).toThrow(/the last partition ends at byte/);
  });

  it('a quote inside an unquoted field breaks parity: the guess is re-read, not trusted', () => {
    const text = 'id,note\n1,5" screen\n2,"x\ny"\n3,z\n';
    const bytes = new TextEncoder().encode(text);
    const layout = csvLayout(bytes);
    const expected = rowsOf(parseCsv(bytes).batches);
    for (let at = 0; at <= bytes.length; at++) {
      expect(rowsOf(readCsvPartitions(bytes, layout, [at]).reads.flatMap((r) => r.batches))).toEqual(expected);
    }
  });

  it('a file is read by range: each partition reads only its own bytes, the boundaries in small windows', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i},"line ${i}${i % 7 === 0 ? '\r\nwith a break' : ''}",x`);
    const text = `\ufeffid,note,v\r\n${rows.join('\r\n')}`;
    const bytes = new TextEncoder().encode(text);
    const path = join(await mkdtemp(join(tmpdir(), 'tuomin-partition-')), 'in.csv');
    writeFileSync(path, bytes);
    const fd = openSync(path, 'r');
    try {
      const reads: Array<[number, number]> = [];
      const src = fileBytes(fd, bytes.length);
      const counting = {
        size: src.size,
        read: (a: number, b: number) => { reads.push([a, b]); return src.read(a, b); },
        readInto: (a: number, b: number, into: Uint8Array, at: number) => { reads.push([a, b]); src.readInto(a, b, into, at); },
      };
      const layout = csvLayout(counting, { file: path });
      reads.length = 0;
      const joined = readCsvPartitions(counting, layout, evenCuts(layout, bytes.length, 4), 64);
      expect(rowsOf(joined.reads.flatMap((r) => r.batches))).toEqual(rowsOf(parseCsv(bytes).batches));
      // Nothing read in one piece but the partitions themselves (each about a quarter of the file).
      expect(Math.max(...reads.map(([a, b]) => b - a))).toBeLessThan(bytes.length / 3);
    } finally {
      closeSync(fd);
    }
  });

  it('only UTF-8 is partitioned', () => {
    const gbk = new Uint8Array([0x69, 0x64, 0x2c, 0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0x31, 0x2c, 0xd5, 0xc5, 0x0a]);
    expect(() => csvLayout(gbk)).toThrow(/only UTF-8 files are read in partitions/);
  });
});
