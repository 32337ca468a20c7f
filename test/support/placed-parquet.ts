import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { RecordBatch, Schema } from 'apache-arrow';
import type { ParquetWriteOptions } from '@tuomin/io';
import { stitchParquet, type PartitionRef } from '@tuomin/io/internal';
import { Placement, placeOutput } from '../../packages/publish/src/run/parallel/placement.js';
import { groupsInOrder } from '../../packages/publish/src/run/parallel/encoded-groups.js';

/**
 * A Parquet file from partitions' rows, placed as a partitioned run or conversion places them
 * (run/parallel/placement.ts): every partition's job side (`placeOutput`) runs at once on this
 * thread, the coordinator's `Placement` answers them through real message ports (tails cross by
 * transfer), each job writes its groups file, and the groups are read back, checked and stitched
 * in partition order. `refs` names the partitions in errors (default: whole files).
 */
export async function placedParquet(dir: string, schema: Schema, partitions: RecordBatch[][], R: number, options: ParquetWriteOptions, out: string,
  refs?: PartitionRef[]): Promise<{ rows: number }> {
  const parquet = { options: { ...options, rowGroupSize: R }, rowGroupSize: R };
  const placement = new Placement(partitions.length, {}, parquet);
  const placed = await Promise.all(partitions.map(async (own, i) => {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (m) => placement.take(i, m, port1));
    try {
      const rows = own.reduce((a, b) => a + b.numRows, 0);
      return await placeOutput(port2, { text: {}, parquet, last: i === partitions.length - 1 }, join(dir, `p${i}`), rows, {}, { schema, batches: [...own], rows });
    } finally {
      port1.close();
      port2.close();
    }
  }));
  const ref = (i: number): PartitionRef => refs?.[i] ?? ({ kind: 'whole', index: i } as unknown as PartitionRef);
  return stitchParquet(out, schema, groupsInOrder(placed.map((p, i) => ({ ref: ref(i), groups: p.parquet }))), parquet.options);
}
