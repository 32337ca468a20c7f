import { GrowableBytes, GrowableInt32, makeUtf8Data } from '@tuomin/core/internal';
import type { Data, Utf8, LargeUtf8 } from 'apache-arrow';
import { unwrapExcelText } from './excel-text.js';

/**
 * One Utf8 column under construction: value bytes, offsets and a validity bitmap allocated on the
 * first null. The parser writes through `bytes` and `offsets` directly (no per-cell strings).
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

  finish(rows: number): Data<Utf8 | LargeUtf8> {
    this.bytes.length = unwrapExcelText(this.offsets.buf, rows, this.bytes.buf);
    return makeUtf8Data(rows, compact(this.offsets.finish(), this.offsets.buf), compact(this.bytes.finish(), this.bytes.buf), this.validity, this.nulls);
  }
}

/**
 * The used part of a buffer, copied out when it is a small part of it: a short batch (a file's
 * last, a small file's only one) otherwise keeps its columns' whole preallocated buffers (about
 * 0.8 MB a column at the default batch size) alive as long as anything holds the batch; 1,500
 * two-row files converted to Parquet, whose writer holds the batches until a row group is full,
 * peaked at 1.08 GB. Full batches, the common case, are not copied.
 */
function compact<T extends Uint8Array | Int32Array>(used: T, whole: T): T {
  return whole.byteLength > 64 * 1024 && used.byteLength * 4 < whole.byteLength ? (used.slice() as T) : used;
}
