import { Type } from 'apache-arrow';
import type { Data, Vector } from 'apache-arrow';
import { COPY_WORD, GrowableBytes, GrowableInt32, copyWords, utf8View, viewOf } from '@tuomin/core/internal';
import { valueBytes } from '../format/value-bytes.js';

/**
 * The CSV text of every cell of one column chunk, already quoted: cell i is
 * bytes[offsets[i], offsets[i+1]). Rows are interleaved from these afterwards, so each column is
 * encoded by one loop chosen once by type.
 */
export interface EncodedColumn {
  bytes: Uint8Array;
  offsets: Int32Array;
}

/**
 * Buffers one column's encoding reuses from batch to batch (growing only), so a writer that
 * consumes each EncodedColumn before it encodes the next batch allocates nothing per batch:
 * fresh buffers were 83 MB of ArrayBuffers per 500,000 penalties rows, each batch's share
 * pushing V8 towards another "external memory pressure" scavenge (docs/performance.md, "Twelfth
 * session"). An EncodedColumn made with a scratch is valid until the scratch's next use.
 */
export interface ColumnScratch {
  bytes: GrowableBytes;
  offsets: GrowableInt32;
}

export function columnScratch(): ColumnScratch {
  return { bytes: new GrowableBytes(1024), offsets: new GrowableInt32(1024) };
}

/** The scratch's buffers emptied with room for `bytes` bytes and `offsets` offsets; without one, fresh buffers of that size. */
function outputs(scratch: ColumnScratch | undefined, bytes: number, offsets: number): ColumnScratch {
  if (scratch === undefined) return { bytes: new GrowableBytes(bytes), offsets: new GrowableInt32(offsets) };
  scratch.bytes.length = 0;
  scratch.offsets.length = 0;
  scratch.bytes.reserve(bytes);
  scratch.offsets.reserve(offsets);
  return scratch;
}

export interface CellRules {
  /** needsQuote[b] is 1 for the delimiter, '"', CR and LF. */
  needsQuote: Uint8Array;
  /** Bytes written for a null. */
  nullToken: Uint8Array;
  /** The bytes that force quoting, for memchr scans; empty when the delimiter is several bytes. */
  special: number[];
  /** formulaStart[b] is 1 for = + - @ tab CR when formula escaping is on (a text value starting with one gets a ' in front); null when off. */
  formulaStart: Uint8Array | null;
}

/** The first bytes that make a spreadsheet read a cell as a formula (OWASP, CSV injection). */
const FORMULA_START = [0x3d /* = */, 0x2b /* + */, 0x2d /* - */, 0x40 /* @ */, 0x09 /* tab */, 0x0d /* CR */];
const APOSTROPHE = 0x27;

const QUOTE = 34;

export function cellRules(delimiter: string, nullToken: string, escapeFormulas = false): CellRules {
  const needsQuote = new Uint8Array(256);
  for (const b of new TextEncoder().encode(delimiter)) needsQuote[b] = 1;
  needsQuote[QUOTE] = 1;
  needsQuote[10] = 1;
  needsQuote[13] = 1;
  const d = new TextEncoder().encode(delimiter);
  const special = d.length === 1 ? [d[0]!, QUOTE, 10, 13] : [];
  let formulaStart: Uint8Array | null = null;
  if (escapeFormulas) {
    formulaStart = new Uint8Array(256);
    for (const b of FORMULA_START) formulaStart[b] = 1;
  }
  return { needsQuote, nullToken: new TextEncoder().encode(nullToken), special, formulaStart };
}

/**
 * `column` (the field name) is only for the error on a type CSV cannot hold. With `scratch`, the
 * result lives in the scratch's buffers (or in the column's own, when nothing needs quoting).
 */
export function encodeColumn(data: Data, rules: CellRules, column?: string, scratch?: ColumnScratch): EncodedColumn {
  switch (data.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
      return encodeStrings(data, rules, scratch);
    case Type.Dictionary:
      return encodeDictionary(data, rules, column, scratch);
    default:
      return encodeByValue(data, rules, column, scratch);
  }
}

