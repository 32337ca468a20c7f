import { Field, Schema, Utf8 } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import { TuominError, batchFromColumns } from '@tuomin/core';
import type { BatchSource } from '@tuomin/core';
import { TextColumn, cellText } from './text-column.js';
import { castBatch } from '../infer/cast.js';
import { inferSchema } from '../infer/infer.js';
import type { InferOptions } from '../infer/infer.js';
import { keyParam, shownKey } from './shown-key.js';

export type Row = Record<string, unknown> | readonly unknown[];

export interface RowsOptions {
  /** Target schema: columns are read by its field names (objects) or positions (arrays) and cast to its types. */
  schema?: Schema;
  /** Column names: for array rows, or to pick keys from object rows. Default: keys of the first rows, in order seen. */
  columns?: string[];
  /** Rows per batch. Default 65,536. */
  batchSize?: number;
  /** Rows read ahead to find column names (and, with `infer`, types). Default: `batchSize`. */
  inferFrom?: number;
  /** Infer types from the first rows instead of keeping every column as text. Default off. */
  infer?: boolean | InferOptions;
  /** Name used in error messages (a file, a topic). */
  name?: string;
}

export interface RowsSource extends BatchSource {
  /** Rows turned into batches so far. */
  readonly rowsRead: () => number;
}

/**
 * Turn a stream of row objects or arrays (a fast-csv parser, a database cursor, JSON lines) into
 * record batches. The first rows are read ahead so the schema is known before any batch is
 * asked for. Cells become text columns (numbers as JSON writes them), then are cast to the
 * given or inferred schema. Not replayable: the rows are consumed once.
 */
export async function rowsSource(rows: AsyncIterable<Row> | Iterable<Row>, options: RowsOptions = {}): Promise<RowsSource> {
  const batchSize = options.batchSize ?? 65536;
  const ahead = Math.max(1, options.inferFrom ?? batchSize);
  const it = (Symbol.asyncIterator in rows ? (rows as AsyncIterable<Row>)[Symbol.asyncIterator]() : toAsync(rows as Iterable<Row>));
  const peeked: Row[] = [];
  let exhausted = false;
  while (peeked.length < ahead) {
    const r = await it.next();
    if (r.done) { exhausted = true; break; }
    peeked.push(r.value);
  }
  const names = options.schema ? options.schema.fields.map((f) => f.name) : (options.columns ?? namesFrom(peeked));
  // Keys outside the names found by reading ahead are an error (never dropped silently);
  // names given by the caller select keys instead.
  const strictKeys = !options.schema && !options.columns;
  const textSchema = new Schema(names.map((n) => new Field(n, new Utf8(), true)));
  let target = options.schema ?? textSchema;
  if (!options.schema && options.infer) {
    const inferOptions = typeof options.infer === 'object' ? options.infer : {};
    const sample = buildBatches(peeked, names, textSchema, peeked.length || 1, 0, options.name);
    target = inferSchema(textSchema, sample, { sampleRows: peeked.length, ...inferOptions });
  }
  let count = 0;
  let used = false;
  const cast = target !== textSchema;
  async function* batches(): AsyncIterable<RecordBatch> {
    const builder = new RowBuilder(names, options.name, strictKeys);
    const emit = (): RecordBatch => {
      const n = builder.length;
      const b = batchFromColumns(textSchema, builder.finish(), n);
      const out = cast ? castBatch(b, target, count, { sampledRows: peeked.length, ...(options.name ? { file: options.name } : {}) }) : b;
      count += out.numRows;
      return out;
    };
    for (const row of peeked) {
      builder.add(row, count + builder.length + 1);
      if (builder.length === batchSize) yield emit();
    }
    peeked.length = 0;
    if (!exhausted) {
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        builder.add(r.value, count + builder.length + 1);
        if (builder.length === batchSize) yield emit();
      }
    }
    if (builder.length > 0) yield emit();
  }
  return {
    schema: target,
    replayable: false,
    rowsRead: () => count,
    batches() {
      if (used) throw new Error('a rows source can be read once; collect it into memory or spill it to replay');
      used = true;
      return batches();
    },
  };
}

