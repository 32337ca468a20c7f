import { GrowableBytes } from '../kernels/buffers.js';
import type { ClassStats } from './class-stats.js';

/**
 * Class statistics as bytes, for spilling to disk (the io layer owns the files). One record per
 * class, little-endian:
 *   count f64 | per quasi-identifier: len i32 (-1 = null), UTF-8 bytes
 *   | per sensitive column: pairs i32, then per pair: len i32 (-1 = null), bytes, count f64
 * Labels are bytes, not codes, so records written from different ClassStats objects (each with
 * its own dictionaries) merge by value. Partition = FNV-1a of the quasi-identifier bytes mod n:
 * every record of one class lands in the same partition, whichever object wrote it.
 */
export function writeClassRecords(stats: ClassStats, partitions: number): Uint8Array[] {
  const outs = Array.from({ length: partitions }, () => new GrowableBytes(4096));
  const w = stats.qi.length;
  const codes = stats.table.codes.buf;
  const counts = stats.table.counts;
  const byClass = stats.pairs.map((p) => groupPairs(p.classes.buf, p.size, stats.table.size));
  const scratch = new DataView(new ArrayBuffer(8));
  const num = (out: GrowableBytes, x: number, f64: boolean): void => {
    if (f64) scratch.setFloat64(0, x, true);
    else scratch.setInt32(0, x, true);
    out.append(new Uint8Array(scratch.buffer, 0, f64 ? 8 : 4), 0, f64 ? 8 : 4);
  };
  const label = (out: GrowableBytes, dict: ClassStats['qiDicts'][number], code: number): void => {
    if (code === 0) { num(out, -1, false); return; }
    const b = dict.bytesOf(code);
    num(out, b.length, false);
    out.append(b, 0, b.length);
  };
  for (let c = 0; c < stats.table.size; c++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < w; j++) {
      const code = codes[c * w + j]!;
      const b = code === 0 ? null : stats.qiDicts[j]!.bytesOf(code);
      h = Math.imul(h ^ (b === null ? 0xff : b.length), 0x01000193);
      if (b !== null) for (let k = 0; k < b.length; k++) h = Math.imul(h ^ b[k]!, 0x01000193);
    }
    const out = outs[(h >>> 0) % partitions]!;
    num(out, counts[c]!, true);
    for (let j = 0; j < w; j++) label(out, stats.qiDicts[j]!, codes[c * w + j]!);
    for (let s = 0; s < stats.pairs.length; s++) {
      const p = stats.pairs[s]!;
      const g = byClass[s]!;
      num(out, g.start[c + 1]! - g.start[c]!, false);
      for (let x = g.start[c]!; x < g.start[c + 1]!; x++) {
        const pi = g.order[x]!;
        label(out, stats.sensDicts[s]!, p.values.buf[pi]!);
        num(out, p.counts[pi]!, true);
      }
    }
  }
  return outs.map((o) => o.finish());
}

/** Add the classes of `bytes` (records from writeClassRecords) to `stats`; returns stats. */
export function readClassRecords(stats: ClassStats, bytes: Uint8Array): ClassStats {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = stats.qi.length;
  const tuple = new Int32Array(w);
  let o = 0;
  const code = (dict: ClassStats['qiDicts'][number]): number => {
    const len = dv.getInt32(o, true);
    o += 4;
    if (len < 0) return 0;
    const c = dict.code(bytes, o, o + len);
    o += len;
    return c;
  };
  while (o < bytes.length) {
    const count = dv.getFloat64(o, true);
    o += 8;
    for (let j = 0; j < w; j++) tuple[j] = code(stats.qiDicts[j]!);
    const c = stats.table.add(tuple, 0, count);
    stats.rows += count;
    for (let s = 0; s < stats.pairs.length; s++) {
      const n = dv.getInt32(o, true);
      o += 4;
      for (let x = 0; x < n; x++) {
        const v = code(stats.sensDicts[s]!);
        stats.pairs[s]!.add(c, v, dv.getFloat64(o, true));
        o += 8;
      }
    }
  }
  return stats;
}

/** Pair indices grouped by class (counting sort): order[start[c] .. start[c+1]) are class c's. */
function groupPairs(classes: Int32Array, size: number, nClasses: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(nClasses + 1);
  for (let i = 0; i < size; i++) start[classes[i]! + 1]!++;
  for (let c = 0; c < nClasses; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, nClasses);
  const order = new Int32Array(size);
  for (let i = 0; i < size; i++) order[fill[classes[i]!]!++] = i;
  return { start, order };
}
