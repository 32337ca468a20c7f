import { type Data, type DataType, type Dictionary, Type, type Vector, makeData, makeVector } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { newBitmap } from './bitmap.js';
import { type Run, concatRuns } from './concat.js';
import { indexArray } from './dictionary.js';
import { type Utf8View, utf8View } from './utf8.js';
import { typeShape } from './type-shape.js';

/**
 * 'file': one dictionary for the whole output, growing by a chunk of new entries per batch (an IPC
 * writer sends them as delta dictionaries; the IPC file format allows deltas, not replacements).
 * 'batch': each batch its own dictionary of the entries its rows use.
 */
export type DictionaryScope = 'file' | 'batch';

/** What an input dictionary's entries became: -2 not looked up yet, -1 a null entry, else the output entry. */
interface InputEntries {
  remap: Int32Array;
  /** First entry of each chunk of the input dictionary (deltas make several). */
  starts: number[];
  views: Array<Utf8View | null>;
}

const UNSEEN = -2;
const NULL_ENTRY = -1;

/**
 * One dictionary column written in a canonical form: the output dictionary holds the distinct
 * values in the order the rows first use them, null entries and unused entries dropped, and a row
 * that points at a null entry is a null row. So the bytes depend on the values of the rows alone,
 * not on the input's dictionaries (one shared, one per batch after suppress, several chunks after
 * deltas) nor on where the input batches were cut. Entries are compared by their bytes, once per
 * input dictionary entry; rows only look up an array.
 */
export class DictionaryUnifier {
  private readonly keys = new Map<string, number>();
  private readonly chunks: Data[] = [];
  private inputs = new WeakMap<Vector, InputEntries>();
  private readonly maxEntries: number;
  private pending: Run[] = [];

  constructor(private readonly type: Dictionary, private readonly scope: DictionaryScope, private readonly column: string, private readonly file?: string) {
    const bits = type.indices.bitWidth;
    this.maxEntries = type.indices.isSigned ? 2 ** (bits - 1) : 2 ** bits;
  }

  /** The rows of `runs` (each a chunk of this column) as one chunk with the output dictionary. */
  build(runs: Run[], length: number): Data {
    if (this.scope === 'batch') {
      this.keys.clear();
      this.inputs = new WeakMap();
    }
    const out = new Int32Array(length);
    let validity: Uint8Array | null = null;
    let nulls = 0;
    let o = 0;
    for (const r of runs) {
      const d = r.data;
      const dict = d.dictionary as Vector;
      const entries = this.entriesOf(dict);
      const remap = entries.remap;
      const size = dict.length;
      const idx = indexArray(d);
      const bm = d.nullCount > 0 ? d.nullBitmap : null;
      const off = d.offset;
      for (let i = r.start; i < r.end; i++, o++) {
        let g = NULL_ENTRY;
        const j = off + i;
        if (bm === null || ((bm[j >> 3]! >> (j & 7)) & 1) === 1) {
          const e = idx[i]!;
          if (!(e >= 0 && e < size)) {
            throw new TuominError('BAD_INPUT', `dictionary index ${e} of row ${i + 1} of the batch is outside the dictionary's ${size} entries`,
              this.where(), 'the source file is damaged; export it again from the source system', { id: 'input.dictionaryIndex' });
          }
          g = remap[e]!;
          if (g === UNSEEN) g = this.resolve(dict, entries, e);
        }
        if (g === NULL_ENTRY) {
          validity ??= newBitmap(length);
          validity[o >> 3]! &= ~(1 << (o & 7));
          nulls++;
        } else out[o] = g;
      }
    }
    const dictionary = this.dictionary();
    const Indices = this.type.indices.ArrayType as unknown as { from(xs: ArrayLike<number>, f?: (x: number) => unknown): ArrayLike<number> };
    const big = (this.type.indices.bitWidth as number) === 64;
    const data = big ? Indices.from(out, (x) => BigInt(x)) : out instanceof (Indices as unknown as typeof Int32Array) ? out : Indices.from(out);
    return makeData({ type: this.type, length, nullCount: nulls, nullBitmap: validity, data, dictionary } as never) as Data;
  }

