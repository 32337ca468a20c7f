/**
 * Late-bound functions from sibling packages that are being built in parallel this session.
 * Typed here once; replaced by direct named imports once every package exports them.
 */
import * as core from '@tuomin/core';
import * as io from '@tuomin/io';
import type { BatchSource, Spiller } from '@tuomin/core';
import type { RecordBatch, Schema } from 'apache-arrow';
import type { ScanSummary } from './review/security.js';

type OpenSource = (path: string, options: Record<string, unknown>) => Promise<BatchSource>;
type WriteOutput = (path: string, schema: Schema, batches: AsyncIterable<RecordBatch>, options: Record<string, unknown>) => Promise<{ path: string; rows: number; bytes: number }>;
type ScanBatches = (schema: Schema, batches: AsyncIterable<RecordBatch>, options: Record<string, unknown>) => Promise<ScanSummary>;

function need<T>(mod: Record<string, unknown>, name: string, pkg: string): T {
  const f = mod[name];
  if (typeof f !== 'function' && !(f instanceof Set)) throw new Error(`${pkg} does not export ${name} in this build`);
  return f as T;
}

export const openSource: OpenSource = (p, o) => need<OpenSource>(io as never, 'openSource', '@tuomin/io')(p, o);
export const writeOutput: WriteOutput = (p, s, b, o) => need<WriteOutput>(io as never, 'writeOutput', '@tuomin/io')(p, s, b, o);
export const fileSpiller = (dir: string): Spiller => need<(d: string) => Spiller>(io as never, 'fileSpiller', '@tuomin/io')(dir);
export const scanBatches: ScanBatches = (s, b, o) => need<ScanBatches>(core as never, 'scanBatches', '@tuomin/core')(s, b, o);
export function personalTypes(): ReadonlySet<string> {
  return need<ReadonlySet<string>>(core as never, 'PERSONAL_TYPES', '@tuomin/core');
}
