import { availableParallelism } from 'node:os';
import type { Text } from './messages/index.js';
import type { ValueOption } from './options/table.js';
import { wholeNumber } from './options/values.js';

/**
 * `--workers N` of the verbs that read a file over partitions (run, scan, risk, profile, convert),
 * described once; `same` says, per verb, what stays the same for any N.
 */
export function workersOption(same: Text) {
  return {
    workers: {
      type: 'string', arg: { en: 'N', zh: '线程数' },
      help: { en: `worker threads: the file is cut into partitions read in parallel;\n${same.en}`, zh: `工作线程数：文件切分为多个分区并行读取；\n${same.zh}` },
      defaultText: { en: 'the available cores less one (1 on two cores: one thread)', zh: '可用 CPU 核数减一（两核时为 1，即单线程）' }, parse: wholeNumber(1),
    } satisfies ValueOption<number>,
  };
}

/**
 * The workers a verb runs with: --workers, else the cores this process may use less one. The
 * coordinator is busy too (it writes Parquet, Arrow and XLSX in partition order and merges the
 * partitions' statistics), so it needs a core of its own. Measured on 2 cores (docs/performance.md,
 * "Measured: workers"): 2 workers took 1.2× the one thread's wall time and 1.65× its memory, so on
 * two cores the default is the one pass.
 */
export function workersOf(value: number | undefined): number {
  return value ?? Math.max(1, availableParallelism() - 1);
}

/**
 * The `parallel` note of a verb's JSON: how it ran over partitions, or, when --workers asked for
 * more than one, why one thread ran. A default the file was too small to use is not reported.
 */
export function parallelNote<P extends object>(asked: number | undefined, parallel: P | undefined): { parallel?: P } {
  return parallel && ('partitions' in parallel || asked !== undefined) ? { parallel } : {};
}
