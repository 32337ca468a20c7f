import publishPackage from '@tuomin/publish/package.json' with { type: 'json' };
import { join } from 'node:path';
import type { RecordBatch, Schema } from 'apache-arrow';
import { createPipeline, type BatchSource, type RuleContext, type TransformReport } from '@tuomin/core';
import { openSource, fileSpiller, inSourceFile, type OpenedSource, type WriteOptions } from '@tuomin/io';
import type { LoadedSpec } from '../spec/load.js';
import type { Spec } from '../spec/schema.js';
import { resolveKeyRef, secretSeed, type KeyWarning } from '../keys.js';
import { planColumns, type RunPlan } from './plan.js';
import type { ColumnStats } from '../review/column-stats.js';
import type { ScanSummary } from '../review/security.js';
import { FILE_EXT } from '../package/model.js';
import { createRunFolder, removeRunFolder, type RunFolder } from './staging.js';
import type { OutputTypeProblem } from './output-types.js';
import { readerOptions, sourceFiles } from './reader-options.js';
import { fanOut, group, type Sink, type SinkResult } from './sinks/sink.js';
import { formatWriterSink } from './sinks/format-writer.js';
import { residualScanSink } from './sinks/residual-scan.js';
import { columnProfileSink } from './sinks/column-profile.js';
import { sourceSampleSink, withSampledNames } from './sinks/source-sample.js';
import { RejectsWriter, type RejectFile } from './sinks/rejects.js';

// The version recorded in every release's provenance: publish's own package.json, the one source
// (the four packages are versioned together; test/version.test.ts checks they agree with
// `tuomin --version`). A JSON import, so the bundles and the single executable inline it.
export const TOOL_VERSION: string = publishPackage.version;

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
  /**
   * Worker threads for the pass (default 1: one thread). With more, the source is cut into
   * partitions run on a pool (run/parallel/); the published bytes are the same for any count.
   */
  workers?: number;
  /** Bytes per partition with workers (default 32 MiB); small values cut small files (tests). */
  partitionBytes?: number;
  /** Rows per batch (default: the spec's source.batchSize, else the reader's). */
  batchSize?: number;
}

/** How the pass ran: on partitions, or in one thread and why. */
export type PassShape = { workers: number; partitions: number; phases: 1 | 2 } | { workers: 1; sequential: string };

export interface StagedFile {
  format: Spec['output']['formats'][number];
  /** Absolute path inside the staging folder. */
  path: string;
  rows: number;
}

export interface StagedOutput<X = Record<string, never>> {
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
  /** The residual scan of the first source rows (before any rule), for columns the spec forgot. */
  sourceSample: ScanSummary;
  /** The results of the caller's own sinks, by the names it gave them. */
  extra: X;
  /** Rows that validate/cast rules rejected (onInvalid: reject-row), and malformed source rows: written outside the package. */
  rejects: RejectFile[];
  /** Values the typed copies could not hold (run/output-types.ts): checked after the reviews. */
  typeProblems: OutputTypeProblem[];
  ms: { pass: number };
  /** Set by the parallel pass, or with the reason a run asked for workers went sequential. */
  parallel?: PassShape;
  /** The reader's warnings about the source (io: BOM, renamed columns, an XLSX's skipped parts): normative warnings. */
  readerWarnings: string[];
}

/** The caller's sinks of the released batches (the privacy statistics, a preview's first rows), made once the output schema is known; `spillDir` is the run's private folder for what they spill. */
export type ExtraSinks<X extends Record<string, Sink<unknown> | undefined>> = (schema: Schema, spillDir: string) => X;
type Results<X> = { [K in keyof X]: SinkResult<X[K]> };

/**
 * The single pass of a run, in its phases: open the source (reader options from the spec,
 * reader-options.ts), plan the rules over its header (plan.ts), then one pass that feeds the
 * released batches to every sink at once (sinks/): one writer per output format (into the run's
 * private folder, staging.ts), the residual scan, the column profile, the caller's sinks; a tap
 * before the rules keeps the source sample, and the rules stream rejected rows to the rejects
 * writer. Nothing is published here: the reviews are judged on the results, and only when both
 * pass does the package get its metadata and move into place (release/commit.ts). Memory stays
 * bounded: every sink is awaited per batch, with a few batches of slack.
 */
