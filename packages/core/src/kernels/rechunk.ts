import { type Data, type Dictionary, type RecordBatch, type Schema, Type } from 'apache-arrow';
import { batchFromColumns, columnData } from './batch.js';
import { type Run, concatRuns } from './concat.js';
import { type DictionaryScope, DictionaryUnifier } from './unify-dictionary.js';

export interface RechunkOptions {
  /** Rows per output batch; only the last batch is shorter. */
  rows: number;
  /** How dictionary columns are written (unify-dictionary.ts). */
  dictionaries: DictionaryScope;
  /** The file being written, named in errors. */
  file?: string;
}

/**
 * Batches of exactly `rows` rows (the last one shorter), in a canonical layout, from batches cut
 * anywhere: the output depends on the rows alone. Writers whose bytes follow their input's batch
 * boundaries (an Arrow IPC record batch per input batch; parquet-wasm's pages, which close at the
 * end of the write calls that cross a size) put this in front, so a file is the same for any batch
 * size, partitioning and number of workers. Columns are copied with null slots emptied
 * (concat.ts), except a column without nulls that one input batch covers whole, kept as is (the
 * common case of aligned batches costs nothing); dictionary columns always go through their
 * unifier. Memory: one output batch and the input batches it spans.
 */
export class Rechunker {
  private pending: RecordBatch[] = [];
  /** Index of the first pending batch (a shift per batch would be quadratic for 1-row batches). */
  private head = 0;
  private pendingStart = 0;
  private pendingRows = 0;
  private readonly unifiers: Array<DictionaryUnifier | null>;

  constructor(private readonly schema: Schema, private readonly options: RechunkOptions) {
    if (!Number.isInteger(options.rows) || options.rows < 1) throw new RangeError(`rows per batch must be a positive integer, got ${options.rows}`);
    this.unifiers = schema.fields.map((f) => (f.type.typeId === Type.Dictionary ? new DictionaryUnifier(f.type as Dictionary, options.dictionaries, f.name, options.file) : null));
  }

  /** Take one input batch; returns the output batches it completed (often none). */
  push(batch: RecordBatch): RecordBatch[] {
    if (batch.numRows === 0) return [];
    this.pending.push(batch);
    this.pendingRows += batch.numRows;
    const out: RecordBatch[] = [];
    while (this.pendingRows >= this.options.rows) out.push(this.emit(this.options.rows));
    return out;
  }

  /** The last, shorter batch; null when the rows came out even. */
  finish(): RecordBatch | null {
    return this.pendingRows > 0 ? this.emit(this.pendingRows) : null;
  }

  /** The next `n` pending rows as one batch. */
  private emit(n: number): RecordBatch {
    const pieces: Array<{ batch: RecordBatch; start: number; end: number }> = [];
    let need = n;
    while (need > 0) {
      const b = this.pending[this.head]!;
      const start = this.pendingStart;
      const take = Math.min(need, b.numRows - start);
      pieces.push({ batch: b, start, end: start + take });
      need -= take;
      if (start + take === b.numRows) {
        this.head++;
        this.pendingStart = 0;
      } else this.pendingStart = start + take;
    }
    // Let go of the batches this output used up: kept in the array, every one of them (and the
    // buffer it is a view of: a whole file read back) stayed alive until 1,024 had piled up, so
    // input batches that never came out even with the output kept memory growing with the input.
    // One slice per output batch (not per input batch) keeps 1-row inputs linear.
    if (this.head > 0) {
      this.pending = this.head === this.pending.length ? [] : this.pending.slice(this.head);
      this.head = 0;
    }
    this.pendingRows -= n;
    const fields = this.schema.fields;
    const columns: Data[] = [];
    for (let c = 0; c < fields.length; c++) {
      const runs: Run[] = pieces.map((p) => ({ data: columnData(p.batch, c), start: p.start, end: p.end }));
      const unifier = this.unifiers[c]!;
      columns.push(unifier !== null ? unifier.build(runs, n) : keepOrConcat(fields[c]!.type, runs, n));
    }
    return batchFromColumns(this.schema, columns, n);
  }
}

/** Flat types whose null-free buffers are already canonical (bool and nested types are always rebuilt). */
const KEEP_AS_IS = new Set<Type>([Type.Utf8, Type.LargeUtf8, Type.Binary, Type.LargeBinary, Type.Int, Type.Float, Type.Date, Type.Time,
  Type.Timestamp, Type.Decimal, Type.Duration, Type.Interval, Type.FixedSizeBinary]);

/** A null-free column that one input batch covers whole stays as it is; anything else is copied. */
function keepOrConcat(type: Data['type'], runs: Run[], n: number): Data {
  if (runs.length === 1) {
    const r = runs[0]!;
    const plain = r.data.nullCount === 0 && KEEP_AS_IS.has(type.typeId);
    if (plain && r.start === 0 && r.end === r.data.length) return r.data;
  }
  return concatRuns(type, runs, n);
}

/** `Rechunker` over a stream of batches. */
export async function* rechunkBatches(batches: AsyncIterable<RecordBatch>, schema: Schema, options: RechunkOptions): AsyncGenerator<RecordBatch> {
  const r = new Rechunker(schema, options);
  for await (const b of batches) yield* r.push(b);
  const last = r.finish();
  if (last !== null) yield last;
}
