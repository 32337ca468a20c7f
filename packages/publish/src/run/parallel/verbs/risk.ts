import { ClassStats, decodeClassStats, mergeClassStatsInOrder, type TransferState } from '@tuomin/core/internal';
import type { ReadOptions } from '@tuomin/io';
import { openPartition, type PartitionPlan } from '@tuomin/io/internal';
import { outcomeOf, overPartitions, type VerbJob, type VerbOutcome } from './partitioned.js';

/** `tuomin risk` over partitions: each job collects its rows' class statistics (codes in first-occurrence order). */
export type RiskJob = VerbJob<'risk', { quasiIdentifiers: string[]; sensitive: string[] }>;

export interface RiskPart {
  classes: number;
  state: TransferState;
}

export async function riskJob(job: RiskJob): Promise<VerbOutcome<RiskPart>> {
  return outcomeOf(job.partition.index, async () => {
    const opened = await openPartition(job.source, job.partition, job.read);
    // No class limit here: the coordinator compares the merged count with the one pass's spill limit.
    const stats = new ClassStats({ ...job.params, maxClasses: Number.POSITIVE_INFINITY });
    for await (const b of opened.batches()) stats.add(b);
    return { result: { classes: stats.classes, state: stats.encode() }, counts: opened.counts() };
  });
}

/**
 * The class statistics of the whole file from its partitions', merged in partition order
 * (mergeClassStatsInOrder: the one pass's codes and order), or null when they hold more classes
 * than `limit`, where the one pass spills to disk: the caller then runs that pass.
 */
export async function riskParallel(plan: PartitionPlan, read: ReadOptions, columns: RiskJob['params'], limit: number, workers: number): Promise<{ value: ClassStats | null; partitions: number; workers: number }> {
  return overPartitions<RiskPart, ClassStats | null>(plan, workers, (p, ref) => ({ kind: 'risk', source: p, partition: ref, read, params: columns }), () => {
    const parts: ClassStats[] = [];
    let over = false;
    return {
      add(part) {
        // Each partition's classes are at most the file's: one over the limit means the one pass spills.
        if (part.classes > limit) over = true;
        if (!over) parts.push(decodeClassStats(part.state));
      },
      async finish() {
        if (over) return null;
        const merged = mergeClassStatsInOrder(parts);
        return merged.classes > limit ? null : merged;
      },
      async abort() {
        parts.length = 0;
      },
    };
  });
}
