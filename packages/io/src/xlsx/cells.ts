import { DataType, DateUnit, Precision, Type } from 'apache-arrow';
import type { Data, Date_, Float, Int, Timestamp, Vector } from 'apache-arrow';
import { GrowableBytes, TuominError, utf8View, type MessageRef } from '@tuomin/core/internal';
import { valueText } from '../format/value-text.js';
import { appendAscii } from '../ndjson/escape.js';
import { temporalText } from '../infer/days.js';
import { appendXmlText, codePointName } from './escape.js';
import { typeShape } from '@tuomin/core/internal';

/**
 * Appends the rest of a `<c>` element for value i (0-based in the chunk) of a valid cell, after
 * the caller wrote `<c r="B7`. `cellStart` is where that cell began in `out`: a writer that finds
 * nothing to write (a null dictionary entry) rewinds to it, so the cell is absent. Chosen once
 * per column and batch.
 */
export type CellWriter = (i: number, out: GrowableBytes, cellStart: number) => void;

/** Reports a value that XLSX cannot hold (a TuominError naming file, row, column and cell, with the message's id); never returns. */
export interface CellContext {
  fail(i: number, message: string, hint: string, text: MessageRef): never;
}

const enc = new TextEncoder();
const STR_OPEN = enc.encode('" t="inlineStr"><is><t>');
const STR_OPEN_PRESERVE = enc.encode('" t="inlineStr"><is><t xml:space="preserve">');
const STR_CLOSE = enc.encode('</t></is></c>');
const NUM_OPEN = enc.encode('"><v>');
const NUM_CLOSE = enc.encode('</v></c>');
const TRUE = enc.encode('" t="b"><v>1</v></c>');
const FALSE = enc.encode('" t="b"><v>0</v></c>');

/** Excel's limit on the characters (UTF-16 units) of one cell. */
export const MAX_CELL_CHARS = 32767;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const ILLEGAL_HINT = 'XML 1.0, and so XLSX, cannot hold this character: remove it from the source, or leave xlsx out of output.formats (csv, ndjson and parquet keep it)';
const LONG_HINT = `Excel cells hold at most ${MAX_CELL_CHARS.toLocaleString('en-US')} characters: shorten the column with a rule, or publish csv/ndjson/parquet for it`;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
}

/** UTF-16 length of UTF-8 bytes: one unit per lead byte, two for 4-byte sequences. */
function utf16Length(src: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let k = start; k < end; k++) {
    const b = src[k]!;
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/** An inline string cell from UTF-8 bytes: `xml:space="preserve"` only when the value starts or ends with white space. */
function appendStringCell(src: Uint8Array, a: number, b: number, out: GrowableBytes, i: number, ctx: CellContext): void {
  if (b - a > MAX_CELL_CHARS && utf16Length(src, a, b) > MAX_CELL_CHARS) {
    const length = utf16Length(src, a, b);
    ctx.fail(i, `text of ${length.toLocaleString('en-US')} characters is longer than an XLSX cell holds`, LONG_HINT, { id: 'xlsx.cellTooLong', params: { length, max: MAX_CELL_CHARS } });
  }
  const open = b > a && (isSpace(src[a]!) || isSpace(src[b - 1]!)) ? STR_OPEN_PRESERVE : STR_OPEN;
  out.append(open, 0, open.length);
  const bad = appendXmlText(src, a, b, out);
  if (bad >= 0) ctx.fail(i, `value contains the control character ${codePointName(bad)}`, ILLEGAL_HINT, { id: 'xlsx.controlInCell', params: { char: codePointName(bad) } });
  out.append(STR_CLOSE, 0, STR_CLOSE.length);
}

function appendTextCell(text: string, out: GrowableBytes, i: number, ctx: CellContext): void {
  const bytes = enc.encode(text);
  appendStringCell(bytes, 0, bytes.length, out, i, ctx);
}

function appendNumberCell(text: string, out: GrowableBytes): void {
  out.append(NUM_OPEN, 0, NUM_OPEN.length);
  appendAscii(text, out);
  out.append(NUM_CLOSE, 0, NUM_CLOSE.length);
}

/** Excel's serial day number of 1970-01-01 (the 1900 date system). */
const EPOCH_SERIAL = 25569;
/** Serials below 61 (1900-03-01) fall before Excel's phantom 1900-02-29; 2958465 is 9999-12-31. */
const FIRST_SERIAL = 61;
const LAST_SERIAL = 2958465;
const MS_PER_DAY = 86400000;

/** `" s="7"><v>`: a number cell in cell format `style` (styles.ts). */
function styledOpen(style: number): Uint8Array {
  return style === 0 ? NUM_OPEN : enc.encode(`" s="${style}"><v>`);
}

function appendStyledNumber(open: Uint8Array, text: string, out: GrowableBytes): void {
  out.append(open, 0, open.length);
  appendAscii(text, out);
  out.append(NUM_CLOSE, 0, NUM_CLOSE.length);
}

/** Significant digits of a decimal text (sign, point and leading zeros aside). */
function significantDigits(t: string): number {
  let n = 0;
  let leading = true;
  for (let k = 0; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c < 0x30 || c > 0x39) continue;
    if (leading && c === 0x30) continue;
    leading = false;
    n++;
  }
  return n;
}

