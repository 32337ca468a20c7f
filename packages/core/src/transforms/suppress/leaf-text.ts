import { type Data, Type, type Vector } from 'apache-arrow';
import { evaluateEntries, spreadEntries } from '../../kernels/dictionary.js';
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
    const dict = data.dictionary as Vector;
    return spreadEntries(data, evaluateEntries(dict, (src, s, e) => (test(src, s, e) ? 1 : 0), 0, new Uint8Array(dict.length)), 0, out);
  }
  fillText(utf8View(data), test, out, 0);
  return out;
}

function fillText(v: Utf8View, test: BytesTest, out: Uint8Array, base: number): void {
  const { values, offsets, validity, bitOffset } = v;
  for (let i = 0; i < v.length; i++) {
    if (validity !== null && ((validity[(bitOffset + i) >> 3]! >> ((bitOffset + i) & 7)) & 1) === 0) continue;
    if (test(values, offsets[i]!, offsets[i + 1]!)) out[base + i] = 1;
  }
}
