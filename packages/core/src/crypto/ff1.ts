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
  const y0 = pl.y0;
  const nb = pl.b;
  const d = pl.d;
  for (let step = 0; step < 10; step++) {
    const i = decrypt ? 9 - step : step;
    const m = (i & 1) === 0 ? pl.u : pl.v;
    const M = (i & 1) === 0 ? pl.mU : pl.mV;
    // The half that feeds the PRF: B when encrypting, A when decrypting.
    const src = decrypt ? a : b;
    for (let k = 0; k < count; k++) {
      const tail = k * qLen + qLen - nb;
      q[tail - 1] = i;
      let x = src[k]!;
      for (let j = nb - 1; j >= 0; j--) {
        const byte = x % 256;
        q[tail + j] = byte;
        x = (x - byte) / 256;
      }
    }
    for (let k = 0; k < count; k++) state.set(y0, k << 4);
    for (let blk = 0; blk < qBlocks; blk++) {
      for (let k = 0; k < count; k++) {
        const s = k << 4;
        const qo = k * qLen + (blk << 4);
        for (let j = 0; j < 16; j++) state[s + j]! ^= q[qo + j]!;
      }
      cipher.encryptInPlace(state);
    }
    if (M <= TWO_45) {
      for (let k = 0; k < count; k++) {
        const s = k << 4;
        let y = 0;
        for (let j = 0; j < d; j++) y = (y * 256 + state[s + j]!) % M;
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
    } else {
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
    void m;
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
