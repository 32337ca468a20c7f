import type { DataType, Field, RecordBatch, Schema } from 'apache-arrow';
import { columnData } from '../kernels/batch.js';
import { TuominError } from '../errors.js';
import type { ValueScanner } from './scanner.js';
import { ColumnScan, NO_ROW, unscannableType, type HitSink } from './column-scan.js';
import { HeaderScanners } from './header-modes.js';
import { DETECTOR_TYPES, TYPE_COUNT, T_PERSON_NAME, type DetectorType } from './types.js';
import { bareNameHeader, personNamedLabel } from './name-label.js';
import type { DetectOptionsInput } from './options.js';

export interface ScanOptions extends DetectOptionsInput {
  /** Keep every row number per finding instead of the first `maxRowsPerFinding`. */
  allRows?: boolean;
  /** Row numbers kept per (column, type) when `allRows` is off (default 100). */
  maxRowsPerFinding?: number;
  /** Only scan these columns (default: all). */
  columns?: string[];
  /**
   * Also scan the column names, the names of nested fields, and the key-value metadata of the
   * schema and its fields (default true): a header is published in every format, metadata in
   * Arrow and Parquet. A column whose name holds an identifier is reported as
   * `column #n` (1-based), in its header finding and in the findings of its cells alike.
   */
  headers?: boolean;
}

export interface ScanFinding {
  /** The column's name, or `column #n` when the name itself holds an identifier. */
  column: string;
  type: DetectorType;
  /**
   * Rows (cells) of this column holding at least one identifier of this type; for a `header`
   * finding, the names that hold one; for `dictionary`, the entries no row references.
   */
  count: number;
  /**
   * Where, when not in the cells: `header` (the column's name or a nested field's name),
   * `dictionary` (dictionary entries no row references, published with the dictionary), or
   * `metadata` (key-value metadata of the column's field, or of the schema when `column` is
   * SCHEMA_METADATA): Arrow and Parquet files carry it, and a source's metadata flows through.
   */
  place?: 'header' | 'dictionary' | 'metadata';
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
  /** Dictionary entries no row references, per type. */
  readonly unreferenced = new Int32Array(TYPE_COUNT);
  readonly unreferencedConf = new Float64Array(TYPE_COUNT);
  constructor(private readonly maxRows: number) {}

  hit(row: number, type: number, confidence: number): void {
    if (row === NO_ROW) {
      this.unreferenced[type]!++;
      if (confidence > this.unreferencedConf[type]!) this.unreferencedConf[type] = confidence;
      return;
    }
    if (confidence > this.conf[type]!) this.conf[type] = confidence;
    if (this.lastRow[type] === row) return;
    this.lastRow[type] = row;
    this.count[type]!++;
    if (this.rows[type]!.length < this.maxRows) this.rows[type]!.push(row + 1);
  }
}

/**
 * Scan every cell of every column, of any type (see scanColumn), and aggregate findings per
 * (column, type); with `headers`, the column names too. Counts and row numbers only: values
 * never leave this function, and a column name that holds an identifier is replaced by its
 * number. A column of a type the scan cannot read is an error before any row is read: the gate
 * fails closed rather than let a column through unseen.
 */
export async function scanBatches(schema: Schema, batches: AsyncIterable<RecordBatch>, options: ScanOptions = {}): Promise<ScanResult> {
  const { allRows = false, maxRowsPerFinding = 100, columns, headers = true, ...detect } = options;
  const maxRows = allRows ? Number.MAX_SAFE_INTEGER : maxRowsPerFinding;
  const scanners = new HeaderScanners(detect);
  const plain = scanners.plain;
  const fields = schema.fields.map((f, i) => ({ name: f.name, index: i, field: f })).filter((f) => !columns || columns.includes(f.name));
  for (const f of fields) {
    const bad = unscannableType(f.field.type);
    if (bad !== null) {
      throw new TuominError('UNSUPPORTED', `column #${f.index + 1} has type ${String(f.field.type)}, which the residual scan cannot read (${bad}); it would be published unseen`, { column: f.name }, 'cast the column to text or a number before publishing, or drop it', { id: 'scan.unreadableType', params: { type: String(f.field.type) } });
    }
  }
  const headerHits = fields.map((f) => (headers ? scanNames(f.field, plain) : []));
  const metaHits = fields.map((f) => (headers ? scanFieldMetadata(f.field, plain) : []));
  const labels = fields.map((f, c) => (headerHits[c]!.length ? `column #${f.index + 1}` : f.name));
  const tallies = fields.map(() => new ColumnTally(maxRows));
  const scans = fields.map((f, c) => new ColumnScan(scanners.forField(f.field), tallies[c]!));
  let rows = 0;
  for await (const batch of batches) {
    for (let c = 0; c < fields.length; c++) scans[c]!.scan(columnData(batch, fields[c]!.index), rows);
    rows += batch.numRows;
  }
  for (const s of scans) s.finish();
  const findings: ScanFinding[] = [];
  const schemaMeta = byType(headers ? scanMetadata(schema.metadata, plain) : []);
  for (const [type, m] of schemaMeta) findings.push({ column: SCHEMA_METADATA, type: DETECTOR_TYPES[type]!, count: m.count, rows: [], confidence: m.conf, place: 'metadata' });
  for (let c = 0; c < fields.length; c++) {
    const column = labels[c]!;
    const header = byType(headerHits[c]!);
    const meta = byType(metaHits[c]!);
    const t = tallies[c]!;
    for (let type = 0; type < TYPE_COUNT; type++) {
      const h = header.get(type);
      if (h) findings.push({ column, type: DETECTOR_TYPES[type]!, count: h.count, rows: [], confidence: h.conf, place: 'header' });
      const m = meta.get(type);
      if (m) findings.push({ column, type: DETECTOR_TYPES[type]!, count: m.count, rows: [], confidence: m.conf, place: 'metadata' });
      if (t.count[type] !== 0) findings.push({ column, type: DETECTOR_TYPES[type]!, count: t.count[type]!, rows: t.rows[type]!, confidence: t.conf[type]! });
      if (t.unreferenced[type] !== 0) findings.push({ column, type: DETECTOR_TYPES[type]!, count: t.unreferenced[type]!, rows: [], confidence: t.unreferencedConf[type]!, place: 'dictionary' });
    }
  }
  return { clean: findings.length === 0, rows, findings };
}

