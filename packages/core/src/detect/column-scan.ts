import { Type, type Data, type DataType, type Vector } from 'apache-arrow';
import { utf8View } from '../kernels/utf8.js';
import { decimalText, unscaledBig, unscaledSafe } from '../kernels/decimal.js';
import type { ValueScanner } from './scanner.js';
import { idCheck18, idStructure18 } from './checksums.js';
import { T_CN_ID } from './types.js';
import { MEMO_MAX_BYTES, ScanMemo } from './scan-memo.js';

/**
 * Receives hits of a column scan: `row` is `rowBase` + the index within the chunk, or NO_ROW for
 * a value that belongs to no row but is published all the same (a dictionary entry no row
 * references, a dense-union child value no row points at).
 */
export interface HitSink {
  hit(row: number, type: number, confidence: number): void;
}

export const NO_ROW = -1;

/** Per dictionary Data: the hits of each entry, flattened (entry k: hits [at[k], at[k+1])). */
interface DictHits {
  at: Int32Array;
  type: Int32Array;
  conf: Float64Array;
  /** Entries with at least one hit: only those need to be tracked as referenced or not. */
  anyHit: boolean;
}
const dictCache = new WeakMap<ValueScanner, WeakMap<object, DictHits>>();

/**
 * Types whose values are numbers of time or truth and so cannot spell an identifier. Every other
 * type is scanned below or refused: a type the scan does not know is never skipped silently.
 */
const NOT_TEXT = new Set<number>([Type.Null, Type.Bool, Type.Date, Type.Time, Type.Timestamp, Type.Interval, Type.Duration]);

const SCANNED = new Set<number>([
  Type.Utf8, Type.LargeUtf8, Type.Binary, Type.LargeBinary, Type.Utf8View, Type.BinaryView, Type.FixedSizeBinary,
  Type.Int, Type.Float, Type.Decimal, Type.Dictionary,
  Type.List, Type.LargeList, Type.FixedSizeList, Type.Map, Type.Struct, Type.Union,
]);

/**
 * The first type inside `type` (itself or a child, at any depth) the scan cannot read, as a
 * path such as `list item > struct field "a": RunEndEncoded`, or null when every part is scannable.
 */
export function unscannableType(type: DataType): string | null {
  const t = type.typeId;
  if (NOT_TEXT.has(t)) return null;
  if (!SCANNED.has(t)) return String(type);
  if (t === Type.Dictionary) {
    const inner = unscannableType((type as unknown as { dictionary: DataType }).dictionary);
    return inner === null ? null : `dictionary values > ${inner}`;
  }
  for (const f of type.children ?? []) {
    const inner = unscannableType(f.type);
    if (inner !== null) return `${t === Type.Struct ? `field "${f.name}"` : 'child'} > ${inner}`;
  }
  return null;
}

/** One column's scan over many chunks: dictionary entries are tracked until `finish()`. */
export class ColumnScan {
  private readonly pending: Array<{ dh: DictHits; used: Uint8Array }> = [];
  private readonly byDict = new WeakMap<DictHits, Uint8Array>();
  /** The hits of the text values this column repeats (scan-memo.ts). */
  readonly memo = new ScanMemo();
  constructor(readonly scanner: ValueScanner, readonly sink: HitSink) {}

  /** Scan every value of one chunk; rows are `rowBase` + the index within the chunk. */
  scan(data: Data, rowBase: number): void {
    scanData(data, rowBase, this.sink, this);
  }

  /** Report the entries of every dictionary seen that hold an identifier but no row referenced. */
  finish(): void {
    for (const { dh, used } of this.pending) {
      for (let e = 0; e < used.length; e++) {
        if (used[e] === 1) continue;
        for (let k = dh.at[e]!; k < dh.at[e + 1]!; k++) this.sink.hit(NO_ROW, dh.type[k]!, dh.conf[k]!);
      }
    }
    this.pending.length = 0;
  }

  /** @internal The referenced-entry flags of one dictionary, or null when no entry hit. */
  usedOf(dh: DictHits): Uint8Array | null {
    if (!dh.anyHit) return null;
    let used = this.byDict.get(dh);
    if (!used) {
      used = new Uint8Array(dh.at.length - 1);
      this.byDict.set(dh, used);
      this.pending.push({ dh, used });
    }
    return used;
  }
}

/**
 * Scan every value of one column chunk, of any type: strings and binaries from their bytes
 * (also views), numbers and decimals formatted as digits (an ID or phone stored as a number is
 * still personal data), nested types through their children, dictionaries entry by entry, every
 * entry whether a row references it or not. Values under null slots are scanned as well: the
 * Arrow IPC writer publishes the buffers as they are. An unknown type throws (see unscannableType).
 */
