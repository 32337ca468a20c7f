/**
 * Line feeds before the first invalid UTF-8 sequence of `chunk`, for naming the line of a decoding
 * error (a chunk holds many lines, and the decoder says only that it failed). `carry` is the start
 * of a character the streaming decoder held back from the previous chunk (see heldBack). Each
 * line is checked with its own fatal decoder, so the answer agrees with the one that failed.
 * Cold path: runs once, on the way to an error.
 */
export function linesBeforeInvalidUtf8(carry: Uint8Array, chunk: Uint8Array): number {
  const bytes = new Uint8Array(carry.length + chunk.length);
  bytes.set(carry, 0);
  bytes.set(chunk, carry.length);
  let start = 0;
  for (let line = 0; ; line++) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    try {
      // The last piece may end inside a character that the next chunk completes.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end), { stream: nl < 0 });
    } catch {
      return line;
    }
    if (nl < 0) return 0;
    start = nl + 1;
  }
}

/** The bytes of an incomplete character at the end of `chunk` (what a streaming decoder holds back). */
export function heldBack(chunk: Uint8Array): Uint8Array {
  let k = chunk.length;
  let continuation = 0;
  while (k > 0 && continuation < 3 && (chunk[k - 1]! & 0xc0) === 0x80) {
    k--;
    continuation++;
  }
  if (k === 0) return chunk.subarray(0, 0);
  const lead = chunk[k - 1]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > continuation + 1 ? chunk.subarray(k - 1) : chunk.subarray(0, 0);
}