export async function stageRun<X extends Record<string, Sink<unknown> | undefined> = Record<string, never>>(
  loaded: LoadedSpec,
  opts: RunOptions & { version: string; metadata: Record<string, string>; sinks?: ExtraSinks<X> },
): Promise<StagedOutput<Results<X>>> {
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

async function stageInto<X extends Record<string, Sink<unknown> | undefined>>(
  loaded: LoadedSpec,
  opts: RunOptions & { version: string; metadata: Record<string, string>; sinks?: ExtraSinks<X> },
  work: RunFolder,
): Promise<StagedOutput<Results<X>>> {
  const { spec, dir } = loaded;
  const env = opts.env ?? process.env;
  // Open: with onBadRow: skip, malformed source rows go, as raw bytes, to the run's rejects
  // folder and are counted in the normative review's warnings.
  const badRowPath = join(work.rejects, `${opts.version}-source-bad-rows.csv`);
  const source = await openSource(await sourceFiles(spec.source, dir), readerOptions(spec.source, { rejectPath: badRowPath }, opts.batchSize));
  // Plan: the rules bound to the source header; reject-row rules stream to the rejects writer.
  const rejects = new RejectsWriter(work.rejects, opts.version);
  const ctx = ruleContext(loaded, { env, version: opts.version, ...(opts.keyWarning ? { keyWarning: opts.keyWarning } : {}) }, rejects.onReject);
  const plan = await planColumns(spec, source.schema, ctx, loaded.file, dir);
  // Pass: the rules over the source, the released batches to every sink at once.
  const t0 = performance.now();
  const tap = sourceTap(source);
  const p = createPipeline(tap.source, plan.transforms, { spiller: fileSpiller(work.spill) });
  let rows = 0;
  const released = async function* (): AsyncIterable<RecordBatch> {
    for await (const b of p) {
      rows += b.numRows;
      opts.onProgress?.({ rows, ...(source.stats ? { bytes: source.stats.bytes } : {}) });
      yield b;
      await rejects.drain();
    }
  };
  const stagingDir = work.package;
  const formats = spec.output.formats;
  const paths = formats.map((format) => join(stagingDir, 'data', `${spec.dataset.id}.${FILE_EXT[format]}`));
  const writers = Object.fromEntries(formats.map((format, i) => [format, formatWriterSink(paths[i]!, p.schema, plan.outputTypes, writeOptions(spec, format, opts))]));
  const extraSinks = opts.sinks?.(p.schema, work.spill) ?? ({} as X);
  const sinks = {
    writers: group(writers),
    scan: residualScanSink(p.schema),
    profile: columnProfileSink(spec, p.schema, work.spill),
    extra: group(extraSinks),
  };
  const out = await fanOut(released(), sinks).catch(async (err: unknown) => {
    await rejects.abort(err);
    // A source of several files: a rule's error names the file its row is in.
    throw inSourceFile(err, source);
  });
  const rejected = await rejects.finish();
  const { sourceRows, sample } = tap.last();
  const sourceSample = withSampledNames(await sample.finish(), sample.held());
  const badRows = source.stats?.badRows ?? 0;
  const files: StagedFile[] = formats.map((format) => ({ format, path: out.writers[format]!.path, rows: out.writers[format]!.rows }));
  return {
    stagingDir, work, schema: p.schema, rows, sourceRows, reports: p.reports(), plan, files,
    stats: out.profile, scan: out.scan, sourceSample, extra: out.extra,
    rejects: [...(badRows > 0 ? [{ path: badRowPath, rows: badRows, transform: 'csv reader (malformed rows, onBadRow: skip)' }] : []), ...rejected],
    typeProblems: out.writers[formats[0]!]?.typeProblems ?? [],
    ms: { pass: performance.now() - t0 },
    // Read after the pass: a pass replaces the head's warnings with its own (counts of hidden rows, error cells).
    readerWarnings: [...(source.warnings ?? [])],
  };
}

/**
 * What the rules of a run are bound with: keys from the environment or key files (never the spec),
 * the release's scope and seed, and where rejected rows go. The sequential pass and every
 * partition job build it here, so a worker's rules are the coordinator's.
 */
export function ruleContext(loaded: LoadedSpec, opts: { env: NodeJS.ProcessEnv; version: string; keyWarning?: KeyWarning }, rejectSink: RuleContext['rejectSink']): RuleContext {
  const { spec, dir } = loaded;
  const { env, version, keyWarning } = opts;
  return {
    resolveKey: (ref) => resolveKeyRef(ref ?? spec.keys?.default, env, dir, keyWarning),
    scope: { dataset: spec.dataset.id, release: version, ...(spec.recipient ? { recipient: spec.recipient } : {}) },
    seed: secretSeed(spec.keys?.default, env, dir, `${spec.dataset.id}/${version}`, keyWarning),
    ...(rejectSink ? { rejectSink } : {}),
  };
}

/**
 * The source as the pipeline reads it, counting rows and keeping the sample. A replayable source
 * is read twice when a rule needs a first pass: each read starts the count and the sample afresh,
 * so `last()` describes the read that was released.
 */
function sourceTap(source: OpenedSource): { source: BatchSource; last(): { sourceRows: number; sample: ReturnType<typeof sourceSampleSink> } } {
  let sourceRows = 0;
  let sample = sourceSampleSink(source.schema);
  return {
    source: {
      schema: source.schema,
      replayable: source.replayable,
      batches: async function* (): AsyncIterable<RecordBatch> {
        sourceRows = 0;
        sample = sourceSampleSink(source.schema);
        for await (const b of source.batches()) {
          sourceRows += b.numRows;
          sample.add(b);
          yield b;
        }
      },
    },
    last: () => ({ sourceRows, sample }),
  };
}

/** The writer options of one format: provenance metadata, the CSV BOM, Parquet compression, XLSX properties. */
export function writeOptions(spec: Spec, format: StagedFile['format'], opts: { version: string; metadata: Record<string, string> }): WriteOptions {
  return {
    metadata: opts.metadata,
    ...(format === 'csv' ? { csv: { bom: spec.output.csvBom ?? false, escapeFormulas: spec.output.csvEscapeFormulas ?? false } } : {}),
    ...(format === 'parquet' ? { parquet: { compression: spec.output.parquetCompression ?? 'snappy' } } : {}),
    // Cell errors name the release's file, not the private staging copy being written.
    ...(format === 'xlsx' ? { xlsx: { ...xlsxProperties(spec), name: `${spec.dataset.id}/${opts.version}/data/${spec.dataset.id}.${FILE_EXT[format]}` } } : {}),
  };
}

/** Title and author of an XLSX copy (core document properties); the provenance goes in as custom properties, from `metadata`. */
function xlsxProperties(spec: Spec): { title?: string; creator?: string } {
  const d = spec.dataset;
  return { ...(d.title ? { title: d.title } : {}), ...(d.publisher?.name ? { creator: d.publisher.name } : {}) };
}

/** Remove the run's private folder (what is left of the package, spills, unkept rejects). */
export async function discardStaging(s: { work: RunFolder }): Promise<void> {
  await removeRunFolder(s.work);
}

/** Read a source once more from the start (for a sample scan). */
export { openSource };
