import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { TuominError } from '@tuomin/core';
import { parseCsv } from '../src/index.js';
import { rowsOf, utf8 } from './fixtures-csv/helpers.js';

const samples = new URL('../../../fixtures/samples/', import.meta.url);
const sample = (f: string) => new URL(f, samples);

describe('bounded memory: records that never end', () => {
  const good = Array.from({ length: 40 }, (_, i) => `${i},值${i}`).join('\n');
  const text = `a,b\n1,"open\n${good}\n`;

  it('an unterminated quote mid-stream is reported once the record exceeds maxRecordBytes', () => {
    expect(() => parseCsv(utf8(text), { chunkSize: 16, maxRecordBytes: 64, name: 'x.csv' })).toThrow(
      /x\.csv, line 2, byte 6, column "b": unterminated quote/,
    );
  });

  it('past the detection sample, too', () => {
    const big = `a,b\n1,"open\n${'2,x\n'.repeat(20_000)}`;
    expect(() => parseCsv(utf8(big), { chunkSize: 4096, maxRecordBytes: 10_000, name: 'y.csv' })).toThrow(
      /y\.csv, line 2, byte 6, column "b": unterminated quote/,
    );
  });

  it('skip mode rejects the line holding the stray quote and reads on', () => {
    for (const maxRecordBytes of [64, 1 << 20]) {
      const r = parseCsv(utf8(text), { chunkSize: 16, maxRecordBytes, onBadRow: 'skip' });
      expect(new TextDecoder().decode(r.rejects)).toBe('1,"open\n');
      expect(rowsOf(r.schema, r.batches)).toHaveLength(40);
      expect(rowsOf(r.schema, r.batches)[39]).toEqual(['39', '值39']);
    }
  });

  it('a row without any line end longer than maxRecordBytes is an error', () => {
    // Beyond the 64 KiB detection sample, which is always read whole.
    const long = `a,b\n1,${'x'.repeat(100_000)}`;
    expect(() => parseCsv(utf8(long + '\n'), { chunkSize: 4096, maxRecordBytes: 1000 })).toThrow(/longer than 1000 bytes without a line end/);
  });

  it('GBK text with no line break for over 1 MiB still decodes in bounded pieces', () => {
    const big = '甲乙丙丁'.repeat(140_000); // 1.1 MB in GBK
    const bytes = new Uint8Array(iconv.encode(`名,值\n1,${big}\n2,x\n`, 'gbk'));
    const r = parseCsv(bytes, { chunkSize: 256 * 1024 });
    const rows = rowsOf(r.schema, r.batches);
    expect(rows.map((x) => x[1]!.length)).toEqual([big.length, 1]);
    expect(rows[0]![1]).toBe(big);
  });
});

describe('encoding detection beyond the sample', () => {
  it('a file that looks like UTF-8 in its first 64 KiB but is not later names line, offset and --encoding', () => {
    const head = `a,b\n${'1,ascii only\n'.repeat(6000)}`;
    const bytes = new Uint8Array([...utf8(head), ...iconv.encode('2,中文\n', 'gbk')]);
    try {
      parseCsv(bytes, { name: 'late.csv' });
      expect.unreachable();
    } catch (e) {
      const err = e as TuominError;
      expect(err.message).toMatch(/not valid UTF-8/);
      expect(err.location).toMatchObject({ line: 6002, byteOffset: utf8(head).length + 2 });
      expect(err.hint).toMatch(/--encoding gb18030/);
    }
  });
});

describe.skipIf(!existsSync(sample('penalties.csv')))('committed fixture samples', () => {
  it('the GBK sample (auto-detected) equals the UTF-8 sample', () => {
    const u = parseCsv(readFileSync(sample('penalties.csv')));
    const g = parseCsv(readFileSync(sample('penalties-gbk.csv')));
    expect(g.stats.encoding).toBe('gb18030');
    expect(u.stats.rows).toBe(500);
    expect(rowsOf(g.schema, g.batches)).toEqual(rowsOf(u.schema, u.batches));
    expect(g.schema.fields.map((f) => f.name)).toEqual(u.schema.fields.map((f) => f.name));
  });

  it('the messy sample: its ragged line is reported where the manifest says, and skipped on request', () => {
    const manifest = JSON.parse(readFileSync(sample('manifest.json'), 'utf8')) as { files: Array<{ file: string; rows: number; ragged?: { line: number; byteOffset: number } }> };
    const m = manifest.files.find((f) => f.file === 'penalties-messy.csv')!;
    const bytes = readFileSync(sample('penalties-messy.csv'));
    expect(() => parseCsv(bytes, { name: 'messy.csv' })).toThrow(`messy.csv, line ${m.ragged!.line}, byte ${m.ragged!.byteOffset}: ragged row`);
    const r = parseCsv(bytes, { onBadRow: 'skip', nullTokens: ['无', 'NULL', '-'], chunkSize: 4096 });
    expect(r.stats.badRows).toBe(1);
    expect(r.stats.rows).toBe(m.rows - 1); // the manifest counts the ragged record as a row
  });
});
