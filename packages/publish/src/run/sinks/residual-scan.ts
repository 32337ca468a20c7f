import type { Schema } from 'apache-arrow';
import { DETECTOR_TYPES, checkState, scanBatches, type ScanFinding, type ScanResult, type TransferState } from '@tuomin/core/internal';
import { streamSink, type Sink } from './sink.js';
import { decodedSink } from './decoded.js';

export const MAX_ROWS_PER_FINDING = 100;

/**
 * The residual scan of every released cell (the security review's main input). A partition
 * job's scan counts its rows from 1; `encode` gives its result as the state, and the decoded
 * states join in partition order (joinScans moves each part's rows past the earlier parts').
 */
export function residualScanSink(schema: Schema): Sink<ScanResult> & { encode(): Promise<TransferState<'residual-scan'>> } {
  const sink = streamSink(
    (batches) => scanBatches(schema, batches, { maxRowsPerFinding: MAX_ROWS_PER_FINDING }),
    { join: (a, b) => joinScans(schema, a, b, MAX_ROWS_PER_FINDING) },
  );
  return { ...sink, encode: async () => scanState('residual-scan', schema, await sink.finish(), MAX_ROWS_PER_FINDING) };
}

/** The coordinator's side of a partition's residual scan: merge in partition order, then finish. */
export function decodeResidualScan(state: TransferState): Sink<ScanResult> & { state(): ScanState } {
  return decodeScanSink(state, 'residual-scan', 'the residual scan');
}

/** A partition's scan result from its state (rows counted from 1 in its partition): join them in order with joinScans. */
export function decodeScan(state: TransferState, kind: 'residual-scan' | 'source-sample' = 'residual-scan'): ScanResult {
  return scanStateOf(state, kind).result;
}

/** A scan result as a state: plain data, with the column order and the rows kept per finding that joining needs. */
export interface ScanState {
  names: string[];
  maxRows: number;
  result: ScanResult;
}

export function scanState<K extends string>(kind: K, schema: Schema, result: ScanResult, maxRows: number): TransferState<K> {
  const meta: ScanState = { names: schema.fields.map((f) => f.name), maxRows, result };
  return { kind, version: 1, meta, buffers: [] };
}

function scanStateOf(state: TransferState, kind: string): ScanState {
  checkState(state, kind);
  const m = state.meta as ScanState;
  if (!Array.isArray(m.names) || !Number.isInteger(m.maxRows) || !Array.isArray(m.result?.findings) || !Number.isInteger(m.result.rows)) throw new TypeError(`a ${kind} state of another shape`);
  return m;
}

export function decodeScanSink(state: TransferState, kind: string, what: string): Sink<ScanResult> & { state(): ScanState } {
  const m = scanStateOf(state, kind);
  return decodedSink<ScanState, ScanResult>(what, m, (a, b) => {
    if (a.names.join('\u0000') !== b.names.join('\u0000') || a.maxRows !== b.maxRows) throw new TypeError(`merging ${what} of different columns`);
    return { ...a, result: joinScanResults(a.names, a.result, b.result, a.maxRows) };
  }, (s) => s.result);
}

const PLACES = ['header', 'metadata', undefined, 'dictionary'] as const;

/**
 * The scan of a's rows followed by b's, as one scan of both would report it: counts add (cells
 * count rows, once per row and type), b's row numbers move past a's rows and the first
 * `maxRows` are kept, confidence is the higher; header and metadata findings are the schema's,
 * the same in both, so they are kept once. Findings come in scanBatches' order: schema metadata,
 * then per column and detector type, header, metadata, cells, dictionary. Exact when the two
 * parts share no dictionary (partitions read apart never do): entries "no row references" are
 * counted per dictionary, so one shared across the cut would count in the part that does not use them.
 */
export function joinScans(schema: Schema, a: ScanResult, b: ScanResult, maxRows: number): ScanResult {
  return joinScanResults(schema.fields.map((f) => f.name), a, b, maxRows);
}

/** joinScans given the schema's column names in order (all a decoded state carries). */
export function joinScanResults(names: readonly string[], a: ScanResult, b: ScanResult, maxRows: number): ScanResult {
  const key = (f: ScanFinding): string => `${f.column}\u0000${f.type}\u0000${f.place ?? ''}`;
  const out = new Map<string, ScanFinding>();
  for (const f of a.findings) out.set(key(f), { ...f, rows: [...f.rows] });
  for (const f of b.findings) {
    const had = out.get(key(f));
    const shifted = f.rows.map((r) => r + a.rows);
    if (!had) {
      out.set(key(f), { ...f, rows: f.place === undefined ? shifted.slice(0, maxRows) : [...f.rows] });
      continue;
    }
    if (f.place === 'header' || f.place === 'metadata') continue;
    had.count += f.count;
    if (f.place === undefined) had.rows = [...had.rows, ...shifted].slice(0, maxRows);
    if (f.confidence > had.confidence) had.confidence = f.confidence;
  }
  const columnRank = new Map<string, number>();
  names.forEach((name, i) => {
    columnRank.set(name, i);
    columnRank.set(`column #${i + 1}`, i);
  });
  const rank = (f: ScanFinding): [number, number, number] => [columnRank.get(f.column) ?? -1, (DETECTOR_TYPES as readonly string[]).indexOf(f.type), PLACES.indexOf(f.place)];
  const findings = [...out.values()].sort((x, y) => {
    const p = rank(x);
    const q = rank(y);
    return p[0] - q[0] || p[1] - q[1] || p[2] - q[2];
  });
  return { clean: findings.length === 0, rows: a.rows + b.rows, findings };
}
