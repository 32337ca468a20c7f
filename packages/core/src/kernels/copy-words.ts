/** Bytes copyWords moves per step, and the slack its destination needs past the bytes it copies. */
export const COPY_WORD = 4;

/**
 * Copies below this many bytes go by copyWords; from it, by set(). Measured on the penalties
 * extract (500,000 rows, cells of 6 to 600 bytes): the CSV writer's row interleave took 0.53
 * CPU-s with a byte loop below 32 bytes and set() above, 0.27 s with words below 1,024 (set()
 * needs a subarray per call, about as dear as a 1 KiB word loop).
 */
export const COPY_BY_SET = 1024;

/**
 * Copy src[a, b) to dst at `o` by little-endian 32-bit words through DataViews of the two
 * buffers (`sv` over `src`, `dv` over `dst`; V8 inlines their unaligned reads and writes).
 * The last word may write up to COPY_WORD - 1 bytes past the copy: `dst` must have that slack,
 * and the next copy (or nothing) takes it. The source is read by words only where a whole word
 * lies inside it, the rest byte by byte. Returns `o` plus the bytes copied.
 *
 * Readable version: for (let k = a; k < b; k++) dst[o++] = src[k];
 */
export function copyWords(sv: DataView, src: Uint8Array, a: number, b: number, dv: DataView, dst: Uint8Array, o: number): number {
  const last = src.length - COPY_WORD;
  const wordsEnd = b <= last ? b : last;
  while (a < wordsEnd) {
    dv.setInt32(o, sv.getInt32(a, true), true);
    a += COPY_WORD;
    o += COPY_WORD;
  }
  if (a > b) return o - (a - b);
  while (a < b) dst[o++] = src[a++]!;
  return o;
}

/** A DataView over exactly the bytes of `u`. */
export function viewOf(u: Uint8Array): DataView {
  return new DataView(u.buffer, u.byteOffset, u.byteLength);
}
