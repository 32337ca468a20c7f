import { Type } from 'apache-arrow';
import type { Data, DataType, Vector } from 'apache-arrow';
import { GrowableBytes, newBitmap, utf8View } from '@tuomin/core/internal';
import type { Utf8View } from '@tuomin/core';

/**
 * How a dictionary's values are laid out, which decides the kernel: variable-width bytes
 * (Utf8, Binary and their Large forms), fixed-width slots (numbers, dates, decimals…), or bits.
 * Other value types (lists, structs) have no kernel here.
 */
export type ValueLayout = 'bytes' | 'fixed' | 'bits' | null;

export function valueLayout(type: DataType): ValueLayout {
  switch (type.typeId) {
    case Type.Utf8: case Type.LargeUtf8: case Type.Binary: case Type.LargeBinary:
      return 'bytes';
    case Type.Int: case Type.Float: case Type.Date: case Type.Time: case Type.Timestamp: case Type.Decimal:
    case Type.Duration: case Type.Interval: case Type.FixedSizeBinary:
      return 'fixed';
    case Type.Bool:
      return 'bits';
    default:
      return null;
  }
}

/** Fixed-width values: entry k spans `values[k * stride, (k + 1) * stride)`; validity bit `bitOffset + k`. */
export interface FixedView {
  length: number;
  values: ArrayLike<number | bigint>;
  stride: number;
  validity: Uint8Array | null;
  bitOffset: number;
}

/** Booleans: entry k is bit `bitOffset + k` of `bits`, and valid when that bit of `validity` is set. */
export interface BitsView {
  length: number;
  bits: Uint8Array;
  validity: Uint8Array | null;
  bitOffset: number;
}

type Typed = ArrayLike<number | bigint> & { subarray(a: number, b: number): Typed; set(src: Typed, at: number): void };

/** The dictionary's entries as one byte view (a multi-chunk dictionary, after deltas, is copied once). */
export function bytesView(dict: Vector): Utf8View {
  if (dict.data.length === 1) return utf8View(dict.data[0] as Data);
  const n = dict.length;
  const out = new GrowableBytes(64);
  const offsets = new Int32Array(n + 1);
  const validity = newBitmap(n);
  let nulls = 0;
  let base = 0;
  for (const chunk of dict.data) {
    const v = utf8View(chunk as Data);
    for (let i = 0; i < v.length; i++) {
      const k = base + i;
      if (v.validity !== null && ((v.validity[(v.bitOffset + i) >> 3]! >> ((v.bitOffset + i) & 7)) & 1) === 0) {
        validity[k >> 3]! &= ~(1 << (k & 7));
        nulls++;
      } else out.append(v.values, v.offsets[i]!, v.offsets[i + 1]!);
      offsets[k + 1] = out.length;
    }
    base += v.length;
  }
  return { length: n, values: out.finish(), offsets, validity: nulls > 0 ? validity : null, bitOffset: 0, nulls };
}

export function fixedView(dict: Vector): FixedView {
  const first = dict.data[0] as Data;
  const stride = first.stride;
  if (dict.data.length === 1) {
    return { length: first.length, values: first.values as Typed, stride, validity: nullBits(first), bitOffset: first.offset };
  }
  const n = dict.length;
  const values = new ((first.values as Typed).constructor as new (n: number) => Typed)(n * stride);
  const validity = newBitmap(n);
  let nulls = 0;
  let base = 0;
  for (const chunk of dict.data as Data[]) {
    // Chunk values are already sliced to the chunk's first slot; validity is not.
    values.set((chunk.values as Typed).subarray(0, chunk.length * stride), base * stride);
    nulls += copyValidity(chunk, validity, base);
    base += chunk.length;
  }
  return { length: n, values, stride, validity: nulls > 0 ? validity : null, bitOffset: 0 };
}

export function bitsView(dict: Vector): BitsView {
  const first = dict.data[0] as Data;
  if (dict.data.length === 1) {
    return { length: first.length, bits: first.values as Uint8Array, validity: nullBits(first), bitOffset: first.offset };
  }
  const n = dict.length;
  const bits = newBitmap(n, false);
  const validity = newBitmap(n);
  let nulls = 0;
  let base = 0;
  for (const chunk of dict.data as Data[]) {
    const src = chunk.values as Uint8Array;
    for (let i = 0; i < chunk.length; i++) {
      const j = chunk.offset + i;
      if ((src[j >> 3]! >> (j & 7)) & 1) bits[(base + i) >> 3]! |= 1 << ((base + i) & 7);
    }
    nulls += copyValidity(chunk, validity, base);
    base += chunk.length;
  }
  return { length: n, bits, validity: nulls > 0 ? validity : null, bitOffset: 0 };
}

function nullBits(data: Data): Uint8Array | null {
  return data.nullCount > 0 && data.nullBitmap ? data.nullBitmap : null;
}

/** Clear, in `out` from bit `base`, the bits of the chunk's null entries; returns how many. */
function copyValidity(chunk: Data, out: Uint8Array, base: number): number {
  const src = nullBits(chunk);
  if (src === null) return 0;
  let nulls = 0;
  for (let i = 0; i < chunk.length; i++) {
    const j = chunk.offset + i;
    if (((src[j >> 3]! >> (j & 7)) & 1) === 0) {
      out[(base + i) >> 3]! &= ~(1 << ((base + i) & 7));
      nulls++;
    }
  }
  return nulls;
}