export function scanColumn(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink): void {
  const cs = new ColumnScan(scanner, sink);
  cs.scan(data, rowBase);
  cs.finish();
}

function scanData(data: Data, rowBase: number, sink: HitSink, cs: ColumnScan): void {
  if (data.length === 0) return;
  switch (data.typeId) {
    case Type.Utf8: case Type.LargeUtf8: case Type.Binary: case Type.LargeBinary:
      return scanOffsets(data, cs.scanner, rowBase, sink, cs.memo);
    case Type.Utf8View: case Type.BinaryView:
      return scanViews(data, cs.scanner, rowBase, sink);
    case Type.FixedSizeBinary:
      return scanFixedBinary(data, cs.scanner, rowBase, sink);
    case Type.Int: case Type.Float:
      return scanNumbers(data, cs.scanner, rowBase, sink);
    case Type.Decimal:
      return scanDecimals(data, cs.scanner, rowBase, sink);
    case Type.Dictionary:
      return scanDictionary(data, rowBase, sink, cs);
    case Type.Struct:
      for (const child of data.children) scanData(child, rowBase, sink, cs);
      return;
    case Type.List: case Type.LargeList: case Type.Map:
      return scanList(data, rowBase, sink, cs);
    case Type.FixedSizeList:
      return scanFixedList(data, rowBase, sink, cs);
    case Type.Union:
      return scanUnion(data, rowBase, sink, cs);
    default:
      if (NOT_TEXT.has(data.typeId)) return;
      throw new TypeError(`the residual scan cannot read ${String(data.type)} values`);
  }
}

function emit(scanner: ValueScanner, src: Uint8Array, start: number, end: number, row: number, sink: HitSink): void {
  if (scanner.scan(src, start, end) === 0) return;
  const hits = scanner.state.hits;
  for (let k = 0; k < hits.length; k++) sink.hit(row, hits.type[k]!, hits.conf[k]!);
}

/**
 * A text cell: its bytes, and when it is 17 or 18 characters, as a number too. Why: a cell of
 * digits alone is the number a reader makes of it (an NDJSON number literal kept as text so that
 * no digit is rounded, a CSV column declared integer and published as int64), and a number that
 * was an ID has lost its X the same way (see numericId).
 */
function emitText(scanner: ValueScanner, src: Uint8Array, start: number, end: number, row: number, sink: HitSink): void {
  emit(scanner, src, start, end, row, sink);
  const n = end - start;
  if (n === 17 || n === 18) numericId(scanner, src, start, n, row, sink);
}

function scanOffsets(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink, memo: ScanMemo): void {
  const v = utf8View(data);
  const src = v.values;
  const so = v.offsets;
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  for (let i = 0; i < v.length; i++) {
    const s = so[i]!, e = so[i + 1]!;
    if (s === e) continue;
    // A value the column repeats: its hits again, without a scan (scan-memo.ts).
    if (!memo.on || e - s > MEMO_MAX_BYTES) emitText(scanner, src, s, e, rowBase + i, sink);
    else if (!memo.replay(src, dv, s, e, rowBase + i, sink)) {
      emitText(scanner, src, s, e, rowBase + i, memo.record(sink));
      memo.keep(src, dv, s, e);
    }
  }
}

/** Utf8View / BinaryView: 16-byte views, inline up to 12 bytes, else (buffer index, offset). */
function scanViews(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink): void {
  const views = data.values as Uint8Array;
  const dv = new DataView(views.buffer, views.byteOffset, views.byteLength);
  const buffers = data.variadicBuffers;
  for (let i = 0; i < data.length; i++) {
    const at = i * 16;
    const size = dv.getInt32(at, true);
    if (size <= 0) continue;
    if (size <= 12) emit(scanner, views, at + 4, at + 4 + size, rowBase + i, sink);
    else {
      const buf = buffers[dv.getInt32(at + 8, true)]!;
      const off = dv.getInt32(at + 12, true);
      emitText(scanner, buf, off, off + size, rowBase + i, sink);
    }
  }
}

function scanFixedBinary(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink): void {
  const src = data.values as Uint8Array;
  const w = (data.type as unknown as { byteWidth: number }).byteWidth;
  for (let i = 0; i < data.length; i++) emit(scanner, src, i * w, (i + 1) * w, rowBase + i, sink);
}

