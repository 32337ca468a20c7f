import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { columnData, fieldIndex } from '../kernels/batch.js';
import type { TransferState } from '../stats/transfer.js';
import { checkState, ownBuffer } from '../stats/transfer.js';
import { ClassTable, PairCounts } from './class-table.js';
import { ColumnEncoder } from './encode-column.js';
import { DirectIndex } from './direct-index.js';
import { ValueDict } from './value-dict.js';

export interface ClassStatsOptions {
  quasiIdentifiers: string[];
  sensitive?: string[] | undefined;
  /**
   * Fail (code UNSUPPORTED) past this many distinct classes. Default 50,000,000. To go past memory,
   * collect with `collectClassStatsSpilling` (@tuomin/io), which spills to partition files.
   */
  maxClasses?: number | undefined;
}

/**
 * Equivalence-class statistics over quasi-identifier columns, in one streaming pass: class sizes
 * and, per class, the value frequencies of each sensitive column. Exact and mergeable:
 * `mergeClassStats(a, b)` equals the statistics of a's and b's rows together.
 */
export class ClassStats {
  readonly qi: string[];
  readonly sensitive: string[];
  readonly qiDicts: ValueDict[];
  readonly sensDicts: ValueDict[];
  readonly table: ClassTable;
  readonly pairs: PairCounts[];
  rows = 0;
  readonly maxClasses: number;
  private readonly qiEncoders: ColumnEncoder[];
  private readonly sensEncoders: ColumnEncoder[];
  private scratch: Int32Array[] = [];
  private tuples = new Int32Array(0);
  private lastSchema: Schema | null = null;
  private readonly direct: DirectIndex;
  private readonly sizes: Int32Array;
  private readonly tupleScratch: Int32Array;
  private qiIndex: number[] = [];
  private sensIndex: number[] = [];

  constructor(options: ClassStatsOptions) {
    this.qi = [...options.quasiIdentifiers];
    this.sensitive = [...(options.sensitive ?? [])];
    if (this.qi.length === 0) throw new TuominError('BAD_SPEC', 'no quasi-identifier columns given', {}, 'name at least one quasi-identifier column', { id: 'privacy.noQi' });
    this.qiDicts = this.qi.map(() => new ValueDict());
    this.sensDicts = this.sensitive.map(() => new ValueDict());
    this.qiEncoders = this.qi.map((c, j) => new ColumnEncoder(c, this.qiDicts[j]!));
    this.sensEncoders = this.sensitive.map((c, j) => new ColumnEncoder(c, this.sensDicts[j]!));
    this.table = new ClassTable(this.qi.length);
    this.pairs = this.sensitive.map(() => new PairCounts());
    this.maxClasses = options.maxClasses ?? 50_000_000;
    this.direct = new DirectIndex(this.qi.length);
    this.sizes = new Int32Array(this.qi.length);
    this.tupleScratch = new Int32Array(this.qi.length);
  }

  get classes(): number {
    return this.table.size;
  }

  /** Count one batch. */
  add(batch: RecordBatch): void {
    this.classIndices(batch, true);
  }

  /**
   * Class index of every row of `batch` (adding classes when `insert`, else -1 for an unseen
   * class). Sensitive frequencies are counted only when inserting.
   */
  classIndices(batch: RecordBatch, insert: boolean): Int32Array {
    const n = batch.numRows;
    const out = new Int32Array(n);
    if (n === 0) return out;
    this.resolve(batch.schema);
    const w = this.qi.length;
    if (this.scratch.length === 0 || this.scratch[0]!.length < n) {
      this.scratch = Array.from({ length: Math.max(w, this.sensitive.length) }, () => new Int32Array(n));
    }
    if (this.tuples.length < n * w) this.tuples = new Int32Array(n * w);
    const tuples = this.tuples;
    const cols = this.scratch;
    let maxCode = 0;
    for (let j = 0; j < w; j++) {
      this.qiEncoders[j]!.encode(columnData(batch, this.qiIndex[j]!), cols[j]!);
      if (this.qiDicts[j]!.size - 1 > maxCode) maxCode = this.qiDicts[j]!.size - 1;
    }
    if (this.direct.fit(this.dictSizes(), this.table)) {
      // Small value domains: a perfect-hash index (direct-index.ts), one array read per row.
      this.classIndicesDirect(n, w, insert, out);
    } else if (this.table.usePacked(maxCode)) {
      // Packed keys straight from the column codes: no tuple interleaving, one probe per row.
      this.classIndicesPacked(n, w, insert, out);
    } else {
      for (let j = 0; j < w; j++) {
        const codes = cols[j]!;
        for (let i = 0, t = j; i < n; i++, t += w) tuples[t] = codes[i]!;
      }
      const table = this.table;
      if (insert) for (let i = 0, t = 0; i < n; i++, t += w) out[i] = table.add(tuples, t, 1);
      else for (let i = 0, t = 0; i < n; i++, t += w) out[i] = table.find(tuples, t);
    }
    const table = this.table;
    if (insert) {
      this.rows += n;
      if (table.size > this.maxClasses) {
        throw new TuominError('UNSUPPORTED', `more than ${this.maxClasses} distinct quasi-identifier combinations`, { column: this.qi.join(',') }, 'generalize the quasi-identifiers first, raise maxClasses if memory allows, or assess the risk with tuomin risk --max-classes (it spills to disk)', { id: 'privacy.tooManyClasses', params: { max: this.maxClasses } });
      }
      for (let s = 0; s < this.sensitive.length; s++) {
        const codes = this.scratch[s]!;
        this.sensEncoders[s]!.encode(columnData(batch, this.sensIndex[s]!), codes);
        const pairs = this.pairs[s]!;
        for (let i = 0; i < n; i++) pairs.add(out[i]!, codes[i]!, 1);
      }
    }
    return out;
  }

