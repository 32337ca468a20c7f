export type { OpenedPartition, PartitionLayout, PartitionPlan, PartitionRef, PartitionTarget } from './types.js';
export { DEFAULT_PARTITION_BYTES, planPartitions } from './plan.js';
export { openPartition } from './open.js';
export { inPartitionFile } from './files.js';
export { checkPartitions, joinPartitions, partitionBases, partitionToJoin } from './join.js';
export { contiguousRuns } from './runs.js';
export { PartitionEndError } from '../csv/partition.js';
