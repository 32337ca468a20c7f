import { ecbCipher, type EcbCipher } from './ecb.js';

/**
 * FF1 (NIST SP 800-38G) over AES, batched: the ten Feistel rounds run for every value of a batch
 * together, and each round's PRF (a CBC-MAC over P || Q) advances all values one block position
 * per ECB call, like `cmacBatch`.
 *
 * A numeral string X of length n in `radix` is held as two numbers: a = NUM(X[0..u)),
 * b = NUM(X[u..n)), u = floor(n/2). Both halves must be below 2^53 (radix^ceil(n/2) < 2^53).
 */
export interface Ff1Params {
  radix: number;
  /** Numeral string length. */
  n: number;
  /** Tweak length in bytes (every value of a batch has a tweak of this length). */
  t: number;
}

export function ff1Cipher(key: Uint8Array): EcbCipher {
  return ecbCipher('aes', key);
}

const TWO_45 = 2 ** 45;

interface Plan {
  u: number;
  v: number;
  /** Bytes of NUM(B) in Q. */
  b: number;
  d: number;
  qLen: number;
  mU: number;
  mV: number;
  /** CIPH(P): the CBC-MAC state after the first block, the same for every value. */
  y0: Uint8Array;
}

function plan(cipher: EcbCipher, p: Ff1Params): Plan {
  const { radix, n, t } = p;
  if (!Number.isInteger(radix) || radix < 2 || radix > 65536) throw new RangeError(`FF1 radix must be 2..65536, got ${radix}`);
  const u = n >> 1;
  const v = n - u;
  if (u < 1 || radix ** n < 1_000_000) throw new RangeError(`FF1 domain radix^n must be at least 1,000,000 (NIST SP 800-38G rev.1), got ${radix}^${n}`);
  const mV = radix ** v;
  if (mV > Number.MAX_SAFE_INTEGER) throw new RangeError(`FF1 halves must stay below 2^53: ${radix}^${v} is too large`);
  const bits = (BigInt(radix) ** BigInt(v) - 1n).toString(2).length;
  const b = Math.ceil(bits / 8);
  const d = 4 * Math.ceil(b / 4) + 4;
  const pad = (((-t - b - 1) % 16) + 16) % 16;
  const P = new Uint8Array([1, 2, 1, (radix >> 16) & 255, (radix >> 8) & 255, radix & 255, 10, u & 255,
    (n >>> 24) & 255, (n >> 16) & 255, (n >> 8) & 255, n & 255, (t >>> 24) & 255, (t >> 16) & 255, (t >> 8) & 255, t & 255]);
  return { u, v, b, d, qLen: t + pad + 1 + b, mU: radix ** u, mV, y0: cipher.encrypt(P).slice(0, 16) };
}

/**
 * Encrypt (or decrypt) `count` values in place. Value k's tweak is `tweaks[k*t, k*t + t)`.
 * Every value of the call shares radix, n and the tweak length.
 */
