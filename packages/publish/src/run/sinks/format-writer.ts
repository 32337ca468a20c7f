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
 *
 * Each writer casts for itself, so a spec with several formats casts the same columns once per
 * format. Kept so on purpose, measured: the cast of a money and a date column is about 230 ms per
 * 2,000,000 rows (2-core VM under load), under 1 % of a `tuomin run` of that size. Casting once
 * means one binding per pass handed to every writer by run.ts (the fan-out already shares
 * batches), with the type problems counted by that binding alone; a memo keyed on the schema
 * here would mix the row counts of two partitions that share a schema object.
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