  private dictSizes(): Int32Array {
    const sizes = this.sizes;
    for (let j = 0; j < this.qi.length; j++) sizes[j] = this.qiDicts[j]!.size;
    return sizes;
  }

  private classIndicesDirect(n: number, w: number, insert: boolean, out: Int32Array): void {
    const table = this.table;
    const cols = this.scratch;
    const d = this.direct;
    const m = d.mult;
    const c0 = cols[0]!;
    const c1 = w > 1 ? cols[1]! : c0;
    const c2 = w > 2 ? cols[2]! : c0;
    const c3 = w > 3 ? cols[3]! : c0;
    const m1 = w > 1 ? m[1]! : 0, m2 = w > 2 ? m[2]! : 0, m3 = w > 3 ? m[3]! : 0;
    const tuple = this.tupleScratch;
    let slots = d.slots;
    let counts = table.counts;
    for (let i = 0; i < n; i++) {
      let key = c0[i]! + c1[i]! * m1 + c2[i]! * m2 + c3[i]! * m3;
      for (let j = 4; j < w; j++) key += cols[j]![i]! * m[j]!;
      const hit = slots[key]!;
      if (hit !== 0) {
        if (insert) counts[hit - 1]! += 1;
        out[i] = hit - 1;
        continue;
      }
      // Unseen by the index: a new class, or one merged into the table (mergeInto) since.
      for (let j = 0; j < w; j++) tuple[j] = cols[j]![i]!;
      if (!insert) {
        const c = table.find(tuple, 0);
        if (c >= 0) slots[key] = c + 1;
        out[i] = c;
        continue;
      }
      const c = table.add(tuple, 0, 1);
      slots[key] = c + 1;
      out[i] = c;
      counts = table.counts;
      slots = d.slots;
    }
  }

  private classIndicesPacked(n: number, w: number, insert: boolean, out: Int32Array): void {
    const table = this.table;
    const cols = this.scratch;
    const step = table.packStep;
    const c0 = cols[0]!;
    const c1 = w > 1 ? cols[1]! : c0;
    const c2 = w > 2 ? cols[2]! : c0;
    const c3 = w > 3 ? cols[3]! : c0;
    const s1 = step;
    const s2 = step * step;
    const s3 = s2 * step;
    for (let i = 0; i < n; i++) {
      let key = c0[i]!;
      if (w > 1) key += c1[i]! * s1;
      if (w > 2) key += c2[i]! * s2;
      if (w > 3) key += c3[i]! * s3;
      if (w > 4) {
        let scale = s3 * step;
        for (let j = 4; j < w; j++) { key += cols[j]![i]! * scale; scale *= step; }
      }
      out[i] = insert ? table.addPackedColumns(key, cols, i, 1) : table.findPacked(key);
    }
  }

  /** Quasi-identifier values of class c (null for a null value). Cold path: reports and errors. */
  classLabels(c: number): Array<string | null> {
    const w = this.qi.length;
    const codes = this.table.codes.buf;
    const out: Array<string | null> = [];
    for (let j = 0; j < w; j++) out.push(this.qiDicts[j]!.label(codes[c * w + j]!));
    return out;
  }

  memoryBytes(): number {
    let n = this.table.memoryBytes() + this.tuples.byteLength + this.direct.slots.byteLength;
    for (const d of this.qiDicts) n += d.memoryBytes();
    for (const d of this.sensDicts) n += d.memoryBytes();
    for (const p of this.pairs) n += p.memoryBytes();
    for (const s of this.scratch) n += s.byteLength;
    return n;
  }

