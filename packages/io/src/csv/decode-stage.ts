/**
 * Decoding happens before parsing (GBK trail bytes can equal '|' or '\\'), so the parser always
 * sees UTF-8. A stage also maps positions in the parser's UTF-8 window back to the original file,
 * so errors name true byte offsets and rejected rows keep their original bytes.
 */
export interface DecodeStage {
  readonly encoding: string;
  /** UTF-8 bytes of the next raw chunk, ending on a character boundary; throws DecodeFailure. */
  decode(raw: Uint8Array, final: boolean): Uint8Array;
  /** The parser's window is now `buf` (carried bytes + the last decoded piece). */
  startWindow(buf: Uint8Array): void;
  /** Absolute file offset of buf[pos]. */
  origOffset(pos: number): number;
  /** Original bytes of buf[a, b); a and b are line starts or the window end. */
  origBytes(a: number, b: number): Uint8Array;
  /** buf[0, p) is done; p is a line start or the window end. */
  consume(p: number): void;
}

/** Bytes that do not decode: absolute file offset and line breaks before it within the failing piece. */
export class DecodeFailure extends Error {
  readonly offset: number;
  readonly breaksBefore: number;
  constructor(offset: number, breaksBefore: number) {
    super(`undecodable bytes at ${offset}`);
    this.offset = offset;
    this.breaksBefore = breaksBefore;
  }
}

/** A line of UTF-8 text in a file read as GB18030 (see findUtf8Line). */
export class MixedEncodingFailure extends DecodeFailure {}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Line breaks (LF, CRLF, lone CR) in b[from, to). */
export function lineBreaks(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c === 10) n++;
    else if (c === 13 && b[i + 1] !== 10) n++;
  }
  return n;
}
