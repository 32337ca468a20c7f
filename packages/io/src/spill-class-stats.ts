import { appendFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { ClassStats, readClassRecords, writeClassRecords, type ClassStatsOptions } from '@tuomin/core/internal';

/** Classes held in memory before they spill, unless SpillOptions says otherwise. */
export const DEFAULT_MAX_CLASSES_IN_MEMORY = 5_000_000;

export interface SpillOptions {
  /** Classes held in memory before they are written out to partition files. Default 5,000,000 (DEFAULT_MAX_CLASSES_IN_MEMORY). */
  maxClassesInMemory?: number | undefined;
  /** Number of partition files (each is read back alone). Default 16. */
  partitions?: number | undefined;
  /** Folder for the partition files (a private subfolder, deleted afterwards). Default the OS temp folder. */
  dir?: string | undefined;
}

/** Class statistics that may live on disk: visit them one partition (a disjoint set of classes) at a time. */
export interface SpilledClassStats {
  /** True when the classes outgrew memory and went to partition files. */
  spilled: boolean;
  partitions: number;
  rows: number;
  /**
   * Calls `fn` with the statistics of each partition in turn (or once, with all of them, when
   * nothing spilled). The classes of different calls are disjoint; together they are the table's.
   */
  forEachPartition(fn: (stats: ClassStats, partition: number) => void | Promise<void>): Promise<void>;
  /** Delete the partition files. */
  dispose(): Promise<void>;
}

/**
 * Collect class statistics with bounded memory: past `maxClassesInMemory` classes, the classes so
 * far are written (aggregated, as records of labels and counts) to partition files by a hash of
 * their quasi-identifier values, and counting starts afresh; at the end each partition is read
 * back alone and merged. Memory then holds one partition's classes, about 1/partitions of them.
 */
export async function collectClassStatsSpilling(
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, options: ClassStatsOptions, spill: SpillOptions = {},
): Promise<SpilledClassStats> {
  const limit = spill.maxClassesInMemory ?? DEFAULT_MAX_CLASSES_IN_MEMORY;
  const parts = spill.partitions ?? 16;
  let current = new ClassStats({ ...options, maxClasses: Number.POSITIVE_INFINITY });
  let folder: string | null = null;
  let rows = 0;
  const flush = async (): Promise<void> => {
    if (folder === null && spill.dir !== undefined) await mkdir(spill.dir, { recursive: true });
    folder ??= await mkdtemp(join(spill.dir ?? tmpdir(), 'tuomin-classes-'));
    const chunks = writeClassRecords(current, parts);
    for (let p = 0; p < parts; p++) if (chunks[p]!.length > 0) await appendFile(join(folder, `part-${p}.bin`), chunks[p]!);
    current = new ClassStats({ ...options, maxClasses: Number.POSITIVE_INFINITY });
  };
  try {
    for await (const b of batches) {
      current.add(b);
      rows += b.numRows;
      if (current.classes > limit) await flush();
    }
    if (folder !== null && current.classes > 0) await flush();
  } catch (err) {
    if (folder !== null) await rm(folder, { recursive: true, force: true });
    throw err;
  }
  const dir = folder;
  if (dir === null) {
    const stats = current;
    return { spilled: false, partitions: 1, rows, async forEachPartition(fn) { await fn(stats, 0); }, async dispose() {} };
  }
  return {
    spilled: true,
    partitions: parts,
    rows,
    async forEachPartition(fn) {
      for (let p = 0; p < parts; p++) {
        const stats = new ClassStats({ ...options, maxClasses: Number.POSITIVE_INFINITY });
        let bytes: Uint8Array;
        try {
          bytes = await readFile(join(dir, `part-${p}.bin`));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
          throw err;
        }
        // Memory now holds this partition's classes: about classes / partitions of them.
        readClassRecords(stats, bytes);
        await fn(stats, p);
      }
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}