export function ff1Batch(cipher: EcbCipher, p: Ff1Params, a: Float64Array, b: Float64Array, count: number, tweaks: Uint8Array, decrypt: boolean): void {
  if (count === 0) return;
  const pl = plan(cipher, p);
  const { t } = p;
  const qLen = pl.qLen;
  const qBlocks = qLen >> 4;
  // Q of every value: tweak and zero padding are fixed; the round byte and NUM(B) change per round.
  const q = new Uint8Array(count * qLen);
  if (t > 0) for (let k = 0; k < count; k++) q.set(tweaks.subarray(k * t, k * t + t), k * qLen);
  const state = new Uint8Array(count * 16);
  const s32 = new Int32Array(state.buffer);
  const q32 = new Int32Array(q.buffer);
  const y0 = new Int32Array(pl.y0.slice().buffer);
  const y00 = y0[0]!, y01 = y0[1]!, y02 = y0[2]!, y03 = y0[3]!;
  const nb = pl.b;
  const d = pl.d;
  const smallHalves = pl.mV < 2 ** 31;
  for (let step = 0; step < 10; step++) {
    const i = decrypt ? 9 - step : step;
    const M = (i & 1) === 0 ? pl.mU : pl.mV;
    // The half that feeds the PRF: B when encrypting, A when decrypting.
    const src = decrypt ? a : b;
    for (let k = 0; k < count; k++) {
      const tail = k * qLen + qLen - nb;
      q[tail - 1] = i;
      const x = src[k]!;
      if (smallHalves) {
        for (let j = nb - 1, sh = 0; j >= 0; j--, sh += 8) q[tail + j] = sh < 32 ? (x >>> sh) & 255 : 0;
      } else {
        let r = x;
        for (let j = nb - 1; j >= 0; j--) {
          const hi = Math.floor(r / 256);
          q[tail + j] = r - hi * 256;
          r = hi;
        }
      }
    }
    // CBC-MAC over P || Q: the state after P is CIPH(P) for every value; then Q block by block.
    for (let blk = 0; blk < qBlocks; blk++) {
      for (let k = 0; k < count; k++) {
        const w = k << 2;
        const qw = (k * qLen + (blk << 4)) >> 2;
        if (blk === 0) {
          s32[w] = y00 ^ q32[qw]!;
          s32[w + 1] = y01 ^ q32[qw + 1]!;
          s32[w + 2] = y02 ^ q32[qw + 2]!;
          s32[w + 3] = y03 ^ q32[qw + 3]!;
        } else {
          s32[w]! ^= q32[qw]!;
          s32[w + 1]! ^= q32[qw + 1]!;
          s32[w + 2]! ^= q32[qw + 2]!;
          s32[w + 3]! ^= q32[qw + 3]!;
        }
      }
      cipher.encryptInPlace(state);
    }
    if (M <= TWO_29) combineSmall(state, d, M, a, b, count, decrypt);
    else if (M <= TWO_45) combineMedium(state, d, M, a, b, count, decrypt);
    else combineBig(state, d, M, a, b, count, decrypt);
  }
}

const TWO_29 = 2 ** 29;

/** x mod m for 0 <= x < 2^53 without the slow floating-point `%`. */
function modFloor(x: number, m: number): number {
  let r = x - Math.floor(x / m) * m;
  if (r < 0) r += m;
  else if (r >= m) r -= m;
  return r;
}

/** One Feistel step: y = NUM(S[0..d)) mod M, then C = A + y (or B - y) mod M, and the halves swap. */
function step(y: number, M: number, a: Float64Array, b: Float64Array, k: number, decrypt: boolean): void {
  if (decrypt) {
    let c = b[k]! - y;
    if (c < 0) c += M;
    b[k] = a[k]!;
    a[k] = c;
  } else {
    let c = a[k]! + y;
    if (c >= M) c -= M;
    a[k] = b[k]!;
    b[k] = c;
  }
}

/** M <= 2^29: fold S three bytes at a time (r * 2^24 + 3 bytes stays below 2^53). */
function combineSmall(state: Uint8Array, d: number, M: number, a: Float64Array, b: Float64Array, count: number, decrypt: boolean): void {
  for (let k = 0; k < count; k++) {
    const s = k << 4;
    let y = 0;
    let j = 0;
    for (; j + 3 <= d; j += 3) y = modFloor(y * 16777216 + ((state[s + j]! << 16) | (state[s + j + 1]! << 8) | state[s + j + 2]!), M);
    for (; j < d; j++) y = modFloor(y * 256 + state[s + j]!, M);
    step(y, M, a, b, k, decrypt);
  }
}

/** M <= 2^45: one byte at a time. */
function combineMedium(state: Uint8Array, d: number, M: number, a: Float64Array, b: Float64Array, count: number, decrypt: boolean): void {
  for (let k = 0; k < count; k++) {
    const s = k << 4;
    let y = 0;
    for (let j = 0; j < d; j++) y = modFloor(y * 256 + state[s + j]!, M);
    step(y, M, a, b, k, decrypt);
  }
}

