import { GrowableBytes, GrowableInt32, makeUtf8Data } from '@tuomin/core/internal';
import type { Data, Utf8, LargeUtf8 } from 'apache-arrow';
import { unwrapExcelText } from './excel-text.js';

/**
 * One Utf8 column under construction: value bytes, offsets and a validity bitmap allocated on the
 * first null. The parser writes through `bytes` and `offsets` directly (no per-cell strings).
 *
 * A builder is scratch that lives as long as its parser: `take` copies each batch out into
 * buffers of exactly the batch's size and starts the next batch in the same buffers, so nothing
 * that holds a batch (a sample, the class statistics, a Parquet row group) ever shares memory
 * with one still being written. Why the copy: a fresh builder per batch allocated 1.25 times the
 * last batch's bytes, plus doubling when a column outgrew that, and V8 runs a young-generation
 * collection for every ~32 MB of new ArrayBuffers ("external memory pressure"): 411 MB of
 * builder buffers per 500,000 penalties rows (docs/performance.md, Twelfth session).
 */
export class Utf8ColumnBuilder {
  bytes: GrowableBytes;
  offsets: GrowableInt32;
  validity: Uint8Array | null = null;
  nulls = 0;
  private readonly rowsHint: number;

  constructor(rowsHint: number, bytesHint: number) {
    this.rowsHint = rowsHint;
    this.bytes = new GrowableBytes(bytesHint);
    this.offsets = new GrowableInt32(rowsHint + 1);
    this.offsets.buf[0] = 0;
    this.offsets.length = 1;
  }

  /** Row `row` (the one being written) is null: no bytes, offset repeats. */
  pushNull(row: number): void {
    if (this.validity === null) {
      this.validity = new Uint8Array(((Math.max(this.rowsHint, row + 1) + 63) >> 6) << 3).fill(0xff);
    } else if ((row >> 3) >= this.validity.length) {
      const next = new Uint8Array(this.validity.length * 2).fill(0xff);
      next.set(this.validity);
      this.validity = next;
    }
    this.validity[row >> 3]! &= ~(1 << (row & 7));
    this.nulls++;
    this.offsets.push(this.bytes.length);
  }

  /** Forget everything written for row `row` (a record that turned out incomplete or bad). */
  rollback(row: number): void {
    if (this.offsets.length > row + 1) {
      this.offsets.length = row + 1;
      this.bytes.length = this.offsets.buf[row]!;
      const v = this.validity;
      if (v !== null && (row >> 3) < v.length && ((v[row >> 3]! >> (row & 7)) & 1) === 0) {
        v[row >> 3]! |= 1 << (row & 7);
        this.nulls--;
      }
    }
    // A quoted field writes its bytes up to each "" before its offset is pushed: when the read ends
    // inside it, those bytes are past the row's start with no offset, and must go too.
    if (this.offsets.length === row + 1) this.bytes.length = this.offsets.buf[row]!;
  }

  /** The first `rows` rows as a column of their own (exact-size copies); the builder is empty again. */
  take(rows: number): Data<Utf8 | LargeUtf8> {
    const off = this.offsets.buf;
    const end = unwrapExcelText(off, rows, this.bytes.buf);
    const validity = this.nulls > 0 ? bitmapOf(this.validity!, rows) : null;
    const data = makeUtf8Data(rows, off.slice(0, rows + 1), this.bytes.buf.slice(0, end), validity, this.nulls);
    this.reset();
    return data;
  }

  /** Empty, keeping the buffers. */
  reset(): void {
    this.offsets.buf[0] = 0;
    this.offsets.length = 1;
    this.bytes.length = 0;
    this.bytes.finish(); // lets go of the view of the last read window
    if (this.nulls > 0) this.validity!.fill(0xff);
    this.nulls = 0;
  }
}

/**
 * A bitmap of exactly `rows` bits (8-byte padded, as Arrow pads it) from the builder's: the
 * builder's may be longer (sized for a full batch) or shorter (no null past its end when the batch
 * size is over 65,536 rows; those rows are valid).
 */
function bitmapOf(validity: Uint8Array, rows: number): Uint8Array {
  const need = ((rows + 63) >> 6) << 3;
  if (validity.length >= need) return validity.slice(0, need);
  const out = new Uint8Array(need).fill(0xff);
  out.set(validity);
  return out;
}
