/**
 * valueBytes (format/value-bytes.ts) against the per-value path it replaced: for random values
 * and edge cases of every typed column, the bytes written in place equal TextEncoder(valueText),
 * and the CSV and NDJSON cells equal what the per-value writers produced, byte for byte.
 */
import { describe, expect, it } from 'vitest';
import {
  Bool, DateDay, Decimal, Float32, Float64, Int8, Int32, Int64, Uint32, Uint64,
  TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond, TimestampSecond, Type, makeData,
} from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { GrowableBytes } from '@tuomin/core/internal';
import { appendCell, cellRules, encodeColumn } from '../src/csv/encode-column.js';
import type { CellRules } from '../src/csv/encode-column.js';
import { cellWriter } from '../src/ndjson/cells.js';
import { valueBytes } from '../src/format/value-bytes.js';
import { valueText } from '../src/format/value-text.js';

/** Seeded xorshift32, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const N = 4000;

function validity(n: number, r: () => number): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array(Math.ceil(n / 8));
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (r() < 0.1) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nulls };
}

function dataOf(type: DataType, n: number, data: ArrayBufferView, r: () => number): Data {
  const { bitmap, nulls } = validity(n, r);
  return makeData({ type, length: n, nullCount: nulls, nullBitmap: bitmap, data } as never);
}

/** A random bigint of 1..maxDigits digits, either sign. */
function bigOf(r: () => number, maxDigits: number): bigint {
  const len = 1 + Math.floor(r() * maxDigits);
  let s = '';
  for (let k = 0; k < len; k++) s += String(Math.floor(r() * 10));
  const v = BigInt(s);
  return r() < 0.5 ? -v : v;
}

function decimalColumn(scale: number, bitWidth: number, r: () => number): Data {
  const stride = bitWidth / 32;
  const maxDigits = bitWidth === 128 ? 38 : bitWidth === 256 ? 76 : 18;
  const top = 1n << BigInt(bitWidth - 1);
  const edges = [0n, 1n, -1n, 9n, -10n, 2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n, 2n ** 53n + 1n, -(2n ** 53n + 1n), 2n ** 64n, -(2n ** 64n), 10n ** BigInt(maxDigits) - 1n, -(10n ** BigInt(maxDigits) - 1n), top - 1n, -top, 10n ** 9n, 10n ** 18n, -(10n ** 27n), 7n, -140050n];
  const words = new Uint32Array(N * stride);
  const mask = (1n << BigInt(bitWidth)) - 1n;
  for (let i = 0; i < N; i++) {
    let v = i < edges.length ? edges[i]! : bigOf(r, r() < 0.5 ? 15 : maxDigits);
    if (v >= top || v < -top) v = 0n;
    let x = v & mask;
    for (let k = 0; k < stride; k++) {
      words[i * stride + k] = Number(x & 0xffffffffn);
      x >>= 32n;
    }
  }
  return dataOf(new Decimal(scale, maxDigits, bitWidth), N, words, r);
}

function int64Column(signed: boolean, r: () => number): Data {
  const edges = signed
    ? [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 32n, -(2n ** 32n)]
    : [0n, 1n, 2n ** 64n - 1n, 2n ** 63n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 32n];
  const a = signed ? new BigInt64Array(N) : new BigUint64Array(N);
  for (let i = 0; i < N; i++) {
    let v = i < edges.length ? edges[i]! : bigOf(r, r() < 0.7 ? 12 : 19);
    if (!signed && v < 0n) v = -v;
    a[i] = signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v);
  }
  return dataOf(signed ? new Int64() : new Uint64(), N, a, r);
}

function floatColumn(r: () => number, f32: boolean): Data {
  const edges = [0, -0, NaN, Infinity, -Infinity, 0.1, -0.5, 1e21, 1e-7, 5e-324, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 60, 1.7976931348623157e308, 123456789012, -42];
  const a = f32 ? new Float32Array(N) : new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const k = r();
    a[i] = i < edges.length ? edges[i]! : k < 0.3 ? Math.round((r() - 0.5) * 1e6) : k < 0.6 ? Math.round((r() - 0.5) * 1e8) / 100 : (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
  }
  return dataOf(f32 ? new Float32() : new Float64(), N, a, r);
}

