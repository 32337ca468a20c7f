import type { ReadOptions } from '../formats.js';
import { parquetRowGroups, readParquetRowGroups } from '../parquet/read.js';
import { contiguousRuns } from './runs.js';
import { countedPartition, type OpenedPartition, type PartitionLayout, type PartitionRef } from './types.js';

export async function planParquet(path: string, wanted: number): Promise<{ layout: PartitionLayout; partitions: PartitionRef[] } | { single: string | null }> {
  if (wanted <= 1) return { single: null };
  const groups = await parquetRowGroups(path);
  if (groups.length <= 1) return { single: `the file has ${groups.length === 0 ? 'no row groups' : 'one row group'}: a Parquet file is split by row groups (write it with smaller row groups to read it in parallel)` };
  const runs = contiguousRuns(groups.map((g) => g.bytes), wanted);
  return {
    layout: { kind: 'parquet', rowGroups: groups.length },
    partitions: runs.map((r, index) => ({ index, kind: 'parquet-row-groups', first: r.first, count: r.count })),
  };
}

export async function openParquet(path: string, ref: Extract<PartitionRef, { kind: 'parquet-row-groups' }>, options: ReadOptions): Promise<OpenedPartition> {
  const source = await readParquetRowGroups(path, ref.first, ref.count, options.batchSize !== undefined ? { batchSize: options.batchSize } : {});
  return countedPartition(source, source.bytes);
}
