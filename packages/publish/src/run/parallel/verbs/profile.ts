import type { Schema } from 'apache-arrow';
import { ProfileCollector, type ProfileOptions, type ProfileResult, type TransferState } from '@tuomin/core/internal';
import type { ReadOptions } from '@tuomin/io';
import { openPartition, type PartitionPlan } from '@tuomin/io/internal';
import { outcomeOf, overPartitions, type VerbJob, type VerbOutcome } from './partitioned.js';

/** `tuomin profile` over partitions: each job profiles its rows (never with `sample`: see ProfileCollector). */
export type ProfileJob = VerbJob<'profile', Omit<ProfileOptions, 'sample'>>;

export interface ProfilePart {
  state: TransferState;
}

export async function profileJob(job: ProfileJob): Promise<VerbOutcome<ProfilePart>> {
  return outcomeOf(job.partition.index, async () => {
    const opened = await openPartition(job.source, job.partition, job.read);
    const collector = new ProfileCollector(opened.schema, job.params);
    for await (const b of opened.batches()) collector.add(b);
    return { result: { state: collector.encode() }, counts: opened.counts() };
  });
}

/** The profile of the whole file from its partitions' states, merged in partition order: the one pass's. */
export async function profileParallel(plan: PartitionPlan, read: ReadOptions, schema: Schema, options: ProfileJob['params'], workers: number, onProgress?: (rows: number) => void): Promise<{ value: ProfileResult; partitions: number; workers: number }> {
  return overPartitions<ProfilePart, ProfileResult>(plan, workers, (p, ref) => ({ kind: 'profile', source: p, partition: ref, read, params: options }), () => {
    let at: ProfileCollector | null = null;
    return {
      add(part) {
        const next = ProfileCollector.decode(schema, part.state, options);
        if (at) at.mergeNext(next);
        else at = next;
        onProgress?.(at.rows);
      },
      finish: async () => at!.result(),
    };
  });
}
