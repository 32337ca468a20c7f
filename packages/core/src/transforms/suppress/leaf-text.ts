import { type Data, Type, type Vector } from 'apache-arrow';
import { type Utf8View, utf8View } from '../../kernels/utf8.js';

/** A test on one text value's bytes, src[s, e). */
export type BytesTest = (src: Uint8Array, s: number, e: number) => boolean;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** equals / in: compare bytes, no decoding; targets grouped by byte length. */
export function bytesIn(targets: string[]): BytesTest {
  const byLen = new Map<number, Uint8Array[]>();
  for (const t of targets) {
    const b = encoder.encode(t);
    const list = byLen.get(b.length) ?? [];
    list.push(b);
    byLen.set(b.length, list);
  }
  return (src, s, e) => {
    const list = byLen.get(e - s);
    if (list === undefined) return false;
    for (const t of list) {
      let k = 0;
      while (k < t.length && src[s + k] === t[k]) k++;
      if (k === t.length) return true;
    }
    return false;
  };
}

/** matches: decodes the value (dictionary columns decode each entry once). */
export function bytesMatch(re: RegExp): BytesTest {
  return (src, s, e) => re.test(decoder.decode(src.subarray(s, e)));
}

/** Evaluate a bytes test on a text chunk (plain or dictionary); out[i] = 1 where a non-null value passes. */
export function evalText(data: Data, test: BytesTest): Uint8Array {
  const n = data.length;
  const out = new Uint8Array(n);
  if (data.typeId === Type.Dictionary) {
    const entries = evalDictionary(data.dictionary as Vector, test);
    const idx = data.values as ArrayLike<number>;
    const bm = data.nullCount > 0 ? data.nullBitmap : null;
    const off = data.offset;
    for (let i = 0; i < n; i++) {
      if (bm && ((bm[(off + i) >> 3]! >> ((off + i) & 7)) & 1) === 0) continue;
      out[i] = entries[idx[i]!]!;
    }
    return out;
  }
  fillText(utf8View(data), test, out, 0);
  return out;
}

function evalDictionary(dict: Vector, test: BytesTest): Uint8Array {
  const out = new Uint8Array(dict.length);
  let base = 0;
  for (const c of dict.data) {
    fillText(utf8View(c), test, out, base);
    base += c.length;
  }
  return out;
}

function fillText(v: Utf8View, test: BytesTest, out: Uint8Array, base: number): void {
  const { values, offsets, validity, bitOffset } = v;
  for (let i = 0; i < v.length; i++) {
    if (validity !== null && ((validity[(bitOffset + i) >> 3]! >> ((bitOffset + i) & 7)) & 1) === 0) continue;
    if (test(values, offsets[i]!, offsets[i + 1]!)) out[base + i] = 1;
  }
}
