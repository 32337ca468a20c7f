import { ecbCipher, type BlockCipherName, type EcbCipher } from './ecb.js';

/** A CMAC key: the block cipher and the RFC 4493 subkeys K1/K2, derived once per key. */
export interface CmacKey {
  readonly cipher: EcbCipher;
  readonly k1: Uint8Array;
  readonly k2: Uint8Array;
}

export function cmacKey(algo: BlockCipherName, key: Uint8Array): CmacKey {
  const cipher = ecbCipher(algo, key);
  const l = cipher.encrypt(new Uint8Array(16));
  const k1 = doubleBlock(l);
  const k2 = doubleBlock(k1);
  return { cipher, k1, k2 };
}

/** Multiplication by x in GF(2^128) (RFC 4493 section 2.3): shift left, xor 0x87 on carry. */
function doubleBlock(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  let carry = 0;
  for (let i = 15; i >= 0; i--) {
    const v = b[i]!;
    out[i] = ((v << 1) | carry) & 0xff;
    carry = v >> 7;
  }
  if (carry) out[15]! ^= 0x87;
  return out;
}

/**
 * AES/SM4-CMAC of many values at once. Value k is `values[offsets[rows[k]], offsets[rows[k]+1])`;
 * its 16-byte tag is written at `16 * k` of the result.
 *
 * The CBC chain of every value advances one block position at a time: block j of all values that
 * have one is XORed into their running state, then all those lanes go through the cipher in a
 * single ECB call. Values are ordered by block count (longest first), so the lanes still active at
 * position j are a prefix of the state buffer.
 */
export function cmacBatch(key: CmacKey, values: Uint8Array, offsets: Int32Array, rows: Int32Array, count: number): Uint8Array {
  const blocks = new Int32Array(count);
  let maxBlocks = 1;
  let minBlocks = 0x7fffffff;
  for (let k = 0; k < count; k++) {
    const r = rows[k]!;
    const len = offsets[r + 1]! - offsets[r]!;
    const b = len === 0 ? 1 : (len + 15) >> 4;
    blocks[k] = b;
    if (b > maxBlocks) maxBlocks = b;
    if (b < minBlocks) minBlocks = b;
  }
  const order = orderByBlocksDesc(blocks, count, maxBlocks, minBlocks);
  // active[j]: how many values have a block at position j.
  const active = new Int32Array(maxBlocks);
  for (let k = 0; k < count; k++) for (let j = 0; j < blocks[k]!; j++) active[j]!++;
  const state = new Uint8Array(count * 16);
  // XOR 32-bit words: state through an aligned Int32Array, message bytes through a DataView
  // (values are not aligned), both in native byte order, so byte i of a block maps to the same place.
  const lanes: Lanes = {
    s32: new Int32Array(state.buffer),
    state,
    view: new DataView(values.buffer, values.byteOffset, values.byteLength),
    values,
    k1: new Int32Array(key.k1.slice().buffer),
    k2: new Int32Array(key.k2.slice().buffer),
    k2b: key.k2,
  };
  for (let j = 0; j < maxBlocks; j++) {
    const act = active[j]!;
    if (order === null) absorbInOrder(lanes, offsets, rows, act, j, blocks[0]!);
    else absorbSorted(lanes, offsets, rows, order, blocks, act, j);
    key.cipher.encryptInPlace(state.subarray(0, act << 4));
  }
  if (order === null) return state;
  const out = new Uint8Array(count * 16);
  for (let p = 0; p < count; p++) out.set(state.subarray(p << 4, (p << 4) + 16), order[p]! << 4);
  return out;
}

/** Read message words in the platform's byte order, so they line up with the Int32Array state view. */
const NATIVE_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Lanes {
  s32: Int32Array;
  state: Uint8Array;
  view: DataView;
  values: Uint8Array;
  k1: Int32Array;
  k2: Int32Array;
  k2b: Uint8Array;
}

/** Block position j of values that all have `nb` blocks, in row order (the common case). */
function absorbInOrder(l: Lanes, offsets: Int32Array, rows: Int32Array, act: number, j: number, nb: number): void {
  if (j < nb - 1) {
    for (let p = 0; p < act; p++) xorBlock(l, p, offsets[rows[p]!]! + 16 * j);
  } else {
    for (let p = 0; p < act; p++) {
      const r = rows[p]!;
      const start = offsets[r]! + 16 * j;
      xorLastBlock(l, p, start, offsets[r + 1]! - start);
    }
  }
}

function absorbSorted(l: Lanes, offsets: Int32Array, rows: Int32Array, order: Int32Array, blocks: Int32Array, act: number, j: number): void {
  for (let p = 0; p < act; p++) {
    const k = order[p]!;
    const r = rows[k]!;
    const start = offsets[r]! + 16 * j;
    if (j < blocks[k]! - 1) xorBlock(l, p, start);
    else xorLastBlock(l, p, start, offsets[r + 1]! - start);
  }
}

function xorBlock(l: Lanes, p: number, start: number): void {
  const s32 = l.s32;
  const v = l.view;
  const w = p << 2;
  s32[w]! ^= v.getInt32(start, NATIVE_LE);
  s32[w + 1]! ^= v.getInt32(start + 4, NATIVE_LE);
  s32[w + 2]! ^= v.getInt32(start + 8, NATIVE_LE);
  s32[w + 3]! ^= v.getInt32(start + 12, NATIVE_LE);
}

/** The last block: complete ones are XORed with K1; short (or empty) ones padded 10* and XORed with K2. */
function xorLastBlock(l: Lanes, p: number, start: number, rem: number): void {
  const s32 = l.s32;
  const w = p << 2;
  if (rem === 16) {
    const v = l.view;
    const k1 = l.k1;
    s32[w]! ^= v.getInt32(start, NATIVE_LE) ^ k1[0]!;
    s32[w + 1]! ^= v.getInt32(start + 4, NATIVE_LE) ^ k1[1]!;
    s32[w + 2]! ^= v.getInt32(start + 8, NATIVE_LE) ^ k1[2]!;
    s32[w + 3]! ^= v.getInt32(start + 12, NATIVE_LE) ^ k1[3]!;
    return;
  }
  const k2 = l.k2;
  s32[w]! ^= k2[0]!;
  s32[w + 1]! ^= k2[1]!;
  s32[w + 2]! ^= k2[2]!;
  s32[w + 3]! ^= k2[3]!;
  const st = l.state;
  const values = l.values;
  const base = p << 4;
  for (let q = 0; q < rem; q++) st[base + q]! ^= values[start + q]!;
  st[base + rem]! ^= 0x80;
}

/** Counting sort of value indices by block count, longest first; null when all counts are equal. */
function orderByBlocksDesc(blocks: Int32Array, count: number, maxBlocks: number, minBlocks: number): Int32Array | null {
  if (count === 0 || maxBlocks === minBlocks) return null;
  const start = new Int32Array(maxBlocks + 2);
  for (let k = 0; k < count; k++) start[maxBlocks - blocks[k]! + 1]!++;
  for (let i = 1; i < start.length; i++) start[i]! += start[i - 1]!;
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[start[maxBlocks - blocks[k]!]!++] = k;
  return order;
}

/** CMAC of one message: a single-value convenience over `cmacBatch`. */
export function cmac(key: CmacKey, message: Uint8Array): Uint8Array {
  const offsets = new Int32Array([0, message.length]);
  return cmacBatch(key, message, offsets, new Int32Array([0]), 1);
}
