import xxhash from 'xxhash-wasm';

type XxhashApi = Awaited<ReturnType<typeof xxhash>>;
let loading: Promise<XxhashApi> | null = null;

/** Instantiate the xxhash WebAssembly module once per process. */
export function loadXxhash(): Promise<XxhashApi> {
  loading ??= xxhash();
  return loading;
}

/**
 * xxh64 of many values: NOT a pseudonymization method (no key, invertible by brute force over
 * small domains even with a secret seed). Hash k, 8 bytes big-endian, at `8 * k`.
 */
export function xxh64Batch(api: XxhashApi, seed: bigint, values: Uint8Array, offsets: Int32Array, rows: Int32Array, count: number): Uint8Array {
  const out = new Uint8Array(count * 8);
  const view = new DataView(out.buffer);
  for (let k = 0; k < count; k++) {
    const r = rows[k]!;
    view.setBigUint64(k << 3, api.h64Raw(values.subarray(offsets[r]!, offsets[r + 1]!), seed));
  }
  return out;
}
