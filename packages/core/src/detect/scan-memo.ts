import type { HitSink } from './column-scan.js';

const BITS = 12;
const ENTRIES = 1 << BITS;
/** Longer values are free text, nearly never repeated: scanned as they come, never kept. */
export const MEMO_MAX_BYTES = 256;
/** Lookups before the memo judges whether the column repeats its values. */
const TRIAL = 4096;

interface Entry {
  bytes: Uint8Array;
  view: DataView;
  type: Int32Array;
  conf: Float64Array;
}

/**
 * The hits of the text values one column repeats (its types, authorities, legal bases, masked
 * addresses: most columns of an agency extract), so that each distinct value is scanned once
 * rather than once per row: 自然人/法人 cost the scan as much per row as a sentence (法人 is a
 * context word), and in the penalties spec the scan's share of the run fell from 16.8 to 15.2 %
 * (docs/performance.md, ninth session).
 *
 * A direct-mapped cache: a value is placed by a hash of its 4-byte words, and its
 * hits are used only when every byte equals the kept copy, so the memo cannot change a result
 * (the scan is a function of the value's bytes and of the column's scanner, whose header modes
 * are fixed). A collision or a new value is scanned and replaces the entry. A column whose values
 * do not nearly all repeat (free text, case numbers) drops the memo after its trial: then it costs a test.
 */
export class ScanMemo implements HitSink {
  private table: Array<Entry | undefined> | null = new Array<Entry | undefined>(ENTRIES);
  private found = 0;
  private missed = 0;
  // The hits of the value being scanned on a miss, passed on to `sink` as they come.
  private readonly types: number[] = [];
  private readonly confs: number[] = [];
  private sink: HitSink | null = null;

  get on(): boolean {
    return this.table !== null;
  }

  /**
   * Report to `sink` the hits of src[start, end) for `row` when the value is kept, and return
   * true; else return false, and the caller scans the value through `record`.
   */
  replay(src: Uint8Array, dv: DataView, start: number, end: number, row: number, sink: HitSink): boolean {
    const e = this.table![slotOf(dv, src, start, end)];
    if (e !== undefined && sameBytes(e, dv, src, start, end)) {
      this.found++;
      for (let k = 0; k < e.type.length; k++) sink.hit(row, e.type[k]!, e.conf[k]!);
      return true;
    }
    this.missed++;
    return false;
  }

  /** The sink to scan a missed value into: it records the hits and passes them on to `sink`. */
  record(sink: HitSink): HitSink {
    this.types.length = 0;
    this.confs.length = 0;
    this.sink = sink;
    return this;
  }

  hit(row: number, type: number, confidence: number): void {
    this.types.push(type);
    this.confs.push(confidence);
    this.sink!.hit(row, type, confidence);
  }

  /** Keep the value just scanned through `record` with its hits. */
  keep(src: Uint8Array, dv: DataView, start: number, end: number): void {
    const table = this.table!;
    const bytes = src.slice(start, end);
    table[slotOf(dv, src, start, end)] = { bytes, view: new DataView(bytes.buffer), type: Int32Array.from(this.types), conf: Float64Array.from(this.confs) };
    this.sink = null;
    // A miss costs a scan and four allocations, more than a short value's scan saves on a hit:
    // the memo pays only when nearly every value repeats (measured in `tuomin run`, not only alone).
    if (this.found + this.missed >= TRIAL && this.missed * 16 > this.found + this.missed) this.table = null;
  }
}

/** `dv` views the same bytes as `src` (from its offset 0): 4-byte words are read in one call. */
function slotOf(dv: DataView, src: Uint8Array, s: number, end: number): number {
  // Every byte counts: values of a column often differ in a few characters (邹平市 and 滨州市市场监督管理局).
  let h = Math.imul(end - s, 0x9e3779b1);
  let k = s;
  for (; k + 4 <= end; k += 4) h = Math.imul(h ^ dv.getInt32(k, true), 0x85ebca6b) ^ (h >>> 13);
  for (; k < end; k++) h = Math.imul(h ^ src[k]!, 0xc2b2ae35);
  return (h ^ (h >>> 15)) >>> (32 - BITS);
}

function sameBytes(kept: Entry, dv: DataView, src: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (kept.bytes.length !== n) return false;
  const kv = kept.view;
  let k = 0;
  for (; k + 4 <= n; k += 4) if (kv.getInt32(k, true) !== dv.getInt32(start + k, true)) return false;
  for (; k < n; k++) if (kept.bytes[k] !== src[start + k]) return false;
  return true;
}
