import type { RecordBatch, Schema } from 'apache-arrow';
import { columnData, utf8View } from '@tuomin/core/internal';
import { Type } from 'apache-arrow';

const dec = new TextDecoder();
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** All rows as arrays of string | null, read straight from the buffers (checks offsets and validity too). */
export function rowsOf(schema: Schema, batches: RecordBatch[]): (string | null)[][] {
  const out: (string | null)[][] = [];
  for (const b of batches) {
    const cols = schema.fields.map((_, c) => {
      const d = columnData(b, c);
      if (d.typeId !== Type.Utf8 && d.typeId !== Type.LargeUtf8) throw new Error(`column ${c} is ${String(d.type)}`);
      return utf8View(d);
    });
    for (let i = 0; i < b.numRows; i++) {
      out.push(
        cols.map((v) => {
          if (v.validity !== null && ((v.validity[(v.bitOffset + i) >> 3]! >> ((v.bitOffset + i) & 7)) & 1) === 0) return null;
          return dec.decode(v.values.subarray(v.offsets[i], v.offsets[i + 1]));
        }),
      );
    }
  }
  return out;
}

/** Minimal RFC 4180 text for test inputs (the library's writer is tested separately). */
export function toCsv(rows: (string | null)[][], eol = '\n', trailing = true): string {
  const cell = (v: string | null): string => (v === null ? '' : /[",\r\n]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join(',')).join(eol) + (trailing ? eol : '');
}

/** Deterministic PRNG (the one mulberry32 of fixtures/lib/rng.ts) so generated cases are the same on every run. */
export { mulberry32 as rng } from '../../../../fixtures/lib/rng.js';