/** Batches from rows; the schema is that of the first batch (see `rowsSource` to get it up front). */
export async function* rowsToBatches(rows: AsyncIterable<Row> | Iterable<Row>, options: RowsOptions = {}): AsyncIterable<RecordBatch> {
  const source = await rowsSource(rows, options);
  yield* source.batches();
}

function buildBatches(rows: Row[], names: string[], schema: Schema, batchSize: number, rowBase: number, name?: string): RecordBatch[] {
  const out: RecordBatch[] = [];
  const builder = new RowBuilder(names, name);
  for (const row of rows) {
    builder.add(row, rowBase + builder.length + 1);
    if (builder.length === batchSize) {
      const n = builder.length;
      out.push(batchFromColumns(schema, builder.finish(), n));
    }
  }
  if (builder.length > 0 || out.length === 0) {
    const n = builder.length;
    out.push(batchFromColumns(schema, builder.finish(), n));
  }
  return out;
}

class RowBuilder {
  private cols: TextColumn[];
  private index: Map<string, number>;
  private inherited: boolean[];
  length = 0;
  constructor(private names: string[], private name?: string, private strictKeys = false) {
    this.cols = names.map(() => new TextColumn());
    this.index = new Map(names.map((n, i) => [n, i]));
    this.inherited = names.map((n) => n in Object.prototype);
  }
  add(row: Row, rowNumber: number): void {
    const cols = this.cols;
    if (Array.isArray(row)) {
      if (row.length !== cols.length) {
        throw new TuominError('BAD_INPUT', `row has ${row.length} cells, expected ${cols.length}`, { ...(this.name ? { file: this.name } : {}), row: rowNumber }, 'every row must have one cell per column', { id: 'rows.cellCount', params: { cells: row.length, columns: cols.length } });
      }
      for (let c = 0; c < cols.length; c++) push(cols[c]!, row[c]);
    } else {
      const obj = row as Record<string, unknown>;
      if (this.strictKeys) for (const key in obj) {
        if (!this.index.has(key)) {
          throw new TuominError('BAD_INPUT', `unexpected key ${shownKey(key)} not seen in the first rows`, { ...(this.name ? { file: this.name } : {}), row: rowNumber }, 'list every key in the first line (a null value is enough); from the library, pass the column names (columns or schema) or read more rows ahead (inferFrom)', { id: 'rows.unexpectedKey', params: { key: keyParam(key) } });
        }
      }
      const inherited = this.inherited;
      for (let c = 0; c < cols.length; c++) {
        const key = this.names[c]!;
        // A column named constructor or toString must not read Object.prototype's member when the
        // row lacks that key (nor __proto__ the prototype itself).
        push(cols[c]!, inherited[c] && !Object.hasOwn(obj, key) ? undefined : obj[key]);
      }
    }
    this.length++;
  }
  finish(): Data[] {
    this.length = 0;
    return this.cols.map((c) => c.finish());
  }
}

function push(col: TextColumn, v: unknown): void {
  if (typeof v === 'string') col.pushString(v);
  else {
    const t = cellText(v);
    if (t === null) col.pushNull();
    else col.pushString(t);
  }
}

function namesFrom(rows: Row[]): string[] {
  const seen = new Set<string>();
  let width = 0;
  for (const r of rows) {
    if (Array.isArray(r)) width = Math.max(width, r.length);
    else for (const k of Object.keys(r)) seen.add(k);
  }
  if (seen.size > 0) return [...seen];
  return Array.from({ length: width }, (_, i) => `column_${i + 1}`);
}

async function* toAsyncGen<T>(rows: Iterable<T>): AsyncGenerator<T> {
  yield* rows;
}

function toAsync<T>(rows: Iterable<T>): AsyncIterator<T> {
  return toAsyncGen(rows);
}
