import type { Vector } from 'apache-arrow';
import { bitsView, bytesView, fixedView, valueLayout } from './dictionary-values.js';

/**
 * Whether two dictionaries hold the same entries in the same order (nulls included), so indices
 * into one mean the same values in the other. Transforms such as mask build a new dictionary per
 * batch with the same entries; recognising it lets the writer keep the one it already wrote.
 * Value types without a kernel compare equal only when they are the same chunks.
 */
export function sameDictionaryValues(a: Vector, b: Vector): boolean {
  if (a === b) return true;
  if (a.data.length === b.data.length && a.data.every((chunk, i) => chunk === b.data[i])) return true;
  if (a.length !== b.length || String(a.type) !== String(b.type)) return false;
  switch (valueLayout(a.type)) {
    case 'bytes': return sameBytes(a, b);
    case 'fixed': return sameFixed(a, b);
    case 'bits': return sameBits(a, b);
    default: return false;
  }
}

function bit(bits: Uint8Array | null, i: number): number {
  return bits === null ? 1 : (bits[i >> 3]! >> (i & 7)) & 1;
}

function sameBytes(a: Vector, b: Vector): boolean {
  const x = bytesView(a);
  const y = bytesView(b);
  const xv = x.values, yv = y.values, xo = x.offsets, yo = y.offsets;
  for (let k = 0; k < x.length; k++) {
    const valid = bit(x.validity, x.bitOffset + k);
    if (valid !== bit(y.validity, y.bitOffset + k)) return false;
    if (valid === 0) continue;
    const xs = xo[k]!, ys = yo[k]!;
    const len = xo[k + 1]! - xs;
    if (yo[k + 1]! - ys !== len) return false;
    for (let j = 0; j < len; j++) if (xv[xs + j] !== yv[ys + j]) return false;
  }
  return true;
}

function sameFixed(a: Vector, b: Vector): boolean {
  const x = fixedView(a);
  const y = fixedView(b);
  const s = x.stride;
  if (y.stride !== s) return false;
  for (let k = 0; k < x.length; k++) {
    const valid = bit(x.validity, x.bitOffset + k);
    if (valid !== bit(y.validity, y.bitOffset + k)) return false;
    if (valid === 0) continue;
    for (let j = k * s, end = j + s; j < end; j++) if (x.values[j] !== y.values[j]) return false;
  }
  return true;
}

function sameBits(a: Vector, b: Vector): boolean {
  const x = bitsView(a);
  const y = bitsView(b);
  for (let k = 0; k < x.length; k++) {
    const valid = bit(x.validity, x.bitOffset + k);
    if (valid !== bit(y.validity, y.bitOffset + k)) return false;
    if (valid === 1 && bit(x.bits, x.bitOffset + k) !== bit(y.bits, y.bitOffset + k)) return false;
  }
  return true;
}
