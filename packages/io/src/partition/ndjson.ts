import { closeSync, openSync } from 'node:fs';
import type { ReadOptions } from '../formats.js';
import { fileBytes, type ByteSource } from '../csv/partition.js';
import { ndjsonColumns, readNdjsonRange } from '../ndjson/read.js';
import type { Pin } from '../pin-source.js';
import type { OpenedPartition, PartitionLayout, PartitionRef } from './types.js';

const LF = 10;
const WINDOW_BYTES = 4 << 20;

/**
 * Cut points moved forward to just after the next LF: a raw LF cannot occur inside a JSON string
 * (it must be written \n), so every LF ends a line, and a line is a row or a blank line. One pass
 * counts the LFs too (memchr-backed indexOf), so each range knows the lines before it.
 */
export function ndjsonRanges(src: ByteSource, cuts: readonly number[], window = WINDOW_BYTES): Array<{ start: number; end: number; linesBefore: number }> {
  const size = src.size;
  const targets = [...cuts].filter((c) => c > 0 && c < size).sort((a, b) => a - b);
  const ranges: Array<{ start: number; end: number; linesBefore: number }> = [];
  let start = 0;
  let linesBefore = 0;
  let lines = 0; // LFs before the scan position
  let t = 0;
  for (let w = 0; w < size && t < targets.length; w += window) {
    const bytes = src.read(w, w + window);
    const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    for (let i = b.indexOf(LF); i >= 0; i = b.indexOf(LF, i + 1)) {
      lines++;
      const boundary = w + i + 1;
      // The boundary for a cut c is the first line start at or after c.
      if (boundary < targets[t]!) continue;
      while (t < targets.length && targets[t]! <= boundary) t++;
      if (boundary < size && boundary > start) {
        ranges.push({ start, end: boundary, linesBefore });
        start = boundary;
        linesBefore = lines;
      }
      if (t >= targets.length) break;
    }
  }
  ranges.push({ start, end: size, linesBefore });
  return ranges;
}

export async function planNdjson(path: string, pin: Pin, options: ReadOptions, wanted: number): Promise<{ layout: PartitionLayout; partitions: PartitionRef[] } | { single: null }> {
  if (wanted <= 1) return { single: null };
  // The names readNdjson gives the file: the keys of its first rows (a file the sequential reader
  // refuses in those rows is refused here too).
  const columns = await ndjsonColumns(path, options.batchSize !== undefined ? { batchSize: options.batchSize } : {});
  const fd = openSync(path, 'r');
  try {
    const cuts = Array.from({ length: wanted - 1 }, (_, i) => Math.floor((pin.size * (i + 1)) / wanted));
    const ranges = ndjsonRanges(fileBytes(fd, pin.size), cuts);
    return { layout: { kind: 'ndjson', columns }, partitions: ranges.map((r, index) => ({ index, kind: 'ndjson-lines', ...r })) };
  } finally {
    closeSync(fd);
  }
}

export function openNdjson(path: string, layout: Extract<PartitionLayout, { kind: 'ndjson' }>, ref: Extract<PartitionRef, { kind: 'ndjson-lines' }>, options: ReadOptions): OpenedPartition {
  const range = { start: ref.start, end: ref.end, linesBefore: ref.linesBefore };
  const source = readNdjsonRange(path, range, layout.columns, options.batchSize !== undefined ? { batchSize: options.batchSize } : {});
  return {
    schema: source.schema,
    batches: () => source.batches(),
    counts: () => ({ ...source.counts(), bytes: ref.end - ref.start }),
  };
}