/**
 * `style` is the column's cell format (styles.ts): with one, dates and timestamps without a zone
 * are date cells (Excel serial days, shown yyyy-mm-dd [hh:mm:ss]) and decimals number cells shown
 * with their scale; without one (0), and outside what a cell holds, they are the CSV's text.
 */
export function cellWriter(data: Data, ctx: CellContext, style = 0): CellWriter {
  const type = data.type as DataType;
  switch (type.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8: {
      const { values, offsets } = utf8View(data);
      return (i, out) => appendStringCell(values, offsets[i]!, offsets[i + 1]!, out, i, ctx);
    }
    case Type.Dictionary:
      return dictionaryWriter(data, ctx, style);
    case Type.Bool: {
      const bits = data.values as Uint8Array;
      const off = data.offset;
      return (i, out) => {
        const v = (bits[(off + i) >> 3]! >> ((off + i) & 7)) & 1 ? TRUE : FALSE;
        out.append(v, 0, v.length);
      };
    }
    case Type.Int: {
      if ((type as Int).bitWidth < 64) {
        const values = data.values as ArrayLike<number>;
        return (i, out) => appendNumberCell(String(values[i]), out);
      }
      // A spreadsheet number is a double: 64-bit integers beyond ±(2^53 − 1) are written as
      // text so that no digit is lost (documented in docs/formats.md).
      const values = data.values as ArrayLike<bigint>;
      return (i, out) => {
        const v = values[i]!;
        if (v <= MAX_SAFE && v >= -MAX_SAFE) appendNumberCell(String(v), out);
        else appendTextCell(String(v), out, i, ctx);
      };
    }
    case Type.Float: {
      if ((type as Float).precision === Precision.HALF) return genericWriter(data, ctx);
      const values = data.values as Float32Array | Float64Array;
      // NaN and ±Infinity have no spreadsheet number: written as the text NaN, Infinity, -Infinity.
      return (i, out) => {
        const x = values[i]!;
        if (Number.isFinite(x)) appendNumberCell(String(x), out);
        else appendTextCell(String(x), out, i, ctx);
      };
    }
    case Type.Date:
    case Type.Timestamp: {
      if (style === 0) return textWriter(data, ctx);
      return serialWriter(data, ctx, style);
    }
    case Type.Decimal: {
      if (style === 0) return genericWriter(data, ctx);
      const text = valueText(data, undefined, 'XLSX');
      const open = styledOpen(style);
      // A spreadsheet number is a double: a decimal of more than 15 significant digits is written
      // as its exact text, as 64-bit integers beyond 2^53 are (docs/formats.md).
      return (i, out) => {
        const t = text(i);
        if (significantDigits(t) <= 15) appendStyledNumber(open, t, out);
        else appendTextCell(t, out, i, ctx);
      };
    }
    case Type.Time: {
      // The same text as the CSV and NDJSON copies (temporalText).
      const text = temporalText(data)!;
      return (i, out) => appendTextCell(text(i), out, i, ctx);
    }
    default:
      return genericWriter(data, ctx);
  }
}

/**
 * Half floats, times, decimals without a cell format (a negative scale), binary: a per-value cold
 * path through the text the CSV and NDJSON writers share (valueText). Half floats are numbers (NaN,
 * ±Infinity as text); times, those decimals (exact, every digit) and binary (base64) are text. Lists, structs, maps and other types have
 * no cell: the first cell with a value fails with UNSUPPORTED naming the column.
 */
