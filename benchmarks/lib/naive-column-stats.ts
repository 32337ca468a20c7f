/** The review's column statistics before packages/core/src/stats (a JS Set per column, regexes on decoded strings): the baseline of stats.bench.ts. */
import { Type, type RecordBatch, type Schema, type Data } from 'apache-arrow';
import { columnData, dictionaryView, isValid, utf8View } from '@tuomin/core/internal';
import type { ColumnSpec } from '../../packages/publish/src/spec/schema.js';

/** A value problem found in a column: a code (publication-model.md (c)), a count and where. Never the value. */
export interface CellViolation {
  code: string;
  count: number;
  /** First row numbers (1-based, header excluded). */
  rows: number[];
}

export interface ColumnStats {
  name: string;
  rows: number;
  nulls: number;
  /** Non-null empty strings: missing information too (a CSV without null tokens keeps "" as a value). */
  empties: number;
  distinct: number;
  /** True when distinct counting hit its cap; `distinct` is then a lower bound. */
  distinctCapped: boolean;
  maxLength: number;
  violations: CellViolation[];
}

const MAX_ROWS_LISTED = 20;
const DISTINCT_CAP = 2_000_000;

const PATTERNS: Record<string, RegExp> = {
  integer: /^[+-]?\d+$/,
  number: /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/,
  boolean: /^(true|false|0|1)$/i,
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  datetime: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/,
};

/**
 * One pass over the released rows: completeness, distinct values (exact by 52-bit FNV-1a of the
 * bytes, capped), lengths, and conformance to the declared type and constraints. Values are
 * decoded only for columns whose checks need a regex (type other than string, pattern, enum).
 */
export class ColumnStatsCollector {
  private readonly stats: ColumnStats[];
  private readonly seen: Array<Set<unknown>>;
  private readonly specs: Array<ColumnSpec | undefined>;
  private readonly patterns: Array<RegExp | null>;
  private readonly enums: Array<Set<string> | null>;
  private row = 0;

  constructor(schema: Schema, specs: Array<ColumnSpec | undefined>) {
    this.specs = specs;
    this.stats = schema.fields.map((f) => ({ name: f.name, rows: 0, nulls: 0, empties: 0, distinct: 0, distinctCapped: false, maxLength: 0, violations: [] }));
    this.seen = schema.fields.map(() => new Set<unknown>());
    this.patterns = specs.map((s) => (s?.constraints?.pattern ? new RegExp(`^(?:${s.constraints.pattern})$`, 'u') : null));
    this.enums = specs.map((s) => (s?.constraints?.enum ? new Set(s.constraints.enum) : null));
  }

  add(batch: RecordBatch): void {
    const n = batch.numRows;
    for (let c = 0; c < this.stats.length; c++) this.addColumn(c, columnData(batch, c), n);
    this.row += n;
  }

  private violation(c: number, code: string, row: number): void {
    const list = this.stats[c]!.violations;
    let v = list.find((x) => x.code === code);
    if (!v) list.push((v = { code, count: 0, rows: [] }));
    v.count++;
    if (v.rows.length < MAX_ROWS_LISTED) v.rows.push(row);
  }

