import type { RecordBatch, Schema } from 'apache-arrow';
import type { Spec } from '../../spec/schema.js';
import { ColumnStatsCollector, type ColumnStats } from '../../review/column-stats.js';
import type { Sink } from './sink.js';

/**
 * The column statistics of the normative review and the quality report, over the released columns.
 * A partition's sink is given its first row in the table (the prefix sum of the rows before it),
 * so the rows its violations name are the table's and sinks merge in any grouping.
 */
export function columnProfileSink(spec: Spec, schema: Schema, spillDir: string, firstRow = 0): Sink<ColumnStats[]> & { collector: ColumnStatsCollector } {
  const byOutput = new Map(Object.entries(spec.columns).map(([k, c]) => [c.name ?? k, c]));
  const collector = new ColumnStatsCollector(schema, schema.fields.map((f) => byOutput.get(f.name)), { spillDir, firstRow });
  return {
    collector,
    add(batch: RecordBatch) {
      collector.add(batch);
    },
    async finish() {
      return collector.finish();
    },
    merge(other) {
      collector.merge(other.collector);
    },
    async abort() {},
  };
}
