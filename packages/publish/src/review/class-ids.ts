import { createCipheriv, randomBytes, type Cipher } from 'node:crypto';
import { getEnvironmentData, setEnvironmentData } from 'node:worker_threads';

/**
 * Fixed-width identities of values and classes for the published-risk spill (known-classes.ts):
 * 128 bits each, under a secret key, so the spill counts classes by identity instead of writing
 * their values. An identity is CBC-MAC with AES-256 over the value's bytes with their length
 * prefixed (a prefix-free encoding, so CBC-MAC is a PRF over strings of any length); a class's
 * identity is CBC-MAC under a second key over its columns' value identities (fixed length w
 * blocks). Null is the length 0xFFFFFFFF, so it differs from the empty string.
 *
 * Why exact with overwhelming probability: for q distinct strings of at most l blocks, CBC-MAC
 * with a random permutation collides with probability at most about l^2 q^2 / 2^128 (the PRF bound
 * of Bellare, Kilian and Rogaway), plus AES's distance from a random permutation. At 10^9 values
 * of 1 KiB (l = 64) that is 2^-56; a class identity adds the same bound over w blocks. The key is
 * drawn before any data is read and never leaves memory (the identities reach disk sealed, io
 * SealedBuckets), so no input can be chosen to collide.
 *
 * Every string advances in lock-step: round r encrypts the r-th block of every string that has
 * one, in one ECB call over a contiguous buffer (strings sorted by block count, longest first, so
 * the strings still running are a prefix). A call per string cost microseconds each in Node;
 * the batched rounds run at the cipher's speed.
 */
export interface IdKey {
  /** 32 bytes for the values' identities, then 32 for the classes'. */
  readonly bytes: Buffer;
}

/** Words (32-bit, read as signed integers: small-integer arithmetic in V8) per identity. */
export const ID_WORDS = 4;

/** The environment-data slot of the key (exported for the test that a worker thread gets it). */
export const ID_KEY_SLOT = 'tuomin:published-risk-id-key';
const SLOT = ID_KEY_SLOT;

/**
 * The process's identity key: drawn when this module loads in the main thread (before any pool
 * of workers starts: the run's code imports it) and handed to worker threads started after it
 * through Node's environment data (a copy in memory per thread, never in the environment
 * variables or on disk), so the spills of partition jobs and the coordinator's agree. A thread
 * started before it draws its own; a collector notices a spill under another key (known-classes.ts
 * `merge`) and refuses instead of counting wrong.
 */
export function processIdKey(): IdKey {
  return drawn;
}

function drawIdKey(): IdKey {
  const shared = getEnvironmentData(SLOT);
  if (shared instanceof Uint8Array && shared.byteLength === 64) return { bytes: Buffer.from(shared) };
  const bytes = randomBytes(64);
  setEnvironmentData(SLOT, new Uint8Array(bytes));
  return { bytes };
}

const drawn: IdKey = drawIdKey();

export function sameKey(a: IdKey, b: IdKey): boolean {
  return a.bytes.equals(b.bytes);
}

function ecb(key: Buffer): Cipher {
  const c = createCipheriv('aes-256-ecb', key, null);
  c.setAutoPadding(false);
  return c;
}

/**
 * The identity of every code of a value dictionary (`store`/`starts` as ValueDict.parts gives
 * them: code c is store[starts[c], starts[c + 1]); code 0 is null): words 4c .. 4c + 3.
 */
export function valueIds(key: IdKey, store: Uint8Array, starts: Int32Array, size: number): Int32Array {
  // Blocks of code c: the first holds the length (u32) and 12 bytes, each next one 16 bytes.
  const blocksOf = (c: number): number => {
    const len = c === 0 ? 0 : starts[c + 1]! - starts[c]!;
    return len <= 12 ? 1 : 1 + Math.ceil((len - 12) / 16);
  };
  // Codes by block count, most blocks first (counting sort).
  let most = 1;
  const blocks = new Int32Array(size);
  for (let c = 0; c < size; c++) {
    blocks[c] = blocksOf(c);
    if (blocks[c]! > most) most = blocks[c]!;
  }
  const from = new Int32Array(most + 2);
  for (let c = 0; c < size; c++) from[most - blocks[c]! + 1]!++;
  for (let b = 1; b <= most + 1; b++) from[b]! += from[b - 1]!;
  const order = new Int32Array(size);
  for (let c = 0; c < size; c++) order[from[most - blocks[c]!]!++] = c;
  // running[r]: strings with more than r blocks (a prefix of `order`).
  const running = new Int32Array(most);
  for (let c = 0; c < size; c++) for (let r = 0; r < blocks[c]!; r++) running[r]!++;

  const state = Buffer.alloc(size * 16);
  const lens = new DataView(state.buffer, state.byteOffset, state.byteLength);
  for (let p = 0; p < size; p++) {
    const c = order[p]!;
    if (c === 0) {
      lens.setUint32(p * 16, 0xffffffff, true);
      continue;
    }
    const s = starts[c]!;
    const len = starts[c + 1]! - s;
    lens.setUint32(p * 16, len, true);
    for (let i = s, o = p * 16 + 4, e = s + Math.min(len, 12); i < e; i++, o++) state[o] = store[i]!;
  }
  const cipher = ecb(key.bytes.subarray(0, 32));
  cipher.update(state).copy(state);
  for (let r = 1; r < most; r++) {
    const n = running[r]!;
    const at = 12 + 16 * (r - 1);
    for (let p = 0; p < n; p++) {
      const c = order[p]!;
      const s = starts[c]! + at;
      const e = Math.min(starts[c + 1]!, s + 16);
      for (let i = s, o = p * 16; i < e; i++, o++) state[o] = state[o]! ^ store[i]!;
    }
    cipher.update(state.subarray(0, n * 16)).copy(state);
  }
  const words = new Int32Array(state.buffer, state.byteOffset, size * ID_WORDS);
  const out = new Int32Array(size * ID_WORDS);
  for (let p = 0; p < size; p++) {
    const o = order[p]! * ID_WORDS;
    const i = p * ID_WORDS;
    out[o] = words[i]!; out[o + 1] = words[i + 1]!; out[o + 2] = words[i + 2]!; out[o + 3] = words[i + 3]!;
  }
  return out;
}

/**
 * The identity of every class of a table (`codes`: `classes` tuples of `w` value codes, row-major),
 * from each column's value identities (`ids[j]`, by code): CBC-MAC under the second key over the w
 * identities of the class's values.
 */
export function classIds(key: IdKey, codes: Int32Array, classes: number, ids: readonly Int32Array[]): Int32Array {
  const w = ids.length;
  const state = Buffer.alloc(classes * 16);
  const words = new Int32Array(state.buffer, state.byteOffset, classes * ID_WORDS);
  const cipher = ecb(key.bytes.subarray(32, 64));
  for (let j = 0; j < w; j++) {
    const v = ids[j]!;
    for (let c = 0, o = 0; c < classes; c++, o += ID_WORDS) {
      const i = codes[c * w + j]! * ID_WORDS;
      words[o] = words[o]! ^ v[i]!; words[o + 1] = words[o + 1]! ^ v[i + 1]!; words[o + 2] = words[o + 2]! ^ v[i + 2]!; words[o + 3] = words[o + 3]! ^ v[i + 3]!;
    }
    cipher.update(state).copy(state);
  }
  return words;
}
