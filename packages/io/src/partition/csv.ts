import { closeSync, openSync } from 'node:fs';
import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import type { Format, ReadOptions } from '../formats.js';
import { readCsv } from '../csv/read.js';
import type { CsvInternalOptions, CsvReadOptions } from '../csv/options.js';
import { resolveReadOptions } from '../csv/options.js';
import { csvLayout, evenCuts, fileBytes, guessPartitions, streamCsvPartition, type CsvLayout } from '../csv/partition.js';
import type { Pin } from '../pin-source.js';
import type { OpenedPartition, PartitionLayout, PartitionRef } from './types.js';

type CsvOptions = CsvReadOptions & CsvInternalOptions;

/** The CSV reader's options for `format`, exactly as openSource builds them. */
export function csvOptionsOf(format: Format, options: ReadOptions): CsvOptions {
  return { ...(format === 'tsv' ? { delimiter: '\t' } : {}), ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}), ...options.csv };
}

/**
 * What readCsv does beyond the record parser that partitions cannot do exactly, so the file is read
 * whole. Every option of CsvReadOptions (csv/options.ts), and what each means here:
 * - delimiter: detected once by the planner (readCsv's head) and fixed in the plan;
 * - encoding: only UTF-8 is split (below, and the detected encoding in planCsv): a GBK trail byte
 *   can equal `|`, and GB18030 decoding carries state (the mixed-encoding check) across lines;
 * - header, nullTokens, batchSize: applied by csvLayout and the record parser as readCsv does;
 * - onBadRow 'skip': bad rows go to one reject file in file order, and a skipped row's extent is
 *   found by the sequential reader's resynchronisation, which a range cannot reproduce;
 * - rejectPath: used only with 'skip';
 * - chunkSize (internal): read size only, no effect on rows;
 * - maxRecordBytes (internal): enforced by the partition reader too (streamCsvPartition).
 * Warnings and stats (header renames, an empty file) stay the sequential reader's: the coordinator
 * opens the source once (openSource) for them.
 */
export function csvSingleReason(o: CsvOptions): string | null {
  if (o.onBadRow === 'skip') return 'onBadRow is "skip": skipped rows go to one reject file in file order, so the file is read in one pass';
  const enc = (o.encoding ?? 'auto').toLowerCase();
  if (enc === 'gb18030' || enc === 'gbk') return `the encoding is ${enc.toUpperCase()}: only UTF-8 is split into byte ranges (a GBK trail byte can equal a delimiter)`;
  return null;
}

export async function planCsv(path: string, format: Format, pin: Pin, options: ReadOptions, wanted: number): Promise<{ layout: PartitionLayout; partitions: PartitionRef[] } | { single: string | null }> {
  const o = csvOptionsOf(format, options);
  const reason = csvSingleReason(o);
  if (reason !== null) return { single: reason };
  if (wanted <= 1) return { single: null };
  // The sequential reader's own head pass: its dialect, encoding and header (and its errors).
  const head = await readCsv(path, { ...o, rejectPath: null });
  if (head.stats.encoding !== 'utf-8') {
    return { single: `the file is read as ${head.stats.encoding.toUpperCase()} (its first 64 KiB are not UTF-8, or it starts with a GB18030 byte order mark): only UTF-8 is split into byte ranges` };
  }
  const fd = openSync(path, 'r');
  try {
    const src = fileBytes(fd, pin.size);
    let layout: CsvLayout;
    try {
      layout = csvLayout(src, { ...o, delimiter: head.stats.delimiter as NonNullable<CsvReadOptions['delimiter']>, file: path });
    } catch {
      return { single: 'the header line could not be read for partitions (the sequential reader reads the file)' };
    }
    const columns = layout.schema.fields.map((f) => f.name);
    if (columns.join('\u0000') !== head.schema.fields.map((f) => f.name).join('\u0000')) {
      return { single: 'the header found for partitions differs from the sequential reader\'s, so the file is read in one pass' };
    }
    const parts = guessPartitions(src, layout, evenCuts(layout, pin.size, wanted));
    return {
      layout: { kind: 'csv', delimiter: String.fromCharCode(layout.delimiter), columns, dataStart: layout.dataStart, dataLine: layout.dataLine },
      partitions: parts.map((p) => ({ index: p.index, kind: 'csv-bytes', start: p.start, end: p.end })),
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * A CSV partition: the layout is found again from the file's first bytes with the plan's delimiter
 * (a few KiB read) and must give the plan's columns and data start; then the range is read window
 * by window.
 */
export function openCsv(path: string, format: Format, size: number, layoutRef: Extract<PartitionLayout, { kind: 'csv' }>, ref: Extract<PartitionRef, { kind: 'csv-bytes' }>, options: ReadOptions): OpenedPartition {
  const o = csvOptionsOf(format, options);
  const resolved = resolveReadOptions(o);
  const withFd = <T>(f: (src: ReturnType<typeof fileBytes>) => T): T => {
    const fd = openSync(path, 'r');
    try {
      return f(fileBytes(fd, size));
    } finally {
      closeSync(fd);
    }
  };
  const layout = withFd((src) => csvLayout(src, { ...o, delimiter: layoutRef.delimiter as NonNullable<CsvReadOptions['delimiter']>, file: path }));
  const columns = layout.schema.fields.map((f) => f.name);
  if (layout.dataStart !== layoutRef.dataStart || columns.join('\u0000') !== layoutRef.columns.join('\u0000')) {
    throw new TuominError('BAD_INPUT', `the header of the file is not the one planned (partition ${ref.index})`, { file: path }, 'plan the partitions again with the same reader options', { id: 'partition.headerChanged' });
  }
  let counts: { rows: number; lines?: number; bytes: number } = { rows: 0, bytes: ref.end - ref.start };
  return {
    schema: layout.schema,
    counts: () => counts,
    async *batches(): AsyncIterable<RecordBatch> {
      const fd = openSync(path, 'r');
      try {
        const part = { index: ref.index, start: ref.start, end: ref.end };
        const it = streamCsvPartition(fileBytes(fd, size), layout, part, ref.end === size, undefined, resolved.maxRecordBytes);
        for (let r = it.next(); ; r = it.next()) {
          if (r.done) {
            counts = { rows: r.value.rows, lines: r.value.lines, bytes: ref.end - ref.start };
            break;
          }
          yield r.value;
        }
      } finally {
        closeSync(fd);
      }
    },
  };
}