function dateColumn(r: () => number): Data {
  // 0000-01-01 is day -719528, 9999-12-31 day 2932896: both sides of each, and years beyond.
  const edges = [0, -1, -719528, -719529, 2932896, 2932897, 11016, -25567, -1000000, 4000000];
  const a = new Int32Array(N);
  for (let i = 0; i < N; i++) a[i] = i < edges.length ? edges[i]! : Math.floor((r() - 0.3) * 3_700_000);
  return dataOf(new DateDay(), N, a, r);
}

function timestampColumn(type: DataType, perSecond: number, r: () => number): Data {
  const a = new BigInt64Array(N);
  const edges = [0n, -1n, 1n, 2n ** 53n, -(2n ** 53n), 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), BigInt(253402300799) * BigInt(perSecond), BigInt(253402300800) * BigInt(perSecond), BigInt(-62167219200) * BigInt(perSecond), BigInt(-62167219201) * BigInt(perSecond)];
  for (let i = 0; i < N; i++) {
    a[i] = i < edges.length ? BigInt.asIntN(64, edges[i]!) : BigInt(Math.floor((r() - 0.4) * 4e11)) * BigInt(perSecond) + BigInt(Math.floor(r() * perSecond));
  }
  return dataOf(type, N, a, r);
}

function columns(): Array<[string, Data]> {
  const r = rng(20261206);
  const cols: Array<[string, Data]> = [
    ['decimal(38,2)', decimalColumn(2, 128, r)],
    ['decimal(38,0)', decimalColumn(0, 128, r)],
    ['decimal(38,38)', decimalColumn(38, 128, r)],
    ['decimal(38,-3)', decimalColumn(-3, 128, r)],
    ['decimal256(76,10)', decimalColumn(10, 256, r)],
    ['int64', int64Column(true, r)],
    ['uint64', int64Column(false, r)],
    ['int32', dataOf(new Int32(), N, Int32Array.from({ length: N }, (_, i) => (i === 0 ? -2147483648 : i === 1 ? 2147483647 : Math.floor((r() - 0.5) * 2 ** 32))), r)],
    ['int8', dataOf(new Int8(), N, Int8Array.from({ length: N }, () => Math.floor((r() - 0.5) * 256)), r)],
    ['uint32', dataOf(new Uint32(), N, Uint32Array.from({ length: N }, (_, i) => (i === 0 ? 4294967295 : Math.floor(r() * 2 ** 32))), r)],
    ['float64', floatColumn(r, false)],
    ['float32', floatColumn(r, true)],
    ['bool', dataOf(new Bool(), N, Uint8Array.from({ length: N / 8 }, () => Math.floor(r() * 256)), r)],
    ['date32', dateColumn(r)],
    ['timestamp[s]', timestampColumn(new TimestampSecond(), 1, r)],
    ['timestamp[ms, UTC]', timestampColumn(new TimestampMillisecond('UTC'), 1e3, r)],
    ['timestamp[us]', timestampColumn(new TimestampMicrosecond(), 1e6, r)],
    ['timestamp[ns, UTC]', timestampColumn(new TimestampNanosecond('UTC'), 1e9, r)],
  ];
  // Sliced chunks too: values start inside the buffers and validity at bit `offset`.
  return cols.flatMap(([name, d]) => [[name, d], [`${name} sliced`, d.slice(13, N - 40)]] as Array<[string, Data]>);
}

/**
 * An independent decimal text, by BigInt (the algorithm decimalText had before decimal-bytes.ts):
 * valueText and valueBytes now share one formatter, so decimals are checked against this too.
 */
function bigintDecimalText(words: Uint32Array, index: number, stride: number, scale: number): string {
  let x = 0n;
  for (let k = stride - 1; k >= 0; k--) x = (x << 32n) | BigInt(words[index * stride + k]!);
  if (words[index * stride + stride - 1]! & 0x80000000) x -= 1n << BigInt(stride * 32);
  const negative = x < 0n;
  let digits = (negative ? -x : x).toString();
  if (scale > 0) {
    if (digits.length <= scale) digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  } else if (scale < 0 && digits !== '0') digits += '0'.repeat(-scale);
  return negative ? `-${digits}` : digits;
}

