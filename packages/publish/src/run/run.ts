import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError, createPipeline, type TransformReport } from '@tuomin/core';
import { openSource, writeOutput, fileSpiller } from '../deps.js';
import type { LoadedSpec } from '../spec/load.js';
import { resolveKeyRef } from '../keys.js';
import { planColumns, type RunPlan } from './plan.js';

export const TOOL_VERSION = '0.1.0';

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Release version; default: the next version after the ledger's latest. */
  version?: string;
  /** Called with rows and bytes read so far (for a progress display). */
  onProgress?: (p: { rows: number; bytes: number }) => void;
  /** Override the output folder (tests). */
  outputFolder?: string;
  now?: Date;
}

export interface StagedOutput {
  stagingDir: string;
  /** Arrow IPC file holding the desensitized rows: the single source every format is written from. */
  ipcPath: string;
  schema: Schema;
  rows: number;
  sourceRows: number;
  reports: TransformReport[];
  plan: RunPlan;
  ms: { transform: number };
}

/**
 * First half of a run: read the source, apply every rule and the privacy stage, and write the
 * result once to an Arrow IPC file inside a staging folder next to the release folders. Nothing is
 * published from here: the reviews read the staged file, and only when both pass does the
 * package get written and the staging folder renamed into place.
 */
export async function stageRun(loaded: LoadedSpec, opts: RunOptions = {}): Promise<StagedOutput> {
  const { spec, dir } = loaded;
  const env = opts.env ?? process.env;
  const sourcePath = resolve(dir, spec.source.path);
  const source = await openSource(sourcePath, {
    ...(spec.source.batchSize ? { batchSize: spec.source.batchSize } : {}),
    ...(spec.source.csv ? { csv: stripUndefined(spec.source.csv) } : {}),
  });
  const ctx = {
    resolveKey: (ref: { env?: string | undefined; file?: string | undefined } | undefined) => resolveKeyRef(ref ?? spec.keys?.default, env, dir),
    scope: { dataset: spec.dataset.id, ...(opts.version ? { release: opts.version } : {}), ...(spec.recipient ? { recipient: spec.recipient } : {}) },
    seed: 20240813,
  };
  const plan = planColumns(spec, source.schema, ctx, loaded.file);
  const root = resolve(dir, opts.outputFolder ?? spec.output.folder, spec.dataset.id);
  await mkdir(root, { recursive: true });
  const stagingDir = join(root, `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(stagingDir, { recursive: true });
  try {
    const t0 = performance.now();
    const p = createPipeline(source, plan.transforms, { spiller: fileSpiller(stagingDir) });
    let sourceRows = 0;
    let rows = 0;
    const counted = async function* (): AsyncIterable<RecordBatch> {
      for await (const b of p) {
        rows += b.numRows;
        yield b;
      }
    };
    const ipcPath = join(stagingDir, 'staged.arrow');
    await writeOutput(ipcPath, p.schema, counted(), {});
    const reports = p.reports();
    sourceRows = reports[0]?.rowsSeen ?? rows;
    return { stagingDir, ipcPath, schema: p.schema, rows, sourceRows, reports, plan, ms: { transform: performance.now() - t0 } };
  } catch (err) {
    await rm(stagingDir, { recursive: true, force: true });
    throw err;
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export async function discardStaging(s: StagedOutput): Promise<void> {
  await rm(s.stagingDir, { recursive: true, force: true });
}

export async function promoteStaging(stagingDir: string, target: string): Promise<void> {
  try {
    await rename(stagingDir, target);
  } catch (err) {
    throw new TuominError('IO', `cannot move the release into ${target}: ${(err as Error).message}`, { file: target }, 'a version folder is immutable: bump the version or withdraw the old one first');
  }
}