/** Larger halves (up to 2^53): BigInt, only the NIST radix-36 samples need it. */
function combineBig(state: Uint8Array, d: number, M: number, a: Float64Array, b: Float64Array, count: number, decrypt: boolean): void {
  const MB = BigInt(M);
  for (let k = 0; k < count; k++) {
    const s = k << 4;
    let y = 0n;
    for (let j = 0; j < d; j++) y = (y << 8n) | BigInt(state[s + j]!);
    y %= MB;
    if (decrypt) {
      let c = BigInt(b[k]!) - y;
      if (c < 0n) c += MB;
      b[k] = a[k]!;
      a[k] = Number(c);
    } else {
      let c = BigInt(a[k]!) + y;
      if (c >= MB) c -= MB;
      a[k] = b[k]!;
      b[k] = Number(c);
    }
  }
}

/**
 * FF1 on numbers x in [0, limit), limit <= radix^n < 2^53, with cycle-walking: a result at or
 * above `limit` is encrypted again until it falls inside, so the map stays a permutation of
 * [0, limit). Values still outside after a pass are re-run together, as a smaller batch.
 */
export function ff1CycleWalk(cipher: EcbCipher, p: Ff1Params, limit: number, x: Float64Array, count: number, tweaks: Uint8Array, decrypt: boolean): void {
  const mV = p.radix ** (p.n - (p.n >> 1));
  if (limit > p.radix ** p.n || p.radix ** p.n > Number.MAX_SAFE_INTEGER) throw new RangeError('FF1 cycle-walk domain must fit radix^n < 2^53');
  let idx = new Int32Array(count);
  for (let k = 0; k < count; k++) idx[k] = k;
  let live = count;
  const t = p.t;
  let a = new Float64Array(count);
  let b = new Float64Array(count);
  let tw = tweaks;
  while (live > 0) {
    for (let k = 0; k < live; k++) {
      const v = x[idx[k]!]!;
      const hi = Math.floor(v / mV);
      a[k] = hi;
      b[k] = v - hi * mV;
    }
    ff1Batch(cipher, p, a, b, live, tw, decrypt);
    let next = 0;
    for (let k = 0; k < live; k++) {
      const v = a[k]! * mV + b[k]!;
      const j = idx[k]!;
      x[j] = v;
      if (v >= limit) idx[next++] = j;
    }
    if (next > 0 && t > 0) {
      const nt = new Uint8Array(next * t);
      for (let k = 0; k < next; k++) nt.set(tweaks.subarray(idx[k]! * t, idx[k]! * t + t), k * t);
      tw = nt;
    }
    live = next;
    idx = idx.subarray(0, next);
    a = a.subarray(0, next);
    b = b.subarray(0, next);
  }
}

/** Values per FF1 batch in `ff1CycleWalkTiled`: 32K lanes of CBC state are 512 KiB, cache-sized. */
const FF1_TILE = 32 * 1024;

/** `ff1CycleWalk` over tiles of at most 32K values, so each round's lanes stay in cache. */
export function ff1CycleWalkTiled(cipher: EcbCipher, p: Ff1Params, limit: number, x: Float64Array, count: number, tweaks: Uint8Array, decrypt: boolean): void {
  for (let k0 = 0; k0 < count; k0 += FF1_TILE) {
    const k1 = Math.min(count, k0 + FF1_TILE);
    ff1CycleWalk(cipher, p, limit, x.subarray(k0, k1), k1 - k0, tweaks.subarray(k0 * p.t, k1 * p.t), decrypt);
  }
}

/** FF1 of one numeral string (digits as numbers 0..radix-1): a convenience for tests and tools. */
export function ff1Digits(key: Uint8Array, radix: number, digits: readonly number[], tweak: Uint8Array, decrypt = false): number[] {
  const n = digits.length;
  const u = n >> 1;
  let a = 0;
  let b = 0;
  for (let i = 0; i < u; i++) a = a * radix + digits[i]!;
  for (let i = u; i < n; i++) b = b * radix + digits[i]!;
  const A = new Float64Array([a]);
  const B = new Float64Array([b]);
  ff1Batch(ff1Cipher(key), { radix, n, t: tweak.length }, A, B, 1, tweak, decrypt);
  return [...toDigits(A[0]!, radix, u), ...toDigits(B[0]!, radix, n - u)];
}

function toDigits(x: number, radix: number, len: number): number[] {
  const out = new Array<number>(len);
  for (let i = len - 1; i >= 0; i--) {
    const r = x % radix;
    out[i] = r;
    x = (x - r) / radix;
  }
  return out;
}