const isValid = (d: Data, i: number): boolean => d.nullCount === 0 || ((d.nullBitmap![(d.offset + i) >> 3]! >> ((d.offset + i) & 7)) & 1) === 1;

/** The CSV cells as the per-value path wrote them before valueBytes: TextEncoder per value, then appendCell. */
function perValueCsv(d: Data, rules: CellRules): Uint8Array {
  const text = valueText(d, 'c', 'CSV');
  const enc = new TextEncoder();
  const out = new GrowableBytes(1024);
  for (let i = 0; i < d.length; i++) {
    if (!isValid(d, i)) out.append(rules.nullToken, 0, rules.nullToken.length);
    else {
      const t = enc.encode(text(i));
      appendCell(out, t, 0, t.length, rules);
    }
  }
  return out.finish();
}

/** The NDJSON values as the per-value writers gave them: decimals and numbers bare, temporal quoted, non-finite floats null. */
function perValueNdjson(d: Data): string {
  const text = valueText(d, 'c', 'NDJSON');
  const temporal = d.type.typeId === Type.Date || d.type.typeId === Type.Timestamp;
  let s = '';
  for (let i = 0; i < d.length; i++) {
    if (!isValid(d, i)) { s += 'null'; continue; }
    const t = text(i);
    s += temporal ? `"${t}"` : t === 'NaN' || t === 'Infinity' || t === '-Infinity' ? 'null' : t;
  }
  return s;
}

describe('valueBytes: the bytes of valueText, written in place', () => {
  for (const [name, d] of columns()) {
    it(`${name}: every valid value`, () => {
      const write = valueBytes(d, 'c', 'CSV');
      const text = valueText(d, 'c', 'CSV');
      const enc = new TextEncoder();
      const out = new GrowableBytes(16);
      let checked = 0;
      for (let i = 0; i < d.length; i++) {
        if (!isValid(d, i)) continue;
        out.length = 0;
        write(i, out);
        const want = enc.encode(text(i));
        if (Buffer.compare(Buffer.from(out.finish()), Buffer.from(want)) !== 0) {
          expect(`${name}[${i}]: ${new TextDecoder().decode(out.finish())}`).toBe(`${name}[${i}]: ${text(i)}`);
        }
        if (d.type.typeId === Type.Decimal) {
          const t = d.type as Decimal;
          expect(text(i)).toBe(bigintDecimalText(d.values as Uint32Array, i, t.bitWidth / 32, t.scale));
        }
        checked++;
      }
      expect(checked).toBeGreaterThan(d.length * 0.8);
    });
  }

  // A delimiter or null token that typed text can contain forces the quoting the old path applied.
  const dialects: Array<[string, CellRules]> = [
    ['comma', cellRules(',', '')],
    ['dash delimiter, null token 0', cellRules('-', '0')],
    ['colon delimiter, null token NaN', cellRules(':', 'NaN')],
    ['dot delimiter, null token true', cellRules('.', 'true')],
  ];
  for (const [dialect, rules] of dialects) {
    it(`CSV cells equal the per-value path's bytes (${dialect})`, () => {
      for (const [name, d] of columns()) {
        const got = encodeColumn(d, rules, name);
        const want = perValueCsv(d, rules);
        expect(Buffer.from(got.bytes).equals(Buffer.from(want)), `${name}`).toBe(true);
        expect(got.offsets.length).toBe(d.length + 1);
      }
    });
  }

  it("NDJSON values equal the per-value path's text", () => {
    for (const [name, d] of columns()) {
      const w = cellWriter(d, name);
      const out = new GrowableBytes(1024);
      for (let i = 0; i < d.length; i++) w(i, out);
      expect(new TextDecoder().decode(out.finish()), name).toBe(perValueNdjson(d));
    }
  });
});
