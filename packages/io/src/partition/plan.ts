import { formatFromPath, type ReadOptions } from '../formats.js';
import { checkReadable } from '../ipc/file-errors.js';
import { pinOf } from '../pin-source.js';
import { planCsv } from './csv.js';
import { planFiles } from './files.js';
import { planIpc } from './ipc.js';
import { planNdjson } from './ndjson.js';
import { planParquet } from './parquet.js';
import type { PartitionPlan, PartitionTarget } from './types.js';

/** Source bytes per partition unless the caller says otherwise. */
export const DEFAULT_PARTITION_BYTES = 32 << 20;

/**
 * Cut a source into partitions a job can read given only the plan and one ref (plain JSON): CSV
 * byte ranges at record starts (quote parity), Parquet row groups, Arrow IPC file record batches,
 * NDJSON line ranges. A file under twice `target.bytes` is one partition (unless `target.min`
 * asks for more). Whatever the partitioned readers cannot do exactly as openSource does is read
 * as one `whole` partition with `single` saying why: never a wrong split. Errors are openSource's
 * (a file that cannot be read cannot be planned). A list of files is one source (files.ts).
 */
export async function planPartitions(path: string | readonly string[], options: ReadOptions = {}, target: PartitionTarget = {}): Promise<PartitionPlan> {
  // Several files: each planned as one file, after one check of them all (files.ts).
  if (typeof path !== 'string') return path.length === 1 ? planPartitions(path[0]!, options, target) : planFiles(path, options, { ...target, bytes: target.bytes ?? DEFAULT_PARTITION_BYTES }, planPartitions);
  const format = formatFromPath(path);
  await checkReadable(path);
  const pin = await pinOf(path);
  const bytes = target.bytes ?? DEFAULT_PARTITION_BYTES;
  if (!(bytes > 0)) throw new TypeError(`target.bytes must be positive, got ${bytes}`);
  const min = target.min ?? 1;
  const wanted = Math.max(min, pin.size >= 2 * bytes ? Math.floor(pin.size / bytes) : 1);
  const planned = format === 'csv' || format === 'tsv' ? await planCsv(path, format, pin, options, wanted)
    : format === 'ndjson' ? await planNdjson(path, pin, options, wanted)
    : format === 'parquet' ? await planParquet(path, wanted)
    // A workbook is one ZIP member inflated from its start: no job could begin in its middle.
    : format === 'xlsx' ? { single: 'an XLSX workbook is read as one partition (its sheet is one compressed stream)' }
    : await planIpc(path, format, wanted);
  if ('single' in planned || planned.partitions.length <= 1) {
    const single = 'single' in planned ? planned.single : null;
    return { path, format, pin, layout: { kind: 'whole' }, partitions: [{ index: 0, kind: 'whole' }], ...(single !== null ? { single } : {}) };
  }
  return { path, format, pin, ...planned };
}