  private where(): { column: string; file?: string } {
    return this.file === undefined ? { column: this.column } : { column: this.column, file: this.file };
  }

  private entriesOf(dict: Vector): InputEntries {
    let e = this.inputs.get(dict);
    if (e === undefined) {
      const starts: number[] = [];
      let s = 0;
      for (const c of dict.data) { starts.push(s); s += c.length; }
      e = { remap: new Int32Array(dict.length).fill(UNSEEN), starts, views: dict.data.map(() => null) };
      this.inputs.set(dict, e);
    }
    return e;
  }

  /** Entry `e` of `dict`: its output entry, added (in row order) when its value is new. */
  private resolve(dict: Vector, entries: InputEntries, e: number): number {
    let c = entries.starts.length - 1;
    while (entries.starts[c]! > e) c--;
    const chunk = dict.data[c]!;
    const k = e - entries.starts[c]!;
    const bm = chunk.nullCount > 0 ? chunk.nullBitmap : null;
    const j = chunk.offset + k;
    if (bm && ((bm[j >> 3]! >> (j & 7)) & 1) === 0) return (entries.remap[e] = NULL_ENTRY);
    const key = this.keyOf(chunk, k, entries, c);
    let g = this.keys.get(key);
    if (g === undefined) {
      g = this.keys.size;
      if (g >= this.maxEntries) {
        throw new TuominError('UNSUPPORTED', `the dictionary column holds more than ${this.maxEntries} distinct values, more than its ${String(this.type.indices)} indices can number`,
          this.where(), 'cast the column to text (or to a dictionary with Int32 indices) before writing', { id: 'dictionary.tooManyValues', params: { max: this.maxEntries, indices: String(this.type.indices) } });
      }
      this.keys.set(key, g);
      this.pending.push({ data: chunk, start: k, end: k + 1 });
    }
    return (entries.remap[e] = g);
  }

  private keyOf(chunk: Data, k: number, entries: InputEntries, c: number): string {
    const t = chunk.typeId;
    if (t === Type.Utf8 || t === Type.LargeUtf8 || t === Type.Binary || t === Type.LargeBinary) {
      const v = (entries.views[c] ??= utf8View(chunk));
      return latin1(v.values, v.offsets[k]!, v.offsets[k + 1]!);
    }
    if (t === Type.Bool) {
      const j = chunk.offset + k;
      return ((chunk.values as Uint8Array)[j >> 3]! >> (j & 7)) & 1 ? '1' : '0';
    }
    const values = chunk.values as Uint8Array;
    if (!ArrayBuffer.isView(values)) {
      throw new TuominError('UNSUPPORTED', `cannot write a dictionary of ${typeShape(chunk.type)} values`, this.where(), 'cast the column to text before writing', { id: 'dictionary.valueType', params: { type: typeShape(chunk.type) } });
    }
    const w = chunk.stride * values.BYTES_PER_ELEMENT;
    return latin1(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), k * w, (k + 1) * w);
  }

  /** The output dictionary after this batch: new entries appended as one chunk (file) or alone (batch). */
  private dictionary(): Vector {
    const fresh = concatRuns(this.type.dictionary as DataType, mergeRuns(this.pending), this.pending.length);
    this.pending = [];
    if (this.scope === 'batch') return makeVector(fresh as Data<DataType>);
    // The first chunk stays the same object, so the IPC writer sends later chunks as deltas.
    if (this.chunks.length === 0 || fresh.length > 0) this.chunks.push(fresh);
    return makeVector(this.chunks.slice() as Data<DataType>[]);
  }
}

/** Adjacent one-entry runs of the same chunk as one run. */
function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && last.data === r.data && last.end === r.start) last.end = r.end;
    else out.push({ ...r });
  }
  return out;
}

/** Bytes as a string of the same length, one char per byte: a key that tells any two byte strings apart. */
function latin1(b: Uint8Array, s: number, e: number): string {
  if (e - s <= 4096) return String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]);
  let out = '';
  for (let i = s; i < e; i += 4096) out += String.fromCharCode.apply(null, b.subarray(i, Math.min(i + 4096, e)) as unknown as number[]);
  return out;
}
