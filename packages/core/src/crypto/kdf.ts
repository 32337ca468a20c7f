import { cmac, cmacKey } from './cmac.js';
import { hmac, type HmacHash } from './hmac.js';
import type { BlockCipherName } from './ecb.js';

export type ScopeLevel = 'dataset' | 'release' | 'recipient';

/** The derivation label of a scope; pseudonyms under different labels cannot be linked. */
export function scopeLabel(level: ScopeLevel, id: string): string {
  return `tuomin/v1/scope/${level}/${id}`;
}

const enc = new TextEncoder();

/**
 * A block-cipher key for a label: CMAC(master, label), and for keys longer than 16 bytes
 * CMAC(master, label) || CMAC(master, label + "/2") truncated to the master key's length.
 */
export function deriveCipherKey(algo: BlockCipherName, master: Uint8Array, label: string): Uint8Array {
  const k = cmacKey(algo, master);
  const first = cmac(k, enc.encode(label));
  if (master.length <= 16) return first;
  const out = new Uint8Array(master.length);
  out.set(first, 0);
  out.set(cmac(k, enc.encode(`${label}/2`)).subarray(0, master.length - 16), 16);
  return out;
}

/** An HMAC key for a label: HMAC(master, label), 32 bytes. */
export function deriveHmacKey(hash: HmacHash, master: Uint8Array, label: string): Uint8Array {
  return hmac(hash, master, enc.encode(label));
}