  /**
   * This object as a TransferState (kind 'class-stats'), for a partition job to hand to the
   * coordinator by postMessage with `state.buffers` as the transfer list. Codes keep their order:
   * `decodeClassStats` rebuilds the same dictionaries, classes and pairs, index for index, so
   * merging decoded parts in partition order equals one sequential pass (mergeClassStatsInOrder).
   * The buffers are copies (ownBuffer): this object stays usable.
   */
  encode(): TransferState<'class-stats'> {
    const buffers: ArrayBuffer[] = [];
    const dictSizes: number[] = [];
    for (const d of [...this.qiDicts, ...this.sensDicts]) {
      const { bytes, starts } = d.parts();
      buffers.push(ownBuffer(bytes), ownBuffer(starts));
      dictSizes.push(d.size);
    }
    const size = this.table.size;
    buffers.push(ownBuffer(this.table.codes.buf.subarray(0, size * this.qi.length)), ownBuffer(this.table.counts.subarray(0, size)));
    for (const p of this.pairs) {
      buffers.push(ownBuffer(p.classes.buf.subarray(0, p.size)), ownBuffer(p.values.buf.subarray(0, p.size)), ownBuffer(p.counts.subarray(0, p.size)));
    }
    const meta: ClassStatsMeta = { qi: this.qi, sensitive: this.sensitive, maxClasses: this.maxClasses, rows: this.rows, classes: size, dictSizes, pairSizes: this.pairs.map((p) => p.size) };
    return { kind: 'class-stats', version: 1, meta, buffers };
  }

  /** Rebuild statistics from `encode()`'s state (see decodeClassStats). */
  static decode(state: TransferState): ClassStats {
    return decodeClassStats(state);
  }

  private resolve(schema: Schema): void {
    if (schema === this.lastSchema) return;
    this.qiIndex = this.qi.map((c) => mustFind(schema, c, 'quasi-identifier'));
    this.sensIndex = this.sensitive.map((c) => mustFind(schema, c, 'sensitive'));
    this.lastSchema = schema;
  }
}

function mustFind(schema: Schema, column: string, role: string): number {
  const i = fieldIndex(schema, column);
  if (i < 0) {
    throw new TuominError('BAD_SPEC', `${role} column not found`, { column }, `the input has columns: ${schema.fields.map((f) => f.name).join(', ')}`, { id: 'privacy.roleColumnMissing', params: { role, columns: schema.fields.map((f) => f.name) } });
  }
  return i;
}

interface ClassStatsMeta {
  qi: string[];
  sensitive: string[];
  maxClasses: number;
  rows: number;
  classes: number;
  /** ValueDict sizes (null code included), quasi-identifiers then sensitive columns. */
  dictSizes: number[];
  pairSizes: number[];
}

/**
 * The ClassStats a state from `ClassStats.encode()` describes, with the same value codes, class
 * indices and pair order. A state whose buffers disagree with its counts, or that lists a value
 * or class twice, is refused (a corrupt or foreign state must not merge into wrong counts).
 */
export function decodeClassStats(state: TransferState): ClassStats {
  checkState(state, 'class-stats');
  const m = state.meta as ClassStatsMeta;
  const stats = new ClassStats({ quasiIdentifiers: m.qi, sensitive: m.sensitive, maxClasses: m.maxClasses });
  const w = m.qi.length;
  const dicts = [...stats.qiDicts, ...stats.sensDicts];
  const expected = 2 * dicts.length + 2 + 3 * stats.pairs.length;
  if (state.buffers.length !== expected || m.dictSizes.length !== dicts.length || m.pairSizes.length !== stats.pairs.length) corrupt(`${state.buffers.length} buffers, expected ${expected}`);
  let b = 0;
  for (let d = 0; d < dicts.length; d++) {
    const bytes = new Uint8Array(state.buffers[b++]!);
    const starts = new Int32Array(state.buffers[b++]!);
    const size = m.dictSizes[d]!;
    if (starts.length !== size + 1 || starts[size] !== bytes.length) corrupt('a dictionary\'s offsets do not match its bytes');
    const dict = dicts[d]!;
    for (let c = 1; c < size; c++) {
      if (dict.code(bytes, starts[c]!, starts[c + 1]!) !== c) corrupt('a dictionary lists a value twice');
    }
  }
  const codes = new Int32Array(state.buffers[b++]!);
  const counts = new Float64Array(state.buffers[b++]!);
  if (codes.length !== m.classes * w || counts.length !== m.classes) corrupt('the class table does not match its size');
  for (let c = 0; c < m.classes; c++) {
    for (let j = 0; j < w; j++) if (codes[c * w + j]! >= m.dictSizes[j]!) corrupt('a class code is outside its dictionary');
    if (stats.table.add(codes, c * w, counts[c]!) !== c) corrupt('a class is listed twice');
  }
  for (let s = 0; s < stats.pairs.length; s++) {
    const classes = new Int32Array(state.buffers[b++]!);
    const values = new Int32Array(state.buffers[b++]!);
    const pc = new Float64Array(state.buffers[b++]!);
    const n = m.pairSizes[s]!;
    if (classes.length !== n || values.length !== n || pc.length !== n) corrupt('pair counts do not match their size');
    const pairs = stats.pairs[s]!;
    const vmax = m.dictSizes[w + s]!;
    for (let i = 0; i < n; i++) {
      if (classes[i]! < 0 || classes[i]! >= m.classes || values[i]! < 0 || values[i]! >= vmax) corrupt('a pair is outside the classes or the dictionary');
      pairs.add(classes[i]!, values[i]!, pc[i]!);
    }
    if (pairs.size !== n) corrupt('a pair is listed twice');
  }
  stats.rows = m.rows;
  return stats;
}

