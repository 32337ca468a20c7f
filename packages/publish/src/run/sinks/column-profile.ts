import type { RecordBatch, Schema } from 'apache-arrow';
import type { TransferState } from '@tuomin/core/internal';
import type { Spec } from '../../spec/schema.js';
import { ColumnStatsCollector, type ColumnStats } from '../../review/column-stats.js';
import type { Sink } from './sink.js';
import { refuseAdd } from './decoded.js';

/**
 * The column statistics of the normative review and the quality report, over the released columns.
 * A partition's sink is given its first row in the table (the prefix sum of the rows before it),
 * so the rows its violations name are the table's and sinks merge in any grouping. A partition
 * job that does not know it (the released rows before its partition) counts from 0 and `encode`s:
 * the decoded states merge in partition order, moving each part's rows past the earlier parts'.
 */
export function columnProfileSink(spec: Spec, schema: Schema, spillDir: string, firstRow = 0, options: { maxInMemory?: number } = {}): Sink<ColumnStats[]> & { collector: ColumnStatsCollector; encode(): Promise<TransferState<'column-stats'>> } {
  const byOutput = new Map(Object.entries(spec.columns).map(([k, c]) => [c.name ?? k, c]));
  const collector = new ColumnStatsCollector(schema, schema.fields.map((f) => byOutput.get(f.name)), { spillDir, firstRow, ...options });
  return {
    collector,
    add(batch: RecordBatch) {
      collector.add(batch);
    },
    async finish() {
      return collector.finish();
    },
    // A unique column's spilled hash files go with the state, by path (ColumnStatsCollector.encode).
    async encode() {
      return collector.encode();
    },
    merge(other) {
      collector.merge(other.collector);
    },
    async abort() {},
  };
}

/**
 * The coordinator's side of a partition's column profile: `merge` the next partition's (in
 * partition order), then `finish`. `spillDir` is where a unique column spills while merging
 * (default: the OS temp folder);
 * spills the jobs handed over are reopened by path (the same machine) and removed once merged.
 */
export function decodeColumnProfile(state: TransferState, spillDir?: string, options: { maxInMemory?: number } = {}): Sink<ColumnStats[]> & { collector: ColumnStatsCollector } {
  const collector = ColumnStatsCollector.decode(state, { spillDir, ...options });
  return {
    collector,
    add() {
      refuseAdd('the column profile');
    },
    async finish() {
      return collector.finish();
    },
    merge(other) {
      collector.mergeNext(other.collector);
    },
    async abort() {},
  };
}
