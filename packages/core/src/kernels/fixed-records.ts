/**
 * Masking fixed-width text values (18-character IDs, 11-digit mobile numbers) with WebAssembly
 * 128-bit SIMD: the fastest path of the cn.id and cn.mobile masks.
 *
 * Why WebAssembly: the check (is every byte in range?) and the mask are the same few operations
 * on every byte; a JS loop does them four bytes at a time through 32-bit words, SIMD sixteen at
 * a time. On 2,000,000 IDs the JS word loop took 14.4 ms, this path 6.9 ms including the two
 * copies into and out of the module's memory (benchmarks/results/mask.json has the end-to-end
 * figures). The module (wasm/fixed-records.wat, 476 bytes) is compiled once per process; where
 * WebAssembly or its SIMD extension is unavailable, or after useSimdKernels(false), callers get
 * null and keep their JS loops.
 */
import { FIXED_RECORDS_WASM } from './wasm/fixed-records-wasm.js';

/** The allowed bytes at one position of a record, and whether the mask hides it. */
export interface LaneRule {
  /** Allowed byte range, inclusive. */
  lo: number;
  hi: number;
  /** The position may also hold 'X' or 'x' (the check character of an ID). */
  altX?: boolean;
  hide?: boolean;
}

/**
 * A record layout for the SIMD kernel: values of `width` bytes, checked and masked in blocks of
 * `records` values = `vectors` 16-byte vectors (lcm(width, 16) bytes). `table` holds per vector
 * the lanes' lo, hi, altX and hide bytes (64 bytes per vector).
 */
export interface RecordPattern {
  width: number;
  vectors: number;
  records: number;
  table: Uint8Array;
}

const MAX_WIDTH = 32;

export function recordPattern(width: number, lane: (position: number) => LaneRule): RecordPattern {
  if (!Number.isInteger(width) || width < 1 || width > MAX_WIDTH) throw new RangeError(`record width ${width} is outside 1..${MAX_WIDTH}`);
  let g = 16;
  for (let a = width; a !== 0;) [g, a] = [a, g % a];
  const vectors = width / g;
  const table = new Uint8Array(vectors * 64);
  for (let b = 0; b < vectors * 16; b++) {
    const r = lane(b % width);
    const q = (b >> 4) * 64 + (b & 15);
    table[q] = r.lo;
    table[q + 16] = r.hi;
    table[q + 32] = r.altX === true ? 0xff : 0;
    table[q + 48] = r.hide === true ? 0xff : 0;
  }
  return { width, vectors, records: (vectors * 16) / width, table };
}

interface Exports {
  memory: WebAssembly.Memory;
  uniformRun(off: number, from: number, to: number, w: number): number;
  maskBlocks(data: number, nblocks: number, pat: number, p: number, m: number): number;
}

/** Memory layout: the pattern table at 0, the offsets at OFF, the value bytes after them. */
const OFF = MAX_WIDTH * 64;
const MAX_MEMORY = 1 << 30;

let enabled = true;
let module: Exports | null | undefined;

/** Turn the WebAssembly kernels off (or back on) for this process; the JS loops give the same output. */
export function useSimdKernels(on: boolean): void {
  enabled = on;
}

function load(): Exports | null {
  if (module !== undefined) return module;
  module = null;
  try {
    const bytes = Uint8Array.from(atob(FIXED_RECORDS_WASM), (c) => c.charCodeAt(0));
    if (typeof WebAssembly === 'object' && WebAssembly.validate(bytes)) {
      module = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as Exports;
    }
  } catch {
    // No WebAssembly (e.g. --jitless) or no SIMD: the JS loops are used.
  }
  return module;
}

/** The SIMD kernel, or null when it cannot run here or is turned off. */
export function simdRecords(): SimdRecords | null {
  if (!enabled) return null;
  const m = load();
  return m === null ? null : new SimdRecords(m);
}

export class SimdRecords {
  constructor(private readonly x: Exports) {}

  /**
   * Masks the n values of `bytes` (value i is bytes[offsets[i], offsets[i+1]), offsets from 0,
   * no nulls) into `out`, which receives every byte. Runs of `pattern.width`-byte values go
   * through the SIMD loop a block at a time; every value it does not write (a block with a byte
   * out of range, the tail of a run, a value of another length) is passed to `one` on the
   * module's copy of the bytes, which masks it there or returns false to abandon the chunk.
   * Returns the number of values the SIMD loop masked, -1 when `one` abandoned, or -2 when the
   * chunk is too large for the module's memory (the caller then keeps its JS loop).
   */
  mask(pattern: RecordPattern, maskByte: number, bytes: Uint8Array, offsets: Int32Array, n: number, out: Uint8Array,
    one: (buf: Uint8Array, offsets: Int32Array, i: number) => boolean): number {
    const x = this.x;
    const data = (OFF + 4 * (n + 1) + 15) & ~15;
    const need = data + bytes.length;
    // Chunks are batches (65,536 rows by default); one of over 1 GiB stays on the JS path rather
    // than pinning that much WebAssembly memory, which never shrinks.
    if (need > MAX_MEMORY) return -2;
    const mem = x.memory;
    if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    const heap = new Uint8Array(mem.buffer);
    heap.set(pattern.table, 0);
    new Int32Array(mem.buffer, OFF, n + 1).set(offsets.subarray(0, n + 1));
    heap.set(bytes, data);
    const buf = heap.subarray(data, need);
    const { width, records, vectors } = pattern;
    let simd = 0;
    for (let i = 0; i < n;) {
      const k = x.uniformRun(OFF, i, n, width);
      const blocks = Math.floor((k - i) / records);
      if (blocks > 0) {
        const done = x.maskBlocks(data + offsets[i]!, blocks, 0, vectors, maskByte);
        simd += done * records;
        i += done * records;
        if (done < blocks) {
          // A block with a byte out of range: its values one by one.
          for (const end = i + records; i < end; i++) if (!one(buf, offsets, i)) return -1;
          continue;
        }
      }
      // The tail of the run (fewer values than a block) and the value of another length at k.
      for (const end = Math.min(k + 1, n); i < end; i++) if (!one(buf, offsets, i)) return -1;
    }
    out.set(buf);
    return simd;
  }
}
