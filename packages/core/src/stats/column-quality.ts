import { Type, type Data } from 'apache-arrow';
import { conformanceTest, type DeclaredType, type ValueTest } from './conform.js';
import { DistinctEstimate } from './distinct-estimate.js';
import { ExactDistinct, type ExactDistinctOptions } from './exact-distinct.js';
import { profileUtf8 } from './profile-utf8.js';
import { profileDictionary } from './profile-dictionary.js';
import { profileFixed } from './profile-fixed.js';
import { ROWS_LISTED, VIOLATION_CODES } from './violation-codes.js';
import type { TransferState } from './transfer.js';
import { packStates, unpackStates } from './transfer-parts.js';

/** What a column promises (a spec's declared type and constraints, without the spec). */
export interface ColumnChecks {
  type?: DeclaredType | undefined;
  required?: boolean | undefined;
  /** Counts distinct values exactly (spilling past a limit) and reports duplicates. */
  unique?: boolean | undefined;
  maxLength?: number | undefined;
  /** Anchored by the caller. */
  pattern?: RegExp | undefined;
  enum?: readonly string[] | undefined;
}

export interface ValueViolation {
  code: string;
  count: number;
  rows: number[];
}

export interface ColumnQualityResult {
  rows: number;
  nulls: number;
  /** Non-null empty strings. */
  empties: number;
  /** Distinct non-null, non-empty values: exact when `distinctExact`, else a HyperLogLog estimate. */
  distinct: number;
  distinctExact: boolean;
  /** Longest value, in characters (code points). */
  maxLength: number;
  violations: ValueViolation[];
}

/**
 * The statistics of one column that the reviews read, collected batch by batch: `add` picks a
 * kernel by the chunk's type (profile-utf8.ts, profile-dictionary.ts, profile-fixed.ts), `merge`
 * adds another profile of other rows of the same column (partitions), `finish` gives the result.
 * The result of merged profiles equals one pass over all the rows.
 */
export class ColumnQuality {
  rows = 0;
  nulls = 0;
  empties = 0;
  maxChars = 0;
  /** Per V_* code: count, and the first rows. */
  readonly counts = new Float64Array(VIOLATION_CODES.length);
  readonly listed: number[][] = VIOLATION_CODES.map(() => []);
  readonly distinct: DistinctEstimate | ExactDistinct;
  readonly test: ValueTest | null;
  readonly enumBytes: Uint8Array[] | null;
  /** Per-dictionary state of profile-dictionary.ts, kept while batches share a dictionary. */
  readonly dictionaries = new WeakMap<object, unknown>();

  /** `distinct` is given only by `decode`. */
  constructor(readonly checks: ColumnChecks = {}, exact: ExactDistinctOptions = {}, distinct?: DistinctEstimate | ExactDistinct) {
    this.distinct = distinct ?? (checks.unique ? new ExactDistinct(exact) : new DistinctEstimate());
    this.test = conformanceTest(checks.type ?? 'string');
    const enc = new TextEncoder();
    this.enumBytes = checks.enum ? checks.enum.map((v) => enc.encode(v)) : null;
  }

  /** One chunk of the column; `rowBase` is the table row number of its first row, 0-based. */
  add(data: Data, rowBase: number): void {
    const t = data.typeId;
    // Binary values have offsets like text: hashed by their bytes (their `maxLength` counts bytes that are not UTF-8 continuations).
    if (t === Type.Utf8 || t === Type.LargeUtf8 || t === Type.Binary || t === Type.LargeBinary) profileUtf8(this, data, rowBase);
    else if (t === Type.Dictionary) profileDictionary(this, data, rowBase);
    else profileFixed(this, data, rowBase);
  }

  violation(code: number, row: number, count = 1): void {
    this.counts[code]! += count;
    const l = this.listed[code]!;
    if (l.length < ROWS_LISTED) l.push(row);
  }

  merge(other: ColumnQuality): void {
    this.rows += other.rows;
    this.nulls += other.nulls;
    this.empties += other.empties;
    if (other.maxChars > this.maxChars) this.maxChars = other.maxChars;
    for (let c = 0; c < VIOLATION_CODES.length; c++) {
      this.counts[c]! += other.counts[c]!;
      const rows = [...this.listed[c]!, ...other.listed[c]!].sort((a, b) => a - b).slice(0, ROWS_LISTED);
      this.listed[c]!.splice(0, Infinity, ...rows);
    }
    if (this.distinct instanceof ExactDistinct && other.distinct instanceof ExactDistinct) this.distinct.merge(other.distinct);
    else if (this.distinct instanceof DistinctEstimate && other.distinct instanceof DistinctEstimate) this.distinct.merge(other.distinct);
    else throw new TypeError('merging profiles of columns with different checks');
  }

