import { Utf8ColumnBuilder } from './column-builder.js';

/**
 * Column builders between parsers of one thread. A partitioned read makes a parser per partition
 * (about one batch each), and every new parser's builders started at 16 bytes a value and doubled
 * up to the widest column's size: 97 MB of buffers per 65,536 penalties rows, for 35 MB of
 * values. A parser takes its builders from here and gives them back when its last batch is
 * copied out (builders never leave the parser: see Utf8ColumnBuilder.take), so the next
 * partition starts at the sizes the last one reached.
 *
 * Held through a WeakRef: idle builders go at the next full collection, so a process that has
 * finished reading keeps nothing.
 */
let idle: WeakRef<Utf8ColumnBuilder[]> | null = null;
/** More would be a wide file's builders, at least 256 KiB of offsets each. */
const MAX_IDLE = 1024;

/** `n` empty builders: idle ones first, in the order they were given back, then new ones. */
export function takeBuilders(n: number, rowsHint: number, bytesHint: number): Utf8ColumnBuilder[] {
  const pooled = idle?.deref() ?? [];
  idle = null;
  const cols = pooled.splice(0, n);
  if (pooled.length > 0) idle = new WeakRef(pooled);
  while (cols.length < n) cols.push(new Utf8ColumnBuilder(rowsHint, bytesHint));
  return cols;
}

/** Give builders back (emptied here); the caller must not write to them again. */
export function giveBackBuilders(cols: Utf8ColumnBuilder[]): void {
  const pooled = idle?.deref() ?? [];
  for (const c of cols) {
    if (pooled.length >= MAX_IDLE) break;
    c.reset();
    pooled.push(c);
  }
  idle = new WeakRef(pooled);
}