function genericWriter(data: Data, ctx: CellContext): CellWriter {
  if (data.typeId === Type.Null) {
    return (_i, out, cellStart) => {
      out.length = cellStart;
    };
  }
  let text: ((i: number) => string) | null = null;
  let problem: TuominError | null = null;
  try {
    text = valueText(data, undefined, 'XLSX');
  } catch (err) {
    if (!(err instanceof TuominError)) throw err;
    problem = err;
  }
  const numeric = data.typeId === Type.Float;
  return (i, out) => {
    if (text === null) ctx.fail(i, `a column of type ${typeShape(data.type)} has no spreadsheet cell`, problem?.hint ?? '', { id: 'xlsx.noCell', params: { type: typeShape(data.type) } });
    const t = text(i);
    if (numeric && t !== 'NaN' && t !== 'Infinity' && t !== '-Infinity') return appendNumberCell(t, out);
    appendTextCell(t, out, i, ctx);
  };
}

/**
 * Each dictionary entry's cell text is encoded once, on first use (so an error names the first
 * row that uses a bad entry, and unused entries are never checked); rows copy the bytes.
 */
function dictionaryWriter(data: Data, ctx: CellContext, style: number): CellWriter {
  const dict = data.dictionary as Vector;
  const chunks: Array<{ writer: CellWriter; data: Data; first: number }> = [];
  let first = 0;
  let row = 0;
  const entryCtx: CellContext = { fail: (_j, message, hint, text) => ctx.fail(row, message, hint, text) };
  for (const chunk of dict.data) {
    chunks.push({ writer: cellWriter(chunk as Data, entryCtx, style), data: chunk as Data, first });
    first += chunk.length;
  }
  const size = first;
  // start[k] = -1: not encoded yet; -2: a null entry; else [start[k], end[k]) in `encoded`.
  const start = new Int32Array(size).fill(-1);
  const end = new Int32Array(size);
  const encoded = new GrowableBytes(256);
  const indices = data.values as ArrayLike<number | bigint>;
  const bigIndices = indices instanceof BigInt64Array || indices instanceof BigUint64Array;
  function encode(k: number): void {
    const c = chunks.find((x) => k < x.first + x.data.length)!;
    const j = k - c.first;
    const d = c.data;
    const bits = d.nullBitmap;
    if (d.nullCount > 0 && bits && ((bits[(d.offset + j) >> 3]! >> ((d.offset + j) & 7)) & 1) === 0) {
      start[k] = -2;
      return;
    }
    const s = encoded.length;
    c.writer(j, encoded, s);
    // A writer that rewound wrote nothing: the entry is null.
    start[k] = encoded.length === s ? -2 : s;
    end[k] = encoded.length;
  }
  return (i, out, cellStart) => {
    const k = bigIndices ? Number(indices[i]) : (indices[i] as number);
    if (start[k] === -1) {
      row = i;
      encode(k);
    }
    const s = start[k]!;
    if (s === -2) {
      out.length = cellStart;
      return;
    }
    out.append(encoded.buf, s, end[k]!);
  };
}

/** Dates and timestamps as the text of the CSV and NDJSON copies (temporalText). */
function textWriter(data: Data, ctx: CellContext): CellWriter {
  const text = temporalText(data)!;
  return (i, out) => appendTextCell(text(i), out, i, ctx);
}

/**
 * Day dates and zone-less timestamps as serial days (styles.ts gives the column its format);
 * before 1900-03-01 or after 9999-12-31, where no serial is right, as their text.
 */
function serialWriter(data: Data, ctx: CellContext, style: number): CellWriter {
  const text = temporalText(data)!;
  const open = styledOpen(style);
  const values = data.values as ArrayLike<number | bigint>;
  let serial: (i: number) => number;
  if (data.typeId === Type.Date && (data.type as Date_).unit === DateUnit.DAY) {
    const days = data.values as Int32Array;
    serial = (i) => days[i]! + EPOCH_SERIAL;
  } else if (data.typeId === Type.Timestamp && !(data.type as Timestamp).timezone) {
    const perMs = [1e-3, 1, 1e3, 1e6][(data.type as Timestamp).unit]!;
    serial = (i) => Number(values[i]!) / perMs / MS_PER_DAY + EPOCH_SERIAL;
  } else {
    return textWriter(data, ctx);
  }
  return (i, out) => {
    const x = serial(i);
    if (x >= FIRST_SERIAL && x < LAST_SERIAL + 1) appendStyledNumber(open, String(x), out);
    else appendTextCell(text(i), out, i, ctx);
  };
}