function corrupt(why: string): never {
  throw new TuominError('BAD_INPUT', `class statistics state is corrupt: ${why}`, { rule: 'privacy' }, 'the partition job and the coordinator must run the same tuomin version; rerun the job', { id: 'privacy.statsCorrupt' });
}

/**
 * Statistics of the parts' rows together, parts given in partition order (rows of part i before
 * those of part i + 1). Equals one sequential pass exactly, codes and order included: values,
 * classes and pairs are numbered by first occurrence, and merging appends each part's new ones
 * in that part's order. The parts are not modified.
 */
export function mergeClassStatsInOrder(parts: readonly ClassStats[]): ClassStats {
  const first = parts[0];
  if (first === undefined) throw new TuominError('BAD_INPUT', 'no class statistics to merge', { rule: 'privacy' }, 'give at least one partition\'s statistics', { id: 'internal.bug' });
  const out = new ClassStats({ quasiIdentifiers: first.qi, sensitive: first.sensitive, maxClasses: first.maxClasses });
  for (const p of parts) mergeInto(out, p);
  return refuseOverCap(out);
}

/**
 * Merged statistics as the sequential pass would have them: that pass stops past maxClasses, so a
 * merge (at once, or folded part by part with mergeInto) must not quietly go past it either.
 */
export function refuseOverCap(stats: ClassStats): ClassStats {
  if (stats.classes > stats.maxClasses) {
    throw new TuominError('UNSUPPORTED', `more than ${stats.maxClasses} distinct quasi-identifier combinations`, { column: stats.qi.join(',') }, 'generalize the quasi-identifiers first, raise maxClasses if memory allows, or assess the risk with tuomin risk --max-classes (it spills to disk)', { id: 'privacy.tooManyClasses', params: { max: stats.maxClasses } });
  }
  return stats;
}

/** Add every class of `src` into `target` (same columns); returns target. */
export function mergeInto(target: ClassStats, src: ClassStats): ClassStats {
  if (target.qi.join('\u0000') !== src.qi.join('\u0000') || target.sensitive.join('\u0000') !== src.sensitive.join('\u0000')) {
    throw new TuominError('BAD_SPEC', 'cannot merge class statistics over different columns', {}, undefined, { id: 'internal.bug' });
  }
  const w = target.qi.length;
  const maps = src.qiDicts.map((d, j) => translate(d, target.qiDicts[j]!));
  const sensMaps = src.sensDicts.map((d, j) => translate(d, target.sensDicts[j]!));
  const srcCodes = src.table.codes.buf;
  const tuple = new Int32Array(w);
  const classMap = new Int32Array(src.table.size);
  for (let c = 0; c < src.table.size; c++) {
    for (let j = 0; j < w; j++) tuple[j] = maps[j]![srcCodes[c * w + j]!]!;
    classMap[c] = target.table.add(tuple, 0, src.table.counts[c]!);
  }
  for (let s = 0; s < src.pairs.length; s++) {
    const p = src.pairs[s]!;
    const to = target.pairs[s]!;
    const m = sensMaps[s]!;
    for (let i = 0; i < p.size; i++) to.add(classMap[p.classes.buf[i]!]!, m[p.values.buf[i]!]!, p.counts[i]!);
  }
  target.rows += src.rows;
  return target;
}

/** Statistics of a's and b's rows together, as a new object. */
export function mergeClassStats(a: ClassStats, b: ClassStats): ClassStats {
  const out = new ClassStats({ quasiIdentifiers: a.qi, sensitive: a.sensitive, maxClasses: a.maxClasses });
  mergeInto(out, a);
  return mergeInto(out, b);
}

function translate(from: ValueDict, to: ValueDict): Int32Array {
  return from.codesIn(to);
}

/** Collect class statistics over a stream of batches. */
export async function collectClassStats(batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>, options: ClassStatsOptions): Promise<ClassStats> {
  const stats = new ClassStats(options);
  for await (const b of batches) stats.add(b);
  return stats;
}
