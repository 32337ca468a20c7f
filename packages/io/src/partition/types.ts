import type { RecordBatch, Schema } from 'apache-arrow';
import type { Format } from '../formats.js';
import type { Pin } from '../pin-source.js';

/**
 * One unit of work over a source, by reference (plain JSON: it crosses postMessage and, later, a
 * queue). `index` is its position in the plan's `partitions`.
 */
export type PartitionRef = {
  index: number;
  /** In a plan over several files (`PartitionPlan.files`): the position of the partition's file. */
  file?: number;
} & (
  /** Bytes [start, end) of a UTF-8 CSV, moved to record starts by quote parity (csv/partition.ts). */
  | { kind: 'csv-bytes'; start: number; end: number }
  /** Row groups [first, first + count) of a Parquet file. */
  | { kind: 'parquet-row-groups'; first: number; count: number }
  /** Record batches [first, first + count) of an Arrow IPC file (not a stream). */
  | { kind: 'ipc-batches'; first: number; count: number }
  /** Bytes [start, end) of whole NDJSON lines; `linesBefore` lines precede `start` (errors name the file's line). */
  | { kind: 'ndjson-lines'; start: number; end: number; linesBefore: number }
  /**
   * The whole source through the sequential reader (openSource): one partition. With `files`, in
   * a plan over files: the whole files [first, first + count), each read as its own `whole`
   * partition, one after another (groups.ts: small files grouped, a job each group, not each file).
   */
  | { kind: 'whole'; files?: { first: number; count: number } }
);

/** What every partition of one source shares, fixed once by the planner. */
export type PartitionLayout =
  /** The dialect is fixed here, so jobs never detect it; the header is read again (cheaply) and compared with `columns`. */
  | { kind: 'csv'; delimiter: string; columns: string[]; dataStart: number; dataLine: number }
  /** The names come from the file's first rows (ndjsonColumns): a job could not find them from its own lines. */
  | { kind: 'ndjson'; columns: string[] }
  | { kind: 'parquet'; rowGroups: number }
  | { kind: 'ipc'; batches: number }
  /**
   * Several files (partition/files.ts): each file has its own plan in `PartitionPlan.files`. The
   * columns are the first file's (every file was checked to have them), the delimiter the one
   * detected on the first file, given to every file's reader (CSV). `nullable`: a column is
   * nullable when it is in any file (Parquet, Arrow), so every partition has the source's schema.
   */
  | { kind: 'files'; columns: string[]; delimiter?: string; nullable?: boolean[] }
  | { kind: 'whole' };

export interface PartitionPlan {
  path: string;
  /** As openSource reads it (from the extension). */
  format: Format;
  /** The file planned: a job refuses it when its size, mtime, inode or device changed (pinSource). */
  pin: Pin;
  layout: PartitionLayout;
  partitions: PartitionRef[];
  /** Why the source is read as one partition, when it is for a reason other than its size. */
  single?: string;
  /**
   * A source of several files: one plan per file, in order. `partitions` are theirs in file order
   * (a file's end is always a partition's end), renumbered, each naming its `file`, except that
   * consecutive small files read whole are grouped into one `whole` partition naming its `files`
   * (groups.ts); `path` and `pin` are the first file's. Read whole (`single`, or every file small
   * enough for one partition), the one partition reads every file.
   */
  files?: PartitionPlan[];
}

export interface PartitionTarget {
  /** Bytes of source per partition (default 32 MiB). A file under twice this is one partition. */
  bytes?: number;
  /** At least this many partitions when the file allows (a worker each, say). Default 1. */
  min?: number;
}

/** One partition open for reading. `counts()` is valid once `batches()` has been read through. */
export interface OpenedPartition {
  schema: Schema;
  batches(): AsyncIterable<RecordBatch>;
  /** Rows read; lines read (CSV: from the partition's start; NDJSON: blank lines included), when the format has lines; source bytes covered. */
  counts(): { rows: number; lines?: number; bytes: number };
  /**
   * A partition of several whole files (groups.ts): the file of a row read so far (1-based, counted
   * from the partition's start) and the row within that file, for a rule's error to name its file
   * (inPartitionFile). Undefined for a partition within one file (its ref names the file).
   */
  fileOfRow?(row: number): { file: string; row: number } | undefined;
}

/**
 * A partition over a source that does not count its own rows: counted as they pass (`counts()`
 * after the read; a second read counts afresh), with the source bytes the partition covers.
 */
export function countedPartition(source: { schema: Schema; batches(): AsyncIterable<RecordBatch> }, bytes: number): OpenedPartition {
  let rows = 0;
  return {
    schema: source.schema,
    async *batches(): AsyncIterable<RecordBatch> {
      rows = 0;
      for await (const b of source.batches()) {
        rows += b.numRows;
        yield b;
      }
    },
    counts: () => ({ rows, bytes }),
  };
}