  private addColumn(c: number, data: Data, n: number): void {
    const st = this.stats[c]!;
    const spec = this.specs[c];
    const declared = spec?.type ?? 'string';
    const required = spec?.constraints?.required ?? false;
    const maxLen = spec?.constraints?.maxLength;
    const seen = this.seen[c]!;
    st.rows += n;
    const typeId = data.typeId;
    if (typeId === Type.Utf8 || typeId === Type.LargeUtf8 || typeId === Type.Dictionary) {
      const isDict = typeId === Type.Dictionary;
      const v = isDict ? dictionaryView(data) : utf8View(data);
      const indices = isDict ? (data.values as ArrayLike<number>) : null;
      const validity = data.nullCount > 0 ? data.nullBitmap : null;
      const typeRe = declared === 'string' ? null : PATTERNS[declared]!;
      const pat = this.patterns[c];
      const en = this.enums[c];
      const needText = typeRe !== null || pat !== null || en !== null;
      const decoder = needText ? new TextDecoder() : null;
      for (let i = 0; i < n; i++) {
        const rowNo = this.row + i + 1;
        if (validity && !isValid(validity, data.offset + i)) {
          st.nulls++;
          if (required) this.violation(c, 'cell/required', rowNo);
          continue;
        }
        const j = indices ? Number(indices[i]) : i;
        const s = v.offsets[j]!, e = v.offsets[j + 1]!;
        const bytes = v.values;
        // FNV-1a over the bytes, folded into 52 bits (exactly representable as a double).
        let h1 = 0x811c9dc5, h2 = 0x050c5d1f;
        let chars = 0;
        for (let k = s; k < e; k++) {
          const b = bytes[k]!;
          h1 = Math.imul(h1 ^ b, 16777619);
          h2 = Math.imul(h2 ^ b, 16777619) ^ (h1 >>> 15);
          if ((b & 0xc0) !== 0x80) chars++;
        }
        if (s === e) st.empties++;
        else if (seen.size < DISTINCT_CAP) seen.add((h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff));
        else st.distinctCapped = true;
        if (chars > st.maxLength) st.maxLength = chars;
        if (maxLen !== undefined && chars > maxLen) this.violation(c, 'cell/maxLength', rowNo);
        if (decoder) {
          const text = decoder.decode(bytes.subarray(s, e));
          if (typeRe && !typeRe.test(text)) this.violation(c, 'cell/type', rowNo);
          if (pat && !pat.test(text)) this.violation(c, 'cell/pattern', rowNo);
          if (en && !en.has(text)) this.violation(c, 'cell/enum', rowNo);
        }
      }
    } else {
      // Typed columns (after a cast rule): nulls and distinct values; the Arrow type must fit the declared type.
      const vec = data;
      const validity = vec.nullCount > 0 ? vec.nullBitmap : null;
      for (let i = 0; i < n; i++) {
        if (validity && !isValid(validity, vec.offset + i)) {
          st.nulls++;
          if (required) this.violation(c, 'cell/required', this.row + i + 1);
        }
      }
      if (!typeFits(typeId, declared) && n > 0) {
        const v: CellViolation = { code: 'cell/type', count: n - (validity ? countNullsIn(validity, vec.offset, n) : 0), rows: [] };
        if (v.count > 0) st.violations.push(v);
      }
      addDistinctTyped(data, validity, seen);
      if (seen.size >= DISTINCT_CAP) st.distinctCapped = true;
    }
    st.distinct = seen.size;
  }

  finish(): ColumnStats[] {
    for (let c = 0; c < this.stats.length; c++) {
      const st = this.stats[c]!;
      // Empty strings are missing values, not duplicates of each other.
      if (this.specs[c]?.constraints?.unique && st.distinct < st.rows - st.nulls - st.empties) {
        st.violations.push({ code: 'cell/unique', count: st.rows - st.nulls - st.empties - st.distinct, rows: [] });
      }
    }
    return this.stats;
  }
}

/**
 * Distinct non-null values of a fixed-width column, for the uniqueness check. arrow-js narrows
 * `values` of a sliced chunk to the slice (so value i is at i * stride), except for Bool, whose
 * bits keep the chunk's offset. 64-bit integers (Int64, timestamps) stay bigint: as numbers,
 * nanosecond timestamps would collide. Multi-word values (decimals, intervals) are keyed by all
 * their words.
 */
function addDistinctTyped(data: Data, validity: Uint8Array | null, seen: Set<unknown>): void {
  const values = data.values as ArrayLike<number | bigint> | undefined;
  if (!values) return;
  const n = data.length;
  const off = data.offset;
  const stride = data.stride ?? 1;
  for (let i = 0; i < n && seen.size < DISTINCT_CAP; i++) {
    if (validity && !isValid(validity, off + i)) continue;
    if (data.typeId === Type.Bool) seen.add(isValid(values as Uint8Array, off + i));
    else if (stride === 1) seen.add(values[i]);
    else {
      let key = '';
      for (let k = 0; k < stride; k++) key += `${String(values[i * stride + k])},`;
      seen.add(key);
    }
  }
}

function countNullsIn(bitmap: Uint8Array, offset: number, n: number): number {
  let nulls = 0;
  for (let i = 0; i < n; i++) if (!isValid(bitmap, offset + i)) nulls++;
  return nulls;
}

function typeFits(typeId: Type, declared: string): boolean {
  switch (declared) {
    case 'integer': return typeId === Type.Int;
    case 'number': return typeId === Type.Int || typeId === Type.Float || typeId === Type.Decimal;
    case 'boolean': return typeId === Type.Bool;
    case 'date': return typeId === Type.Date;
    case 'datetime': return typeId === Type.Timestamp || typeId === Type.Date;
    default: return false;
  }
}
