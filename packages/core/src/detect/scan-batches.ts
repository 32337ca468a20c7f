import type { RecordBatch, Schema } from 'apache-arrow';
import { columnData } from '../kernels/batch.js';
import { ValueScanner } from './scanner.js';
import { scanColumn, type HitSink } from './column-scan.js';
import { isNameHeader } from './detect-value.js';
import { DETECTOR_TYPES, TYPE_COUNT, type DetectorType } from './types.js';
import type { DetectOptionsInput } from './options.js';

export interface ScanOptions extends DetectOptionsInput {
  /** Keep every row number per finding instead of the first `maxRowsPerFinding`. */
  allRows?: boolean;
  /** Row numbers kept per (column, type) when `allRows` is off (default 100). */
  maxRowsPerFinding?: number;
  /** Only scan these columns (default: all). */
  columns?: string[];
}

export interface ScanFinding {
  column: string;
  type: DetectorType;
  /** Rows (cells) of this column holding at least one identifier of this type. */
  count: number;
  /** 1-based row numbers, header excluded: the first `maxRowsPerFinding` unless allRows. */
  rows: number[];
  /** The highest confidence seen. */
  confidence: number;
}

export interface ScanResult {
  clean: boolean;
  rows: number;
  findings: ScanFinding[];
}

/** Per-column accumulation: a row counts once per type however many hits it holds. */
class ColumnTally implements HitSink {
  readonly count = new Int32Array(TYPE_COUNT);
  readonly lastRow = new Int32Array(TYPE_COUNT).fill(-1);
  readonly conf = new Float64Array(TYPE_COUNT);
  readonly rows: number[][] = Array.from({ length: TYPE_COUNT }, () => []);
  constructor(private readonly maxRows: number) {}

  hit(row: number, type: number, confidence: number): void {
    if (confidence > this.conf[type]!) this.conf[type] = confidence;
    if (this.lastRow[type] === row) return;
    this.lastRow[type] = row;
    this.count[type]!++;
    if (this.rows[type]!.length < this.maxRows) this.rows[type]!.push(row + 1);
  }
}

/**
 * Scan every cell of every (string or numeric) column and aggregate findings per
 * (column, type). Counts and row numbers only: values never leave this function.
 */
export async function scanBatches(schema: Schema, batches: AsyncIterable<RecordBatch>, options: ScanOptions = {}): Promise<ScanResult> {
  const { allRows = false, maxRowsPerFinding = 100, columns, ...detect } = options;
  const maxRows = allRows ? Number.MAX_SAFE_INTEGER : maxRowsPerFinding;
  const plain = new ValueScanner(detect);
  const named = new ValueScanner(detect);
  named.nameColumn = true;
  const fields = schema.fields.map((f, i) => ({ name: f.name, index: i })).filter((f) => !columns || columns.includes(f.name));
  const tallies = fields.map(() => new ColumnTally(maxRows));
  const scanners = fields.map((f) => (isNameHeader(f.name) ? named : plain));
  let rows = 0;
  for await (const batch of batches) {
    for (let c = 0; c < fields.length; c++) {
      scanColumn(columnData(batch, fields[c]!.index), scanners[c]!, rows, tallies[c]!);
    }
    rows += batch.numRows;
  }
  const findings: ScanFinding[] = [];
  for (let c = 0; c < fields.length; c++) {
    const t = tallies[c]!;
    for (let type = 0; type < TYPE_COUNT; type++) {
      if (t.count[type] === 0) continue;
      findings.push({ column: fields[c]!.name, type: DETECTOR_TYPES[type]!, count: t.count[type]!, rows: t.rows[type]!, confidence: t.conf[type]! });
    }
  }
  return { clean: findings.length === 0, rows, findings };
}
