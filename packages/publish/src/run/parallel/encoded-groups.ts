import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import type { ParquetWriteOptions } from '@tuomin/io';
import { IpcBuffer, crc32, encodeRowGroup, type EncodedGroup, type PartitionRef } from '@tuomin/io/internal';
import { failureOf, partitionError } from './job.js';

/**
 * The Parquet row groups a partition's job encoded (placement.ts): each group a standalone
 * one-group Parquet file (io `encodeRowGroup`), written one after the other into a file of the
 * job's folder, with its rows and CRC-32; the coordinator reads them back, checks them and
 * stitches them in partition order (io `stitchParquet`). The one pass writes through the same
 * two io functions, so the bytes are the same by construction.
 */
export interface EncodedGroups {
  path: string;
  /** Each group's place in the file, its rows, and the CRC-32 of its bytes (checked before the stitch). */
  groups: Array<{ offset: number; length: number; rows: number; crc32: number }>;
}

/**
 * Encode each group and write them one after the other at `path`. Written anew on a retry (same
 * job, same bytes): 'w' truncates what a killed attempt left.
 */
export async function writeEncodedGroups(path: string, groups: Iterable<RecordBatch[]>, options: ParquetWriteOptions): Promise<EncodedGroups> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const written: EncodedGroups['groups'] = [];
  const out = await open(path, 'w', 0o600);
  try {
    let offset = 0;
    // The IPC stream of each group is joined into one buffer kept for the job's groups.
    const ipc = new IpcBuffer();
    for (const group of groups) {
      // encodeRowGroup puts the group's slices in one canonical batch itself (one copy); every
      // partition's typed schema is the same, and comes with the batches.
      const encoded = encodeRowGroup(group[0]!.schema, group, options, ipc);
      await out.write(encoded.bytes, 0, encoded.bytes.length, offset);
      written.push({ offset, length: encoded.bytes.length, rows: encoded.rows, crc32: crc32(encoded.bytes, 0) });
      offset += encoded.bytes.length;
    }
  } finally {
    await out.close();
  }
  return { path, groups: written };
}

/**
 * The groups a job encoded, read back for the stitch and checked: the file a job wrote in the
 * private folder could have been changed since (a full disk, another process), and what is
 * stitched is published. A group whose bytes are not what its job counted fails, naming the
 * partition and the file.
 */
export async function* readEncodedGroups(ref: PartitionRef, result: EncodedGroups): AsyncIterable<EncodedGroup> {
  if (result.groups.length === 0) return;
  const damaged = (why: string): Error => partitionError(ref, failureOf(new TuominError('IO', `the Parquet row groups it encoded are damaged: ${why}`, { file: result.path },
    'nothing was published or written; the private work folder was changed or the disk is damaged (or this is a bug in tuomin): run again', { id: 'internal.bug' })));
  const bytes = await readFile(result.path).catch((err: unknown) => {
    throw damaged(failureOf(err).detail);
  });
  const end = result.groups.reduce((a, g) => Math.max(a, g.offset + g.length), 0);
  if (bytes.length !== end) throw damaged(`${bytes.length} bytes, ${end} expected`);
  for (const [i, g] of result.groups.entries()) {
    const group = bytes.subarray(g.offset, g.offset + g.length);
    if (crc32(group, 0) !== g.crc32) throw damaged(`group ${i + 1} of ${result.groups.length} does not have the bytes its job encoded`);
    yield { bytes: group, rows: g.rows };
  }
}

/** Every job's groups in partition order, for io `stitchParquet`. */
export async function* groupsInOrder(parts: Iterable<{ ref: PartitionRef; groups: EncodedGroups | undefined }>): AsyncIterable<EncodedGroup> {
  for (const { ref, groups } of parts) {
    if (!groups) throw new TypeError(`partition ${ref.index} placed no Parquet groups`);
    yield* readEncodedGroups(ref, groups);
  }
}
