import { createHmac } from 'node:crypto';

export type HmacHash = 'sha256' | 'sm3';

/**
 * HMAC-SHA256 or HMAC-SM3 of many values, one `createHmac` per value (OpenSSL offers no batched
 * HMAC, so this is several times slower than the batched CMAC). Tag k (32 bytes) at `32 * k`.
 */
export function hmacBatch(hash: HmacHash, key: Uint8Array, values: Uint8Array, offsets: Int32Array, rows: Int32Array, count: number): Uint8Array {
  const out = new Uint8Array(count * 32);
  for (let k = 0; k < count; k++) {
    const r = rows[k]!;
    const tag = createHmac(hash, key).update(values.subarray(offsets[r]!, offsets[r + 1]!)).digest();
    out.set(tag, k << 5);
  }
  return out;
}

export function hmac(hash: HmacHash, key: Uint8Array, message: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac(hash, key).update(message).digest());
}
