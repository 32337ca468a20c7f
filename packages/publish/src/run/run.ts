import { join, resolve } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import { createPipeline, detachAll, scanBatches, tee, type Transform, type TransformReport } from '@tuomin/core/internal';
import { openSource, writeOutput, fileSpiller, type CsvReadOptions } from '@tuomin/io';
import type { LoadedSpec } from '../spec/load.js';
import type { Spec } from '../spec/schema.js';
import { resolveKeyRef, secretSeed, type KeyWarning } from '../keys.js';
import { planColumns, type RunPlan } from './plan.js';
import { ColumnStatsCollector, type ColumnStats } from '../review/column-stats.js';
import type { ScanSummary } from '../review/security.js';
import { FILE_EXT } from '../package/model.js';
import { createRunFolder, removeRunFolder, type RunFolder } from './staging.js';
import type { OutputTypeProblem } from './output-types.js';

export const TOOL_VERSION = '0.1.0';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Release version; default: the next version after the ledger's latest. */
  version?: string;
  /** Called with rows and bytes read so far (for a progress display). */
  onProgress?: (p: { rows: number; bytes?: number }) => void;
  /** Override the output folder (tests). */
  outputFolder?: string;
  now?: Date;
  /** Warnings about keys (a key file readable by others), once each: publishRun makes them review warnings. */
  keyWarning?: KeyWarning;
  /** Refuse to publish data identical to the latest version or to a withdrawn one (default: a warning). */
  requireChange?: boolean;
}

export interface StagedFile {
  format: Spec['output']['formats'][number];
  /** Absolute path inside the staging folder. */
  path: string;
  rows: number;
}

/** Something else that wants to see every released batch during the single pass (privacy statistics). */
export type BatchConsumer = (schema: Schema, batches: AsyncIterable<RecordBatch>) => Promise<unknown>;

export interface StagedOutput {
  /** The package being written, inside the run's private folder (`work`). */
  stagingDir: string;
  work: RunFolder;
  schema: Schema;
  rows: number;
  sourceRows: number;
  reports: TransformReport[];
  plan: RunPlan;
  files: StagedFile[];
  stats: ColumnStats[];
  scan: ScanSummary;
  extra: unknown[];
  /** Rows that validate/cast rules rejected (onInvalid: reject-row): written outside the package. */
  rejects: Array<{ path: string; rows: number; transform: string }>;
  /** Values the typed copies could not hold (run/output-types.ts): checked after the reviews. */
  typeProblems: OutputTypeProblem[];
  ms: { pass: number };
}

/**
 * The single pass of a run: read the source, apply every rule, and feed the released batches at
 * once to one writer per output format (into the run's private folder, staging.ts), to
 * the column statistics and residual scan of the reviews, and to any extra consumer (privacy).
 * Nothing is published here: only when both reviews pass does the package get its
 * metadata and move into place (release/commit.ts). Memory stays bounded: the branches share each batch and the
 * source waits for the slowest branch.
 */
export async function stageRun(
  loaded: LoadedSpec,
  opts: RunOptions & { version: string; metadata: Record<string, string>; consumers?: BatchConsumer[] },
): Promise<StagedOutput> {
  const env = opts.env ?? process.env;
  // Unreviewed data, spills and rejected raw rows live in the run's private folder, outside the
  // publication tree (staging.ts); it is removed however the run ends.
  const work = await createRunFolder(env);
  try {
    return await stageInto(loaded, opts, work);
  } catch (err) {
    await removeRunFolder(work);
    throw err;
  }
}

