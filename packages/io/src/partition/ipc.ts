import type { Format, ReadOptions } from '../formats.js';
import { ipcBatchBlocks, readIpcBatches } from '../ipc/read.js';
import { contiguousRuns } from './runs.js';
import { countedPartition, type OpenedPartition, type PartitionLayout, type PartitionRef } from './types.js';

const STREAM = 'an Arrow IPC stream has no index of its record batches, so it is read in one pass (an Arrow IPC file, .arrow, is split by record batches)';

export async function planIpc(path: string, format: Format, wanted: number): Promise<{ layout: PartitionLayout; partitions: PartitionRef[] } | { single: string | null }> {
  if (format === 'arrows') return { single: STREAM };
  const blocks = await ipcBatchBlocks(path);
  if (!blocks.file) return { single: STREAM };
  if (wanted <= 1) return { single: null };
  if (blocks.batches.length <= 1) return { single: `the file has ${blocks.batches.length === 0 ? 'no record batches' : 'one record batch'}: an Arrow IPC file is split by record batches` };
  const runs = contiguousRuns(blocks.batches, wanted);
  return {
    layout: { kind: 'ipc', batches: blocks.batches.length },
    partitions: runs.map((r, index) => ({ index, kind: 'ipc-batches', first: r.first, count: r.count })),
  };
}

export async function openIpc(path: string, ref: Extract<PartitionRef, { kind: 'ipc-batches' }>, options: ReadOptions): Promise<OpenedPartition> {
  const blocks = await ipcBatchBlocks(path);
  const bytes = blocks.batches.slice(ref.first, ref.first + ref.count).reduce((a, b) => a + b, 0);
  const source = await readIpcBatches(path, ref.first, ref.count, options.batchSize !== undefined ? { batchSize: options.batchSize } : {});
  return countedPartition(source, bytes);
}
