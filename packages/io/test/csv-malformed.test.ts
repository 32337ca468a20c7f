import { describe, expect, it } from 'vitest';
import { TuominError } from '@tuomin/core';
import { parseCsv } from '../src/index.js';
import { MALFORMED } from './fixtures-csv/malformed.js';
import { rowsOf } from './fixtures-csv/helpers.js';

describe('malformed CSV corpus', () => {
  it('has at least 100 cases', () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(100);
  });

  describe.each(MALFORMED.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it.each([1 << 20, 5])('fails with file, line, byte offset and advice (chunk %i)', (chunkSize) => {
      let err: unknown;
      try {
        parseCsv(c.bytes, { ...c.options, name: 'case.csv', chunkSize });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TuominError);
      const e = err as TuominError;
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toMatch(c.message);
      expect({ line: e.location.line, byteOffset: e.location.byteOffset, file: e.location.file }).toEqual({
        line: c.line, byteOffset: c.byteOffset, file: 'case.csv',
      });
      expect(e.message.startsWith(`case.csv, line ${c.line}, byte ${c.byteOffset}${c.column ? `, column "${c.column}"` : ''}: `)).toBe(true);
      expect(e.location.column).toBe(c.column);
      expect(e.hint).toMatch(c.hint);
    });

    if (c.reject) {
      it.each([1 << 20, 3])('skip mode: the bad row goes, byte for byte, to the rejects and every other row is kept (chunk %i)', (chunkSize) => {
        const r = parseCsv(c.bytes, { ...c.options, onBadRow: 'skip', chunkSize, batchSize: 2 });
        expect(r.stats.badRows).toBe(1);
        expect(Buffer.from(r.rejects).equals(Buffer.from(c.reject!))).toBe(true);
        expect(rowsOf(r.schema, r.batches)).toEqual(c.goodRows);
        expect(r.warnings.join()).toMatch(/1 bad row/);
      });
    }
  });
});

describe('byte order marks', () => {
  it('a UTF-16 file (Excel "Unicode text") is refused with what to do, not misread as GB18030', () => {
    for (const bom of [[0xff, 0xfe], [0xfe, 0xff]]) {
      const text = Buffer.from('姓名\t年龄\n张三\t30\n', 'utf16le');
      const bytes = new Uint8Array([...bom, ...text]);
      let err: unknown;
      try { parseCsv(bytes, { file: 'u16.txt' } as never); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(TuominError);
      expect(String(err)).toMatch(/UTF-16/);
      expect((err as TuominError).hint).toMatch(/UTF-8/);
    }
  });
  it('bytes invalid after a UTF-8 byte order mark: the hint does not suggest --encoding', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('a,b\n1,'), 0xc4, 0xe3, 0x0a]);
    let err: unknown;
    try { parseCsv(bytes, { encoding: 'auto' } as never); } catch (e) { err = e; }
    expect(String(err)).toMatch(/not valid UTF-8/);
    expect((err as TuominError).hint).toMatch(/byte order mark/);
    expect((err as TuominError).hint).not.toMatch(/--encoding/);
  });
});