const encoder = new TextEncoder();
function scanNumbers(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink): void {
  // Half floats top out at 65504: too short for any identifier (and stored as raw bits).
  if (data.typeId === Type.Float && (data.type as unknown as { precision: number }).precision === 0) return;
  const vals = data.values as ArrayLike<number | bigint>;
  const buf = new Uint8Array(64);
  // Under a coordinate header (经度, lat) a short decimal is a position, under a QQ header a short
  // integer an account: every value is formatted.
  const every = (scanner.state.coordMode !== 0 && data.typeId === Type.Float) || scanner.state.imMode !== 0;
  for (let i = 0; i < data.length; i++) {
    const x = vals[i]!;
    // Short numbers cannot hold an identifier: skip the formatting.
    if (!every && (typeof x === 'number' ? !(Math.abs(x) >= 1e8) : x < 100_000_000n && x > -100_000_000n)) continue;
    const { written } = encoder.encodeInto(String(x), buf);
    emit(scanner, buf, 0, written, rowBase + i, sink);
    numericId(scanner, buf, 0, written, rowBase + i, sink);
  }
}

const ID_X = new Uint8Array(18);
/**
 * An ID stored as a number cannot hold its check character X: a system that kept the ID in a
 * BIGINT dropped it (11010519491231002X → 11010519491231002) or wrote a digit in its place
 * (…0020). Text keeps a wrong check digit an ID only after a label (身份证号：), which a number has
 * not (a text cell of the digits alone is a number here: emitText); but a number of 18 digits with a province and a birth date in place, or of 17 that an X
 * completes, is an ID with its check lost, not an amount: reported as cn_id on the row.
 */
function numericId(scanner: ValueScanner, buf: Uint8Array, at: number, written: number, row: number, sink: HitSink): void {
  if ((written !== 17 && written !== 18) || scanner.state.wanted[T_CN_ID] !== 1 || scanner.state.minConfidence > 0.8) return;
  for (let k = at; k < at + written; k++) if (buf[k]! < 48 || buf[k]! > 57) return;
  if (!idStructure18(buf, at)) return;
  if (written === 18) {
    // A valid check, or Excel's 15 significant digits (…000): the byte scanner reported it already.
    if (idCheck18(buf, at) || (buf[at + 15] === 48 && buf[at + 16] === 48 && buf[at + 17] === 48)) return;
    sink.hit(row, T_CN_ID, 0.8);
    return;
  }
  for (let k = 0; k < 17; k++) ID_X[k] = buf[at + k]!;
  ID_X[17] = 88;
  if (idCheck18(ID_X, 0)) sink.hit(row, T_CN_ID, 0.8);
}

/**
 * Decimals (little-endian two's complement in 32-bit words) as their digits with the point in
 * place: a DECIMAL(18,0) of ID numbers reads as the IDs, a DECIMAL(11,0) of mobiles as the mobiles.
 */
function scanDecimals(data: Data, scanner: ValueScanner, rowBase: number, sink: HitSink): void {
  const { scale, bitWidth } = data.type as unknown as { scale: number; bitWidth: number };
  const words = data.values as Uint32Array;
  const stride = bitWidth / 32;
  const buf = new Uint8Array(128);
  for (let i = 0; i < data.length; i++) {
    const at = i * stride;
    let high = 0;
    for (let w = 1; w < stride; w++) high |= words[at + w]!;
    // Below 1e8 with no upper words: too short for an identifier whatever the scale (not for a coordinate's decimals).
    if (high === 0 && words[at]! < 100_000_000 && scale >= 0 && (scale < 2 || scanner.state.coordMode === 0)) continue;
    const safe = unscaledSafe(words, i, stride);
    const { written } = encoder.encodeInto(decimalText(safe === safe ? safe : unscaledBig(words, i, stride), scale), buf);
    emit(scanner, buf, 0, written, rowBase + i, sink);
    if (scale === 0) numericId(scanner, buf, 0, written, rowBase + i, sink);
  }
}

/** A sink that moves hits of child index k (0-based from the child's start) to the parent's row. */
function mapped(sink: HitSink, rowOf: (k: number) => number): HitSink {
  return { hit(k, type, conf) { sink.hit(k === NO_ROW ? NO_ROW : rowOf(k), type, conf); } };
}

