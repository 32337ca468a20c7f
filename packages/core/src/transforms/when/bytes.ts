/**
 * Copy src[s, e) to dst at `at` and return the end. Short values (IDs, names) go byte by byte:
 * a subarray per value costs more than the copy.
 */
export function copyBytes(dst: Uint8Array, at: number, src: Uint8Array, s: number, e: number): number {
  if (e - s < 32) {
    for (let k = s; k < e; k++) dst[at++] = src[k]!;
    return at;
  }
  dst.set(src.subarray(s, e), at);
  return at + e - s;
}
