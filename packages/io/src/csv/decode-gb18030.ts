import { DecodeFailure, MixedEncodingFailure, type DecodeStage, concatBytes, lineBreaks } from './decode-stage.js';
import { findUtf8Line } from './mixed-encoding.js';

const LF = 10;
const CR = 13;
const HOLD_LIMIT = 1 << 20;

/**
 * GBK / GB18030 input, transcoded to UTF-8 with the platform decoder (Node's ICU).
 * Each read is cut after its last line break: CR and LF never occur inside a GB18030 character,
 * so every piece starts and ends on a character boundary, and the original and UTF-8 texts have
 * the same sequence of CR/LF bytes. Positions are mapped back by counting those bytes.
 */
export class Gb18030Stage implements DecodeStage {
  readonly encoding: string;
  private held: Uint8Array = new Uint8Array(0);
  private rawAbs: number;
  private readonly encoder = new TextEncoder();
  private out: Uint8Array = new Uint8Array(0);
  private pending: Uint8Array = new Uint8Array(0);
  private orig: Uint8Array = new Uint8Array(0);
  private origCarry: Uint8Array = new Uint8Array(0);
  private origAbs: number;
  private buf: Uint8Array = new Uint8Array(0);
  /** Forward cursor: buf[curB] corresponds to orig[curO]; both are line starts. */
  private curB = 0;
  private curO = 0;

  constructor(startOffset: number, name: string) {
    this.encoding = name;
    this.rawAbs = startOffset;
    this.origAbs = startOffset;
  }

  decode(raw: Uint8Array, final: boolean): Uint8Array {
    const data = concatBytes(this.held, raw);
    const dataAbs = this.rawAbs - this.held.length;
    this.rawAbs += raw.length;
    let cut = data.length;
    if (!final) {
      cut = Math.max(data.lastIndexOf(LF), data.lastIndexOf(CR)) + 1;
      // CRLF split across reads: keep the CR with its LF so the piece ends on a whole line break.
      if (cut > 0 && data[cut - 1] === CR && cut === data.length) cut--;
      // A very long stretch without line breaks: cut at a character boundary instead (walking
      // from the start of `data`, which always is one), so held bytes stay bounded.
      if (cut === 0 && data.length > HOLD_LIMIT) cut = lastBoundary(data, data.length - 4);
    }
    const piece = data.subarray(0, cut);
    this.held = data.slice(cut);
    this.pending = concatBytes(this.pending, piece);
    if (piece.length === 0) return piece;
    const utf8Line = findUtf8Line(piece);
    if (utf8Line >= 0) throw new MixedEncodingFailure(dataAbs + utf8Line, lineBreaks(piece, 0, utf8Line));
    let text: string;
    try {
      text = new TextDecoder('gb18030', { fatal: true }).decode(piece);
    } catch {
      const bad = firstInvalidGb18030(piece);
      throw new DecodeFailure(dataAbs + bad, lineBreaks(piece, 0, bad));
    }
    // One output buffer for the whole pass: the caller is done with the last piece before the next read.
    if (this.out.length < text.length * 3) this.out = new Uint8Array(text.length * 3);
    const { written } = this.encoder.encodeInto(text, this.out);
    return this.out.subarray(0, written);
  }

  startWindow(buf: Uint8Array): void {
    this.buf = buf;
    this.orig = concatBytes(this.origCarry, this.pending);
    this.pending = new Uint8Array(0);
    this.curB = 0;
    this.curO = 0;
  }

  /** Original index of a line start (or the window end) in the current window. */
  private mapLineStart(p: number): number {
    if (p >= this.buf.length) return this.orig.length;
    if (p < this.curB) {
      this.curB = 0;
      this.curO = 0;
    }
    const buf = this.buf;
    let k = 0;
    for (let i = this.curB; i < p; i++) {
      const c = buf[i]!;
      if (c === LF || c === CR) k++;
    }
    const orig = this.orig;
    let o = this.curO;
    while (k > 0) {
      const c = orig[o++]!;
      if (c === LF || c === CR) k--;
    }
    this.curB = p;
    this.curO = o;
    return o;
  }

  origOffset(pos: number): number {
    // Back to the line start, map it, then walk characters (UTF-8 lead bytes vs GB18030 sequences).
    let b = pos;
    while (b > 0 && this.buf[b - 1] !== LF && this.buf[b - 1] !== CR) b--;
    let o = this.mapLineStart(b);
    let chars = 0;
    for (let i = b; i < pos; i++) if ((this.buf[i]! & 0xc0) !== 0x80) chars++;
    const orig = this.orig;
    while (chars-- > 0) o += gbLength(orig, o);
    return this.origAbs + o;
  }

  origBytes(a: number, b: number): Uint8Array {
    const oa = this.mapLineStart(a);
    return this.orig.subarray(oa, this.mapLineStart(b));
  }

  consume(p: number): void {
    const o = this.mapLineStart(p);
    this.origCarry = this.orig.slice(o);
    this.origAbs += o;
  }
}

/** Bytes in the GB18030 sequence starting at b[i]. */
function gbLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c <= 0x80 || c === 0xff) return 1;
  const t = b[i + 1];
  return t !== undefined && t >= 0x30 && t <= 0x39 ? 4 : 2;
}

/** Offset of the first GB18030 sequence that does not decode (slow path, errors only). */
export function firstInvalidGb18030(b: Uint8Array): number {
  // Smallest prefix that a streaming decoder rejects, then the sequence holding its last byte.
  const fails = (len: number): boolean => {
    try {
      new TextDecoder('gb18030', { fatal: true }).decode(b.subarray(0, len), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = 1;
  let hi = b.length;
  if (!fails(hi)) return lastSequenceStart(b, b.length - 1);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lastSequenceStart(b, lo - 1);
}

/** The last character boundary at or before `limit`, walking from 0 (a boundary). */
function lastBoundary(b: Uint8Array, limit: number): number {
  let i = 0;
  for (;;) {
    const n = gbLength(b, i);
    if (i + n > limit) return i;
    i += n;
  }
}

function lastSequenceStart(b: Uint8Array, target: number): number {
  let i = 0;
  for (;;) {
    const n = gbLength(b, i);
    if (i + n > target) return i;
    i += n;
  }
}