/** List, LargeList, Map: the child values [offsets[0], offsets[n]) belong to rows by offsets. */
function scanList(data: Data, rowBase: number, sink: HitSink, cs: ColumnScan): void {
  const raw = data.valueOffsets as Int32Array | BigInt64Array;
  const n = data.length;
  const offs = raw instanceof BigInt64Array ? Float64Array.from(raw.subarray(0, n + 1), Number) : raw;
  const first = Number(offs[0]);
  const count = Number(offs[n]) - first;
  if (count <= 0) return;
  const child = data.children[0]!.slice(first, count);
  scanData(child, 0, mapped(sink, (k) => {
    // The row that owns child value first + k: the last i with offs[i] <= first + k.
    const target = first + k;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (Number(offs[mid]) <= target) lo = mid;
      else hi = mid - 1;
    }
    return rowBase + lo;
  }), cs);
}

function scanFixedList(data: Data, rowBase: number, sink: HitSink, cs: ColumnScan): void {
  const size = (data.type as unknown as { listSize: number }).listSize;
  if (size === 0) return;
  scanData(data.children[0]!, 0, mapped(sink, (k) => rowBase + Math.floor(k / size)), cs);
}

/**
 * Sparse unions: every child is as long as the union, value i belongs to row i (scanned whether
 * row i selects that child or not: the buffers are published). Dense unions: row i points at
 * value valueOffsets[i] of the child its type id selects; values no row points at are NO_ROW.
 */
function scanUnion(data: Data, rowBase: number, sink: HitSink, cs: ColumnScan): void {
  const type = data.type as unknown as { typeIdToChildIndex: Record<number, number> };
  const offsets = data.valueOffsets as Int32Array | undefined;
  if (!offsets) {
    for (const child of data.children) scanData(child, rowBase, sink, cs);
    return;
  }
  const typeIds = data.typeIds as Int8Array;
  data.children.forEach((child, c) => {
    const rowOf = new Int32Array(child.length).fill(NO_ROW);
    for (let i = 0; i < data.length; i++) {
      if (type.typeIdToChildIndex[typeIds[i]!] === c) rowOf[offsets[i]!] = rowBase + i;
    }
    scanData(child, 0, mapped(sink, (k) => rowOf[k]!), cs);
  });
}

function dictionaryHits(dict: Vector, cs: ColumnScan): DictHits {
  let perScanner = dictCache.get(cs.scanner);
  if (!perScanner) { perScanner = new WeakMap(); dictCache.set(cs.scanner, perScanner); }
  const cached = perScanner.get(dict);
  if (cached) return cached;
  // Collect (entry, type, conf) over every chunk, then group by entry (counting sort): nested
  // dictionary values may report their hits out of entry order.
  const entries: number[] = [];
  const types: number[] = [];
  const confs: number[] = [];
  let base = 0;
  for (const chunk of dict.data) {
    const collect: HitSink = {
      hit(e, type, conf) {
        if (e === NO_ROW) { cs.sink.hit(NO_ROW, type, conf); return; }
        entries.push(e); types.push(type); confs.push(conf);
      },
    };
    scanData(chunk, base, collect, cs);
    base += chunk.length;
  }
  const at = new Int32Array(base + 1);
  for (const e of entries) at[e + 1]!++;
  for (let e = 0; e < base; e++) at[e + 1]! += at[e]!;
  const fill = at.slice(0, base);
  const type = new Int32Array(entries.length);
  const conf = new Float64Array(entries.length);
  for (let k = 0; k < entries.length; k++) {
    const slot = fill[entries[k]!]!++;
    type[slot] = types[k]!;
    conf[slot] = confs[k]!;
  }
  const out = { at, type, conf, anyHit: entries.length > 0 };
  perScanner.set(dict, out);
  return out;
}

/**
 * Dictionary columns: each entry is scanned once (cached per dictionary), hits are mapped to the
 * rows through the indices, and entries no row references are reported by ColumnScan.finish:
 * the writers publish the whole dictionary, so a raw value a rule left there is still published.
 */
function scanDictionary(data: Data, rowBase: number, sink: HitSink, cs: ColumnScan): void {
  const dh = dictionaryHits(data.dictionary as Vector, cs);
  const used = cs.usedOf(dh);
  if (used === null) return;
  const idx = data.values as ArrayLike<number | bigint>;
  const bits = data.nullCount > 0 ? data.nullBitmap : null;
  const off = data.offset;
  for (let i = 0; i < data.length; i++) {
    // A null row shows nothing; the entry its index points at is reported on its own if unused.
    if (bits) { const j = off + i; if (((bits[j >> 3]! >> (j & 7)) & 1) === 0) continue; }
    const e = Number(idx[i]);
    used[e] = 1;
    for (let k = dh.at[e]!; k < dh.at[e + 1]!; k++) sink.hit(rowBase + i, dh.type[k]!, dh.conf[k]!);
  }
}
