import type { Schema } from 'apache-arrow';
import { writeOutput, type WriteOptions } from '@tuomin/io';
import type { OutputTypeProblem, OutputTypes } from '../output-types.js';
import { notMergeable, streamSink, type Sink } from './sink.js';

export interface WrittenFile {
  /** Absolute path inside the run's private folder. */
  path: string;
  rows: number;
  /** Values the typed copy could not hold (output-types.ts): checked after the reviews. */
  typeProblems: OutputTypeProblem[];
}

/**
 * One published format: the released batches, cast to the declared types (bound for this writer
 * alone), written to `path`. Not mergeable as state: partitions write parts that package
 * assembly concatenates in partition order (docs/performance.md).
 */
export function formatWriterSink(path: string, schema: Schema, outputTypes: OutputTypes, options: WriteOptions): Sink<WrittenFile> {
  const typed = outputTypes.bind(schema);
  return streamSink(
    async (batches) => {
      const r = await writeOutput(path, typed.outputSchema, typed.apply(batches), options);
      return { path, rows: r.rows, typeProblems: typed.problems() };
    },
    { refuse: () => notMergeable('a format writer', 'its partitions are written as parts and concatenated in partition order') },
  );
}