async function stageInto(
  loaded: LoadedSpec,
  opts: RunOptions & { version: string; metadata: Record<string, string>; consumers?: BatchConsumer[] },
  work: RunFolder,
): Promise<StagedOutput> {
  const { spec, dir } = loaded;
  const env = opts.env ?? process.env;
  const sourcePath = resolve(dir, spec.source.path);
  // With onBadRow: skip, malformed source rows go, as raw bytes, to the run's rejects folder and
  // are counted in the normative review's warnings.
  const badRowPath = join(work.rejects, `${opts.version}-source-bad-rows.csv`);
  const source = await openSource(sourcePath, {
    ...(spec.source.batchSize ? { batchSize: spec.source.batchSize } : {}),
    ...(spec.source.csv ? { csv: { ...(stripUndefined(spec.source.csv) as CsvReadOptions), ...(spec.source.csv.onBadRow === 'skip' ? { rejectPath: badRowPath } : {}) } } : {}),
  });
  const ctx = {
    resolveKey: (ref: { env?: string | undefined; file?: string | undefined } | undefined) => resolveKeyRef(ref ?? spec.keys?.default, env, dir, opts.keyWarning),
    scope: { dataset: spec.dataset.id, release: opts.version, ...(spec.recipient ? { recipient: spec.recipient } : {}) },
    seed: secretSeed(spec.keys?.default, env, dir, `${spec.dataset.id}/${opts.version}`, opts.keyWarning),
  };
  const plan = await planColumns(spec, source.schema, ctx, loaded.file, dir);
  const stagingDir = work.package;
  {
    const t0 = performance.now();
    // Source rows are counted as they are read: a rule's rowsSeen is no measure of them (a rule
    // under when: sees the matching rows only).
    let sourceRowsRead = 0;
    const counting: typeof source = Object.assign(Object.create(source) as typeof source, {
      batches: async function* (): AsyncIterable<RecordBatch> {
        sourceRowsRead = 0;
        for await (const b of source.batches()) {
          sourceRowsRead += b.numRows;
          yield b;
        }
      },
    });
    const p = createPipeline(counting, plan.transforms, { spiller: fileSpiller(work.spill) });
    let rows = 0;
    const stats = (source as { stats?: { bytes?: number } }).stats;
    const counted = async function* (): AsyncIterable<RecordBatch> {
      for await (const b of p) {
        rows += b.numRows;
        opts.onProgress?.({ rows, ...(stats?.bytes !== undefined ? { bytes: stats.bytes } : {}) });
        yield b;
      }
    };
    const consumers = opts.consumers ?? [];
    const branches = tee(counted(), spec.output.formats.length + 1 + consumers.length);
    const files: StagedFile[] = spec.output.formats.map((format) => ({ format, path: join(stagingDir, 'data', `${spec.dataset.id}.${FILE_EXT[format]}`), rows: 0 }));
    const byOutput = new Map(Object.entries(spec.columns).map(([k, c]) => [c.name ?? k, c]));
    const collector = new ColumnStatsCollector(p.schema, p.schema.fields.map((f) => byOutput.get(f.name)), { spillDir: work.spill });
    const reviewBranch = branches[files.length]!;
    const observed = async function* (): AsyncIterable<RecordBatch> {
      for await (const b of reviewBranch) {
        collector.add(b);
        yield b;
      }
    };
    // Each writer gets the published columns as their declared types (output-types.ts), bound
    // per branch; the reviews and consumers below see the rules' output as it is.
    const typed = files.map(() => plan.outputTypes.bind(p.schema));
    const tasks: Promise<unknown>[] = [
      ...files.map((f, i) =>
        writeOutput(f.path, typed[i]!.outputSchema, typed[i]!.apply(branches[i]!), {
          metadata: opts.metadata,
          ...(f.format === 'csv' ? { csv: { bom: spec.output.csvBom ?? false } } : {}),
          ...(f.format === 'parquet' ? { parquet: { compression: spec.output.parquetCompression ?? 'snappy' } } : {}),
          // Cell errors name the release's file, not the private staging copy being written.
          ...(f.format === 'xlsx' ? { xlsx: { ...xlsxProperties(spec), name: `${spec.dataset.id}/${opts.version}/data/${spec.dataset.id}.${FILE_EXT[f.format]}` } } : {}),
        }).then((r) => { f.rows = r.rows; }),
      ),
      scanBatches(p.schema, observed(), { maxRowsPerFinding: 100 }),
      ...consumers.map((c, i) => c(p.schema, branches[files.length + 1 + i]!)),
    ];
    // A consumer that fails before its first read (a writer that cannot open its file) never
    // lets go of its branch, which then holds every other branch back: on the first failure all
    // branches are detached, the others end, and the first error is reported.
    const settled = await Promise.allSettled(tasks.map((t) => t.catch(async (error: unknown) => {
      await detachAll(branches);
      throw error;
    })));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const results = settled.map((r) => (r as PromiseFulfilledResult<unknown>).value);
    const scan = results[files.length] as ScanSummary;
    const extra = results.slice(files.length + 1);
    const reports = p.reports();
    const sourceRows = sourceRowsRead;
    const rejects = await writeRejects(plan.transforms, work.rejects, opts.version);
    const badRows = (source as { stats?: { badRows?: number } }).stats?.badRows ?? 0;
    if (badRows > 0) rejects.unshift({ path: badRowPath, rows: badRows, transform: 'csv reader (malformed rows, onBadRow: skip)' });
    return { stagingDir, work, schema: p.schema, rows, sourceRows, reports, plan, files, stats: collector.finish(), scan, extra, rejects, typeProblems: typed[0]?.problems() ?? [], ms: { pass: performance.now() - t0 } };
  }
}

/** Title and author of an XLSX copy (core document properties); the provenance goes in as custom properties, from `metadata`. */
function xlsxProperties(spec: Spec): { title?: string; creator?: string } {
  const d = spec.dataset;
  return { ...(d.title ? { title: d.title } : {}), ...(d.publisher?.name ? { creator: d.publisher.name } : {}) };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Remove the run's private folder (what is left of the package, spills, unkept rejects). */
export async function discardStaging(s: { work: RunFolder }): Promise<void> {
  await removeRunFolder(s.work);
}

/** Read a source once more from the start (for a sample scan). */
export { openSource };

/**
 * Rows rejected by `validate`/`cast` with onInvalid: reject-row are withheld from the release and
 * written whole to <run folder>/rejects/<version>-<n>.csv, private: they may hold raw personal
 * data and are for the publisher to fix, never to publish (a successful run keeps them,
 * staging.ts keepRejects).
 */
async function writeRejects(transforms: Transform[], rejectsDir: string, version: string): Promise<StagedOutput['rejects']> {
  const out: StagedOutput['rejects'] = [];
  let n = 0;
  for (const t of transforms) {
    const held = (t as { rejected?: () => RecordBatch[] }).rejected?.() ?? [];
    const rows = held.reduce((a, b) => a + b.numRows, 0);
    if (rows === 0) continue;
    const path = join(rejectsDir, `${version}-${++n}-${t.name}.csv`);
    await writeOutput(path, held[0]!.schema, (async function* () { yield* held; })(), {});
    out.push({ path, rows, transform: t.name });
  }
  return out;
}