/** The `column` of findings in the schema's own key-value metadata. */
export const SCHEMA_METADATA = '(schema metadata)';

const utf8 = new TextEncoder();

/** Hits in the keys and values of key-value metadata (a schema's or a field's). */
function scanMetadata(metadata: ReadonlyMap<string, string> | undefined, scanner: ValueScanner): Array<{ type: number; conf: number }> {
  const out: Array<{ type: number; conf: number }> = [];
  for (const [k, v] of metadata ?? []) {
    for (const text of [k, v]) {
      const bytes = utf8.encode(text);
      const n = scanner.scan(bytes, 0, bytes.length);
      const hits = scanner.state.hits;
      let named = false;
      for (let h = 0; h < n; h++) { out.push({ type: hits.type[h]!, conf: hits.conf[h]! }); named ||= hits.type[h] === T_PERSON_NAME; }
      // A value that is a name alone (导出人: 欧阳娜娜) has no context word for the scanner.
      // A column's title is its header as readers see it: a two-character name alone counts there too.
      const header = k === 'title' && text === v;
      if (!named && scanner.state.wanted[T_PERSON_NAME] === 1 && (personNamedLabel(text) || (header && bareNameHeader(text)))) out.push({ type: T_PERSON_NAME, conf: 0.8 });
    }
  }
  return out;
}

/** Per type: how many hits, and the highest confidence. */
function byType(hits: Array<{ type: number; conf: number }>): Map<number, { count: number; conf: number }> {
  const m = new Map<number, { count: number; conf: number }>();
  for (const h of hits) {
    const e = m.get(h.type) ?? { count: 0, conf: 0 };
    e.count++;
    e.conf = Math.max(e.conf, h.conf);
    m.set(h.type, e);
  }
  return m;
}

/** Hits in the key-value metadata of a field and of its nested fields. */
function scanFieldMetadata(field: Field, scanner: ValueScanner): Array<{ type: number; conf: number }> {
  const out = scanMetadata(field.metadata, scanner);
  for (const child of field.type.children ?? []) out.push(...scanFieldMetadata(child, scanner));
  return out;
}

/** Hits in a field's name and in the names of its nested fields (struct fields, list items, map keys). */
/** A header with underscores as spaces and letters cut from the digits beside them (an ID's final X stays). */
function headerTokens(name: string): string {
  return name.replace(/_/g, ' ').replace(/([A-Za-z])(?=\d)/g, '$1 ').replace(/(\d)(?=[A-WYZa-wyz])/g, '$1 ');
}

function scanNames(field: Field, scanner: ValueScanner): Array<{ type: number; conf: number }> {
  const out: Array<{ type: number; conf: number }> = [];
  const visit = (name: string, type: DataType): void => {
    const bytes = utf8.encode(name);
    const found = new Set<number>();
    if (scanner.scan(bytes, 0, bytes.length) !== 0) {
      const hits = scanner.state.hits;
      for (let k = 0; k < hits.length; k++) { out.push({ type: hits.type[k]!, conf: hits.conf[k]! }); found.add(hits.type[k]!); }
    }
    // A header is a label, not a code: a snake_case name glues an identifier to letters
    // (p13812345678, id_371602198003041234), which the detectors' boundaries would let pass.
    const spaced = headerTokens(name);
    if (spaced !== name) {
      const b = utf8.encode(spaced);
      if (scanner.scan(b, 0, b.length) !== 0) {
        const hits = scanner.state.hits;
        for (let k = 0; k < hits.length; k++) if (!found.has(hits.type[k]!)) { out.push({ type: hits.type[k]!, conf: hits.conf[k]! }); found.add(hits.type[k]!); }
      }
    }
    // A header has no context word before a name (张三的电话): read as a label (name-label.ts).
    if (!found.has(T_PERSON_NAME) && scanner.state.wanted[T_PERSON_NAME] === 1 && (personNamedLabel(name) || bareNameHeader(name))) out.push({ type: T_PERSON_NAME, conf: 0.8 });
    for (const child of type.children ?? []) visit(child.name, child.type);
    const dict = (type as unknown as { dictionary?: DataType }).dictionary;
    if (dict) for (const child of dict.children ?? []) visit(child.name, child.type);
  };
  visit(field.name, field.type);
  return out;
}