/** Append one value's bytes as a CSV cell: quoted when it needs it, when it is empty (so it is not read as the null token) or when it equals the null token. */
export function appendCell(out: GrowableBytes, src: Uint8Array, s: number, e: number, rules: CellRules): void {
  const nq = rules.needsQuote;
  let quote = s === e || sameBytes(src, s, e, rules.nullToken);
  if (!quote) {
    for (let k = s; k < e; k++) {
      if (nq[src[k]!] === 1) {
        quote = true;
        break;
      }
    }
  }
  if (!quote) {
    out.append(src, s, e);
    return;
  }
  out.reserve(2 * (e - s) + 2);
  const b = out.buf;
  let o = out.length;
  b[o++] = QUOTE;
  for (let k = s; k < e; k++) {
    const c = src[k]!;
    if (c === QUOTE) b[o++] = QUOTE;
    b[o++] = c;
  }
  b[o++] = QUOTE;
  out.length = o;
}

/** The value with a ' in front, so a spreadsheet shows it as text instead of running it (rare path). */
function appendFormulaEscaped(out: GrowableBytes, src: Uint8Array, a: number, b: number, rules: CellRules): void {
  const escaped = new Uint8Array(b - a + 1);
  escaped[0] = APOSTROPHE;
  escaped.set(src.subarray(a, b), 1);
  appendCell(out, escaped, 0, escaped.length, rules);
}

function sameBytes(src: Uint8Array, s: number, e: number, tok: Uint8Array): boolean {
  if (e - s !== tok.length) return false;
  for (let k = 0; k < tok.length; k++) if (src[s + k] !== tok[k]) return false;
  return true;
}

function encodeStrings(data: Data, rules: CellRules, scratch: ColumnScratch | undefined): EncodedColumn {
  const v = utf8View(data);
  const n = v.length;
  const src = v.values;
  const so = v.offsets;
  const tok = rules.nullToken;
  const validity = v.validity;
  const bitOffset = v.bitOffset;
  // Where the next byte that forces quoting is: memchr-backed Buffer.indexOf per special byte,
  // cached, so a value is checked with one comparison instead of a scan of its bytes.
  const special = rules.special;
  const nb = Buffer.from(src.buffer, src.byteOffset, so[n]!);
  const next = new Int32Array(special.length).fill(-1);
  let nextSpecial = -1;
  const findSpecial = (from: number): number => {
    let m = 0x7fffffff;
    for (let k = 0; k < special.length; k++) {
      if (next[k]! < from) {
        const at = nb.indexOf(special[k]!, from);
        next[k] = at < 0 ? 0x7fffffff : at;
      }
      if (next[k]! < m) m = next[k]!;
    }
    return m;
  };
  const formula = rules.formulaStart;
  // Fast path: nothing to quote, no empty value, no null, no value equal to the null token (nor,
  // with formula escaping, starting like a formula) -> reuse the buffers.
  if (v.nulls === 0 && special.length > 0 && findSpecial(so[0]!) >= so[n]!) {
    let clean = true;
    for (let i = 0; clean && i < n; i++) {
      if (so[i] === so[i + 1] || sameBytes(src, so[i]!, so[i + 1]!, tok) || (formula !== null && formula[src[so[i]!]!] === 1)) clean = false;
    }
    if (clean) return { bytes: src, offsets: so };
  }
  const bufs = outputs(scratch, so[n]! - so[0]! + n * 2 + 16, n + 1);
  const out = bufs.bytes;
  const offsets = bufs.offsets.buf;
  offsets[0] = 0;
  // A value with nothing to quote is copied by words (copyWords), as the parser and the row
  // interleave do: a column with empty values (written "") takes this loop for every value.
  const sv = viewOf(src);
  for (let i = 0; i < n; i++) {
    const j = bitOffset + i;
    const a = so[i]!;
    const b = so[i + 1]!;
    if (validity !== null && ((validity[j >> 3]! >> (j & 7)) & 1) === 0) out.append(tok, 0, tok.length);
    else if (formula !== null && a !== b && formula[src[a]!] === 1) appendFormulaEscaped(out, src, a, b, rules);
    else if (special.length > 0 && a !== b && b - a !== tok.length) {
      if (nextSpecial < a) nextSpecial = findSpecial(a);
      if (nextSpecial >= b) {
        out.reserve(b - a + COPY_WORD);
        out.length = copyWords(sv, src, a, b, out.view(), out.buf, out.length);
      } else appendCell(out, src, a, b, rules);
    } else appendCell(out, src, a, b, rules);
    offsets[i + 1] = out.length;
  }
  bufs.offsets.length = n + 1;
  return { bytes: out.finish(), offsets: bufs.offsets.finish() };
}

