import { isUtf8 } from 'node:buffer';
import { DecodeFailure, type DecodeStage, concatBytes, lineBreaks } from './decode-stage.js';

const EMPTY = new Uint8Array(0);

/**
 * UTF-8 input: bytes pass through unchanged after validation (simdutf via Buffer's isUtf8).
 * A character split across reads is held back until the next read.
 */
export class Utf8Stage implements DecodeStage {
  readonly encoding = 'utf-8';
  private held: Uint8Array = EMPTY;
  private rawAbs: number;
  private winAbs: number;
  private buf: Uint8Array = new Uint8Array(0);

  constructor(startOffset: number) {
    this.rawAbs = startOffset;
    this.winAbs = startOffset;
  }

  decode(raw: Uint8Array, final: boolean): Uint8Array {
    // Bytes pass through as they are; only validation needs whole characters. A character split
    // across reads is validated once its last byte arrives (the parser carries the partial record).
    const rawAbs = this.rawAbs;
    this.rawAbs += raw.length;
    let start = 0;
    const tail = this.held;
    if (tail.length > 0) {
      const need = Math.max(1, sequenceLength(tail[0]!) - tail.length);
      const take = Math.min(need, raw.length);
      const joint = concatBytes(tail, raw.subarray(0, take));
      if (take < need && !final) {
        this.held = joint.slice();
        return raw;
      }
      if (!isUtf8(joint)) throw new DecodeFailure(rawAbs - tail.length, 0);
      start = take;
    }
    const rest = raw.subarray(start);
    const cut = final ? rest.length : completeUtf8Prefix(rest);
    const piece = rest.subarray(0, cut);
    if (!isUtf8(piece)) {
      const bad = firstInvalidUtf8(piece);
      throw new DecodeFailure(rawAbs + start + bad, lineBreaks(raw, 0, start + bad));
    }
    this.held = cut === rest.length ? EMPTY : rest.slice(cut);
    return raw;
  }

  startWindow(buf: Uint8Array): void {
    this.buf = buf;
  }

  origOffset(pos: number): number {
    return this.winAbs + pos;
  }

  origBytes(a: number, b: number): Uint8Array {
    return this.buf.subarray(a, b);
  }

  consume(p: number): void {
    this.winAbs += p;
  }
}

/** Length of the prefix of `b` that does not end inside a multi-byte character. */
export function completeUtf8Prefix(b: Uint8Array): number {
  const n = b.length;
  let j = n - 1;
  const stop = Math.max(0, n - 4);
  while (j >= stop && (b[j]! & 0xc0) === 0x80) j--;
  if (j < 0) return n;
  const lead = b[j]!;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return j + need > n ? j : n;
}

function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
}

/** Index of the first byte that starts an invalid UTF-8 sequence (slow path, errors only). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) { need = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; }
    else return i;
    if (i + need >= n) return i; // truncated at the end
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const t = b[i + k]!;
      if ((t & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (t & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}
