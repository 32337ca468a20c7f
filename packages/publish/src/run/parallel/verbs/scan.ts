import { scanBatches, type ScanOptions, type ScanResult } from '@tuomin/core';
import type { ReadOptions } from '@tuomin/io';
import { openPartition, type PartitionPlan } from '@tuomin/io/internal';
import { joinScanResults } from '../../sinks/residual-scan.js';
import { outcomeOf, overPartitions, type VerbJob, type VerbOutcome } from './partitioned.js';

/** `tuomin scan` over partitions: each job scans its rows (numbered from 1 in the partition). */
export type ScanJob = VerbJob<'scan', ScanOptions>;

export interface ScanPart {
  names: string[];
  result: ScanResult;
}

export async function scanJob(job: ScanJob): Promise<VerbOutcome<ScanPart>> {
  return outcomeOf(job.partition.index, async () => {
    const opened = await openPartition(job.source, job.partition, job.read);
    const result = await scanBatches(opened.schema, opened.batches(), job.params);
    return { result: { names: opened.schema.fields.map((f) => f.name), result }, counts: opened.counts() };
  });
}

/**
 * The scan of the whole file from its partitions' scans, joined in partition order (each part's
 * rows moved past the earlier parts', the first row numbers kept, counts added): the one pass's result.
 */
export async function scanParallel(plan: PartitionPlan, read: ReadOptions, options: ScanOptions, workers: number, onProgress?: (rows: number) => void): Promise<{ value: ScanResult; partitions: number; workers: number }> {
  const maxRows = options.allRows ? Number.MAX_SAFE_INTEGER : options.maxRowsPerFinding ?? 100;
  return overPartitions<ScanPart, ScanResult>(plan, workers, (p, ref) => ({ kind: 'scan', source: p, partition: ref, read, params: options }), () => {
    let at: ScanPart | null = null;
    return {
      add(part) {
        at = at === null ? part : { names: at.names, result: joinScanResults(at.names, at.result, part.result, maxRows) };
        onProgress?.(at.result.rows);
      },
      finish: async () => at!.result,
    };
  });
}