/** Encode the dictionary once, then copy each row's entry. */
function encodeDictionary(data: Data, rules: CellRules, column: string | undefined, scratch: ColumnScratch | undefined): EncodedColumn {
  const dict = data.dictionary as Vector;
  // The entries in fresh buffers: the rows are copied from them into the scratch.
  const parts = dict.data.map((d) => encodeColumn(d as Data, rules, column));
  const entryStart: number[] = [];
  const entryEnd: number[] = [];
  const entryBuf: Uint8Array[] = [];
  for (const p of parts) {
    for (let i = 0; i + 1 < p.offsets.length; i++) {
      entryBuf.push(p.bytes);
      entryStart.push(p.offsets[i]!);
      entryEnd.push(p.offsets[i + 1]!);
    }
  }
  const n = data.length;
  const indices = data.values as ArrayLike<number | bigint>;
  const validity = data.nullCount > 0 ? data.nullBitmap : null;
  const { bytes: out, offsets } = outputs(scratch, n * 8 + 16, n + 1);
  offsets.push(0);
  for (let i = 0; i < n; i++) {
    const j = data.offset + i;
    if (validity && ((validity[j >> 3]! >> (j & 7)) & 1) === 0) out.append(rules.nullToken, 0, rules.nullToken.length);
    else {
      const k = Number(indices[i]);
      out.append(entryBuf[k]!, entryStart[k]!, entryEnd[k]!);
    }
    offsets.push(out.length);
  }
  return { bytes: out.finish(), offsets: offsets.finish() };
}

/**
 * Everything else (numbers, booleans, dates, timestamps, times, decimals, binary): each value's
 * bytes written straight into the output by the writer the NDJSON writer shares (valueBytes, the
 * bytes of value-text.ts's text), then quoted only if the delimiter or the null token demands it.
 * Float NaN and ±Infinity are written as `NaN`, `Infinity`, `-Infinity`.
 */
function encodeByValue(data: Data, rules: CellRules, column: string | undefined, scratch: ColumnScratch | undefined): EncodedColumn {
  const n = data.length;
  const tok = rules.nullToken;
  const { bytes: out, offsets } = outputs(scratch, n * 12 + 16, n + 1);
  offsets.push(0);
  if (data.typeId === Type.Null) {
    for (let i = 0; i < n; i++) {
      out.append(tok, 0, tok.length);
      offsets.push(out.length);
    }
    return { bytes: out.finish(), offsets: offsets.finish() };
  }
  const write = valueBytes(data, column, 'CSV');
  const bits = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  for (let i = 0; i < n; i++) {
    const j = off + i;
    if (bits && ((bits[j >> 3]! >> (j & 7)) & 1) === 0) out.append(tok, 0, tok.length);
    else {
      const s = out.length;
      write(i, out);
      if (cellNeedsQuote(out.buf, s, out.length, rules)) requote(out, s, rules);
    }
    offsets.push(out.length);
  }
  return { bytes: out.finish(), offsets: offsets.finish() };
}

/** appendCell's test: empty, equal to the null token, or holding a byte that forces quoting. */
function cellNeedsQuote(src: Uint8Array, s: number, e: number, rules: CellRules): boolean {
  if (s === e || sameBytes(src, s, e, rules.nullToken)) return true;
  const nq = rules.needsQuote;
  for (let k = s; k < e; k++) if (nq[src[k]!] === 1) return true;
  return false;
}

/** Rewrite the cell written from `s` as appendCell writes it (rare: a delimiter such as '-' or ':'). */
function requote(out: GrowableBytes, s: number, rules: CellRules): void {
  const cell = out.buf.slice(s, out.length);
  out.length = s;
  appendCell(out, cell, 0, cell.length, rules);
}
