import { TuominError } from '../../errors.js';
import { cmacBatch, cmacKey } from '../../crypto/cmac.js';
import { hmacBatch } from '../../crypto/hmac.js';
import { loadXxhash, xxh64Batch } from '../../crypto/xxh64.js';
import { deriveCipherKey, deriveHmacKey, scopeLabel, type ScopeLevel } from '../../crypto/kdf.js';
import { checkKeyBytes } from '../../crypto/key.js';
import type { ResolvedKey } from '../rule.js';
import type { PseudonymizeMethod } from './options.js';

/** Computes fixed-size tags for the values `rows` of a string buffer; the key never leaves it. */
export interface Tagger {
  readonly tagBytes: number;
  /** Load anything asynchronous (the xxhash WebAssembly module) before the first batch. */
  ready(): Promise<void>;
  tags(values: Uint8Array, offsets: Int32Array, rows: Int32Array, count: number): Uint8Array;
}

const RULE = 'pseudonymize';

function badKey(key: ResolvedKey, method: string, need: string): TuominError {
  return new TuominError('BAD_KEY', `key "${key.id}" is ${key.bytes.length} bytes; ${method} needs ${need}`, { rule: RULE },
    'generate one with `openssl rand -hex 16` (32 for AES-256) and point the rule at it with key: { env } or key: { file }', { id: 'key.wrongLength', params: { bytes: key.bytes.length, method, need } });
}

/** Derive the scope key for the method and build its tagger. */
export function makeTagger(method: PseudonymizeMethod, key: ResolvedKey | undefined, level: ScopeLevel, scopeId: string): Tagger {
  const label = scopeLabel(level, scopeId);
  if (method === 'xxh64') {
    let seed = 0n;
    if (key) checkKeyBytes(key, RULE);
    if (key) seed = new DataView(deriveHmacKey('sha256', key.bytes, label).buffer).getBigUint64(0);
    let api: Awaited<ReturnType<typeof loadXxhash>> | null = null;
    return {
      tagBytes: 8,
      async ready() { api ??= await loadXxhash(); },
      tags(values, offsets, rows, count) {
        if (!api) throw new Error('xxh64 tagger used before ready()');
        return xxh64Batch(api, seed, values, offsets, rows, count);
      },
    };
  }
  if (!key) throw new TuominError('BAD_KEY', `${method} needs a key`, { rule: RULE }, 'add key: { env: TUOMIN_KEY } or key: { file: keys/x.key } to the rule', { id: 'key.missing', params: { method } });
  checkKeyBytes(key, RULE);
  if (method === 'aes-cmac' || method === 'sm4-cmac') {
    const algo = method === 'aes-cmac' ? 'aes' : 'sm4';
    const ok = algo === 'aes' ? [16, 24, 32].includes(key.bytes.length) : key.bytes.length === 16;
    if (!ok) throw badKey(key, method, algo === 'aes' ? '16, 24 or 32 bytes' : '16 bytes');
    const k = cmacKey(algo, deriveCipherKey(algo, key.bytes, label));
    return { tagBytes: 16, async ready() {}, tags: (v, o, r, c) => cmacBatch(k, v, o, r, c) };
  }
  if (key.bytes.length < 16) throw badKey(key, method, 'at least 16 bytes');
  const hash = method === 'hmac-sha256' ? 'sha256' : 'sm3';
  const k = deriveHmacKey(hash, key.bytes, label);
  return { tagBytes: 32, async ready() {}, tags: (v, o, r, c) => hmacBatch(hash, k, v, o, r, c) };
}
