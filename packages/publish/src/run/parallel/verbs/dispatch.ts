import type { VerbJob, VerbOutcome } from './partitioned.js';
import { convertJob, type ConvertJob } from './convert.js';
import { profileJob, type ProfileJob } from './profile.js';
import { riskJob, type RiskJob } from './risk.js';
import { scanJob, type ScanJob } from './scan.js';

/** A job of `scan`, `risk`, `convert` or `profile` (a run's partition job has no `kind`). */
export function isVerbJob(job: object): job is VerbJob {
  return 'kind' in job;
}

/** The worker side of a verb's partition job, chosen by its `kind`. */
export function runVerbJob(job: VerbJob): Promise<VerbOutcome> {
  switch (job.kind) {
    case 'scan':
      return scanJob(job as ScanJob);
    case 'risk':
      return riskJob(job as RiskJob);
    case 'convert':
      return convertJob(job as ConvertJob);
    case 'profile':
      return profileJob(job as ProfileJob);
  }
}
