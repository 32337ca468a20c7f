import type { Schema } from 'apache-arrow';
import { DETECTOR_TYPES, scanBatches, type ScanFinding, type ScanResult } from '@tuomin/core';
import { streamSink, type Sink } from './sink.js';

const MAX_ROWS_PER_FINDING = 100;

/** The residual scan of every released cell (the security review's main input). */
export function residualScanSink(schema: Schema): Sink<ScanResult> {
  return streamSink(
    (batches) => scanBatches(schema, batches, { maxRowsPerFinding: MAX_ROWS_PER_FINDING }),
    { join: (a, b) => joinScans(schema, a, b, MAX_ROWS_PER_FINDING) },
  );
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
  schema.fields.forEach((f, i) => {
    columnRank.set(f.name, i);
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