  /**
   * The state for another thread or process (a partition job's profile, for the coordinator):
   * the counts, the first rows, the checks (a pattern as its source and flags) and the distinct
   * counter's state. A unique column's spill goes with it (ExactDistinct.encode): this profile
   * is used up.
   */
  encode(): TransferState<'column-quality'> {
    const k = this.checks;
    const meta: ColumnQualityMeta = {
      checks: {
        ...(k.type !== undefined ? { type: k.type } : {}),
        ...(k.required !== undefined ? { required: k.required } : {}),
        ...(k.unique !== undefined ? { unique: k.unique } : {}),
        ...(k.maxLength !== undefined ? { maxLength: k.maxLength } : {}),
        ...(k.pattern !== undefined ? { pattern: { source: k.pattern.source, flags: k.pattern.flags } } : {}),
        ...(k.enum !== undefined ? { enum: [...k.enum] } : {}),
      },
      rows: this.rows, nulls: this.nulls, empties: this.empties, maxChars: this.maxChars,
      counts: Array.from(this.counts), listed: this.listed.map((l) => [...l]),
    };
    return packStates('column-quality', meta, [this.distinct.encode()]);
  }

  /** A profile over a state from `encode`; `exact` are this side's options for a unique column's count (its spill, how to reopen the sender's). */
  static decode(s: TransferState, exact: ExactDistinctOptions = {}): ColumnQuality {
    const { meta, parts } = unpackStates(s, 'column-quality');
    const m = meta as ColumnQualityMeta;
    if (parts.length !== 1 || m.counts?.length !== VIOLATION_CODES.length || m.listed?.length !== VIOLATION_CODES.length) throw new TypeError('a column-quality state of another shape');
    const c = m.checks;
    const checks: ColumnChecks = { ...c, pattern: c.pattern ? new RegExp(c.pattern.source, c.pattern.flags) : undefined };
    const part = parts[0]!;
    const distinct = part.kind === 'exact-distinct' ? ExactDistinct.decode(part, exact) : DistinctEstimate.decode(part);
    if ((distinct instanceof ExactDistinct) !== (checks.unique === true)) throw new TypeError('a column-quality state whose distinct count does not match its checks');
    const q = new ColumnQuality(checks, exact, distinct);
    q.rows = m.rows;
    q.nulls = m.nulls;
    q.empties = m.empties;
    q.maxChars = m.maxChars;
    q.counts.set(m.counts);
    m.listed.forEach((l, code) => q.listed[code]!.push(...l));
    return q;
  }

  /**
   * The result. Violations are ordered by their first row (ties in VIOLATION_CODES order), so a
   * merged profile lists them as one pass does; `cell/unique` comes last.
   */
  finish(): ColumnQualityResult {
    const distinct = this.distinct.count();
    const exact = this.distinct instanceof ExactDistinct || this.distinct.exact;
    if (this.distinct instanceof ExactDistinct) this.distinct.dispose();
    const violations: Array<ValueViolation & { order: number }> = [];
    for (let c = 0; c < VIOLATION_CODES.length; c++) {
      if (this.counts[c]! > 0) violations.push({ code: VIOLATION_CODES[c]!, count: this.counts[c]!, rows: this.listed[c]!.slice().sort((a, b) => a - b), order: c });
    }
    violations.sort((a, b) => (a.rows[0] ?? Infinity) - (b.rows[0] ?? Infinity) || a.order - b.order);
    const out: ValueViolation[] = violations.map(({ code, count, rows }) => ({ code, count, rows }));
    const filled = this.rows - this.nulls - this.empties;
    // Empty strings are missing values, not duplicates of each other.
    if (this.checks.unique && distinct < filled) out.push({ code: 'cell/unique', count: filled - distinct, rows: [] });
    return { rows: this.rows, nulls: this.nulls, empties: this.empties, distinct, distinctExact: exact, maxLength: this.maxChars, violations: out };
  }
}

/** ColumnQuality's state, JSON-able. */
interface ColumnQualityMeta {
  checks: Omit<ColumnChecks, 'pattern'> & { pattern?: { source: string; flags: string } };
  rows: number;
  nulls: number;
  empties: number;
  maxChars: number;
  counts: number[];
  listed: number[][];
}
