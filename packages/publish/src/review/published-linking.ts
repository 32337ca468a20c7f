import { Field, Float64, RecordBatch, Schema, Struct, Type, makeData, type Data } from 'apache-arrow';
import { columnData, packStates, unpackStates, type TransferState } from '@tuomin/core/internal';
import type { ReviewReason } from './types.js';
import { KnownClasses, type KnownSpill } from './known-classes.js';

/**
 * An exact measure as a linking key (docs/privacy.md, "Measures that link"). A measure may be
 * near-unique (published-measure.ts): a fine or a price paid is known to no one outside the case.
 * But the review cannot tell from a number that no one knows it, and an area to the hundredth of
 * a square metre, a height to the millimetre or a price beside the district and the date is as
 * good as a name to whoever knows it. So, on the first published rows (as the roles are decided):
 *
 * a measure by its values whose header names no amount, count or size (published-columns.ts),
 * that no spec declaration (`measure: { reason }`) and no noise rule covers, with at least
 * LINKING_MIN_ROWS values of which at least LINKING_DISTINCT_SHARE are distinct, is added to the
 * attacker-known columns and the records alone in their class are counted: at least
 * LINKING_ALONE_SHARE of them alone is an error, fewer a warning. (A physical attribute named by
 * its header, an area or a height, is no measure: it is counted in k, published-columns.ts.)
 *
 * The figures that decide are the whole column's (LinkingClasses below, a sink of the run's pass
 * over every partition): an extract sorted by kind (2,400 parking spaces in four sizes, then the
 * homes to 0.01 m²) showed 4 distinct values in its first 2,000 rows and 3,161 over its 6,000 (4,065 sales alone).
 *
 * A measure under a noise rule (an area or a height, or one of the measures above) is judged the
 * same way at the noise's scale: its published values are rounded down to multiples of the scale
 * (`noiseGridOf`) and the records alone in their class over the known columns and that grid are
 * counted; at least LINKING_ALONE_SHARE of them alone is refused (`privacy/noise-scale`): noise of
 * ±0.01 on areas of 50–200 m² moves no value past its neighbours, and the attacker who knows the
 * area finds the record as surely as without it.
 */

/** Values (non-empty, in the sample) below which a share of distinct values says nothing: any fine-grained column of 20 records is distinct. */
export const LINKING_MIN_ROWS = 50;
/**
 * Share of distinct values from which a measure is judged as a key. At half, a typical value is
 * shared by two records at most, so the measure alone leaves most records in classes below any
 * k ≥ 3; counts, categories and round amounts (a rent in hundreds: 55 values over 2,000 leases)
 * stay far below it.
 */
export const LINKING_DISTINCT_SHARE = 0.5;
/** Share of the records alone in their class over the attacker-known columns and the measure from which the release is refused: most records would be singled out. */
export const LINKING_ALONE_SHARE = 0.5;

/** What a measure adds to the attacker-known columns, over the rows where it has a value. */
export interface LinkingFigures {
  rows: number;
  /** Distinct values (under noise: distinct multiples of the grid). */
  distinct: number;
  /** Records alone in their class over `beside` and the measure (under noise: its grid). */
  alone: number;
  /** The attacker-known columns it was counted beside. */
  beside: string[];
  /** Under noise: the grid the values were judged at, and their smallest and largest published value. */
  grid?: number;
  min?: number;
  max?: number;
}

/** Cold path over the sample (at most ROLE_SAMPLE_ROWS rows): a value's text, a prefix of it when only that is known. */
function cell(v: unknown, prefix: number | undefined): string {
  if (v === null || v === undefined) return '\u0000';
  const s = v instanceof Date ? v.toISOString() : String(v);
  return prefix === undefined ? s : s.slice(0, prefix);
}

/**
 * The figures of `column` beside the attacker-known columns `known`, over the sample's rows where
 * the column has a value: each row's class is the tuple of its known values and the measure's.
 */
export function linkingFigures(sample: readonly RecordBatch[], column: string, known: ReadonlyArray<{ column: string; prefix?: number }>): LinkingFigures {
  const classes = new Map<string, number>();
  const values = new Set<string>();
  const keys: string[] = [];
  for (const b of sample) {
    const m = b.getChild(column);
    if (!m) continue;
    const cols = known.map((k) => ({ v: b.getChild(k.column), prefix: k.prefix }));
    for (let i = 0; i < b.numRows; i++) {
      const x: unknown = m.get(i);
      const value = cell(x, undefined);
      if (value === '\u0000' || value === '') continue;
      values.add(value);
      // \u0001 cannot occur in a published cell's text: it separates the tuple's parts.
      const key = `${cols.map((c) => cell(c.v?.get(i), c.prefix)).join('\u0001')}\u0001${value}`;
      keys.push(key);
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
  }
  let alone = 0;
  for (const k of keys) if (classes.get(k) === 1) alone++;
  return { rows: keys.length, distinct: values.size, alone, beside: known.map((k) => k.column) };
}

/**
 * The width a noised column's published values are judged at: the scale of its first noise rule
 * without `when:` (the Laplace b, the uniform half-width), or a round rule's base when that is
 * wider (noise of 0.5 then rounded to 10 publishes tens). Null without a noise rule.
 */
export function noiseGridOf(rules: ReadonlyArray<Record<string, unknown>>): number | null {
  let grid: number | null = null;
  for (const r of rules) {
    if (r.when !== undefined) continue;
    if (r.type === 'noise' && grid === null && typeof r.scale === 'number' && r.scale > 0) grid = r.scale;
    if (r.type === 'round' && typeof r.base === 'number' && grid !== null && r.base > grid) grid = r.base;
  }
  return grid;
}

/**
 * The noise scale to suggest: so wide that within a class of the known columns the records share
 * grid cells two by two on average, 2 × (max − min) × classes ÷ records, rounded up to 1, 2 or 5
 * times a power of ten. An estimate (values are not spread evenly): the run says whether it suffices.
 */
export function noiseScaleNeeded(range: readonly [number, number], rows: number, knownClasses: number): number {
  const raw = (2 * Math.max(0, range[1] - range[0]) * Math.max(1, knownClasses)) / Math.max(1, rows);
  if (!(raw > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** Whether the figures make the measure a key to judge (see above). */
export function linksRecords(f: LinkingFigures): boolean {
  return f.rows >= LINKING_MIN_ROWS && f.distinct >= LINKING_DISTINCT_SHARE * f.rows;
}

const pct = (a: number, b: number): string => (100 * a / b).toFixed(1);

/**
 * The reasons for the measures whose figures link records: an error (`severity`, which the
 * review lowers for a public register or records about things) when most records stand alone,
 * else a warning.
 */
export function linkingReasons(columns: ReadonlyArray<{ column: string; source: string; why: string; fix: string; linking?: LinkingFigures; noiseGrid?: number }>, severity: ReviewReason['severity'], knownClasses = 1): ReviewReason[] {
  const out: ReviewReason[] = [];
  for (const c of columns) {
    const f = c.linking;
    if (f && c.noiseGrid !== undefined) {
      const r = noiseReason(c, f, severity, knownClasses);
      if (r) out.push(r);
      continue;
    }
    if (!f || !linksRecords(f)) continue;
    const blocks = f.alone >= LINKING_ALONE_SHARE * f.rows;
    const beside = f.beside.length ? `beside the columns an attacker can know (${f.beside.join(', ')})` : 'on its own (no other column is attacker-known)';
    out.push({
      code: 'privacy/linking-measure', severity: blocks ? severity : 'warning', column: c.column, count: f.alone, path: `columns.${c.source}`,
      params: { rows: f.rows, distinct: f.distinct, share: pct(f.distinct, f.rows), alone: f.alone, aloneShare: pct(f.alone, f.rows), limit: 100 * LINKING_ALONE_SHARE, beside: f.beside.join(', '), fix: c.fix },
      message: `column "${c.column}" (${c.why}): ${f.distinct} distinct values over ${f.rows} records (${pct(f.distinct, f.rows)} %); ${beside} it leaves ${f.alone} of the ${f.rows} records alone in their class (${pct(f.alone, f.rows)} %, ${blocks ? 'at or above' : 'below'} the ${100 * LINKING_ALONE_SHARE} % that blocks): an exact measure is a key to whoever knows it; try: ${c.fix}`,
    });
  }
  return out;
}

/** A noised measure whose grid leaves most records alone (see above), or null. */
function noiseReason(c: { column: string; source: string; why: string }, f: LinkingFigures, severity: ReviewReason['severity'], knownClasses: number): ReviewReason | null {
  if (f.rows < LINKING_MIN_ROWS || f.alone < LINKING_ALONE_SHARE * f.rows) return null;
  const scale = f.grid ?? 0;
  const needed = noiseScaleNeeded([f.min ?? 0, f.max ?? 0], f.rows, knownClasses);
  const beside = f.beside.length ? `beside the columns an attacker can know (${f.beside.join(', ')})` : 'on its own (no other column is attacker-known)';
  const fix = `a noise scale of at least about ${needed} (\`{ type: noise, scale: ${needed} }\`: 2 × the values' spread × the ${knownClasses} classes of the known columns ÷ the ${f.rows} records), or round or bin it coarsely, add it to privacy.quasiIdentifiers with an interval hierarchy, or drop it`;
  return {
    code: 'privacy/noise-scale', severity, column: c.column, count: f.alone, path: `columns.${c.source}`,
    params: { scale, needed, rows: f.rows, alone: f.alone, aloneShare: pct(f.alone, f.rows), limit: 100 * LINKING_ALONE_SHARE, beside: f.beside.join(', '), fix },
    message: `column "${c.column}" (${c.why}): rounded to its noise scale (${scale}), its values ${beside} leave ${f.alone} of the ${f.rows} records alone in their class (${pct(f.alone, f.rows)} %, at or above the ${100 * LINKING_ALONE_SHARE} % that blocks): noise this small moves no value past its neighbours, so whoever knows the exact value finds the record; try: ${fix}`,
  };
}

/** A measure to count over the whole column: exact (`grid` null) or at its noise grid. */
interface LinkingTarget {
  column: string;
  grid: number | null;
}

interface LinkingMeta {
  known: string[];
  targets: LinkingTarget[];
  /** Per target: smallest and largest value seen (null before any). */
  ranges: Array<[number, number] | null>;
}

/** Name of the grid column in the batches a noised target's classes count (\u0001 is in no published name). */
const gridName = (column: string): string => `${column}\u0001grid`;

/**
 * The linking figures of the measures to judge, over every released row: for each, the classes
 * over the attacker-known columns and the measure (or its noise grid), exact at any size
 * (known-classes.ts spills past a limit), merged across partitions in order; a sink of the run's
 * pass beside the published-risk collector, which feeds it the same (projected) batches.
 */
export class LinkingClasses {
  private constructor(
    private readonly known: string[],
    private readonly targets: LinkingTarget[],
    private readonly classes: KnownClasses[],
    private readonly ranges: Array<[number, number] | null>,
  ) {}

  /**
   * A sink for the measures among `columns` to judge as keys (an exact measure with `linking`,
   * a noised one with `noiseGrid`), beside the `known` columns; null when there is none.
   */
  static start(columns: ReadonlyArray<{ column: string; role: string; linking?: LinkingFigures; noiseGrid?: number }>, known: readonly string[], spill?: KnownSpill): LinkingClasses | null {
    const targets = columns.filter((c) => c.role === 'measure' && (c.noiseGrid !== undefined || c.linking !== undefined))
      .map((c): LinkingTarget => ({ column: c.column, grid: c.noiseGrid ?? null }));
    if (targets.length === 0) return null;
    return new LinkingClasses([...known], targets, targets.map((t) => KnownClasses.start([...known, t.grid === null ? t.column : gridName(t.column)], spill)), targets.map(() => null));
  }

  add(batch: RecordBatch): void {
    this.targets.forEach((t, i) => {
      const idx = batch.schema.fields.findIndex((f) => f.name === t.column);
      if (idx < 0) return;
      const data = columnData(batch, idx);
      const numbers = numbersOf(data);
      if (numbers) this.ranges[i] = widen(this.ranges[i]!, numbers);
      // The class statistics take no decimal (core ClassStats): an exact decimal is counted as its
      // float64, exact to 2^53, which any measure's value is.
      const exact = data.type.typeId === Type.Decimal ? withColumn(batch, idx, t.column, numbers, null) : batch;
      this.classes[i]!.add(t.grid === null ? exact : withColumn(batch, batch.numCols, gridName(t.column), numbers, t.grid));
    });
  }

  /** Take in the sink of the rows right after this one's (the next partition); `other` is used up. */
  merge(other: LinkingClasses): void {
    if (JSON.stringify([other.known, other.targets]) !== JSON.stringify([this.known, this.targets])) throw new TypeError('merging the linking classes of different measures');
    this.targets.forEach((_, i) => {
      this.classes[i]!.merge(other.classes[i]!);
      const r = other.ranges[i]!;
      if (r) this.ranges[i] = widen(this.ranges[i]!, { min: r[0], max: r[1] });
    });
  }

  encode(): TransferState<'linking-classes'> {
    const meta: LinkingMeta = { known: this.known, targets: this.targets, ranges: this.ranges };
    return packStates('linking-classes', meta, this.classes.map((c) => c.encode()));
  }

  static decode(state: TransferState, spill?: KnownSpill): LinkingClasses {
    const { meta, parts } = unpackStates(state, 'linking-classes');
    const m = meta as LinkingMeta;
    if (!Array.isArray(m.targets) || !Array.isArray(m.known) || parts.length !== m.targets.length) throw new TypeError('a linking-classes state of another shape');
    return new LinkingClasses(m.known, m.targets, parts.map((p) => KnownClasses.decode(p, spill)), m.ranges);
  }

  /**
   * The whole columns' figures by column, once (spills are reduced and removed). Records whose
   * measure is empty still form classes with the known columns: the ones alone among them are
   * counted too (capped at the records with a value), which errs towards refusing.
   */
  figures(): Map<string, LinkingFigures> {
    const out = new Map<string, LinkingFigures>();
    this.targets.forEach((t, i) => {
      const f = this.classes[i]!.figures(2);
      const m = f.counts[f.counts.length - 1]!;
      const r = this.ranges[i];
      out.set(t.column, {
        rows: m.rows, distinct: m.distinct, alone: Math.min(m.rows, f.risk.sampleUniques.records), beside: this.known,
        ...(t.grid !== null ? { grid: t.grid, ...(r ? { min: r[0], max: r[1] } : {}) } : {}),
      });
    });
    return out;
  }

  dispose(): void {
    for (const c of this.classes) c.dispose();
  }
}

/** A column's values as numbers with their validity, or null for a type that holds none (text). Cold per column, one loop per batch. */
function numbersOf(data: Data): { values: Float64Array; valid: Uint8Array; min: number; max: number } | null {
  const n = data.length;
  const values = new Float64Array(n);
  const valid = new Uint8Array(n);
  const t = data.type.typeId;
  const raw = data.values as ArrayLike<number | bigint> | undefined;
  if (!raw || (t !== Type.Int && t !== Type.Float && t !== Type.Decimal)) return null;
  // A decimal is 128 bits, little-endian: its low 64 bits hold any value a measure takes.
  const words = t === Type.Decimal ? new BigInt64Array((data.values as Uint32Array).buffer, (data.values as Uint32Array).byteOffset, n * 2) : null;
  const scale = t === Type.Decimal ? 10 ** (data.type as unknown as { scale: number }).scale : 1;
  const bitmap = data.nullCount > 0 ? data.nullBitmap : null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (bitmap) {
      const bit = data.offset + i;
      if (((bitmap[bit >> 3]! >> (bit & 7)) & 1) === 0) continue;
    }
    const v = words ? Number(words[2 * i]!) / scale : Number(raw[i]!);
    if (!Number.isFinite(v)) continue;
    values[i] = v;
    valid[i] = 1;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { values, valid, min, max };
}

function widen(r: [number, number] | null, x: { min: number; max: number }): [number, number] | null {
  if (!(x.min <= x.max)) return r;
  return r ? [Math.min(r[0], x.min), Math.max(r[1], x.max)] : [x.min, x.max];
}

/**
 * The batch with a float64 column `name` at `at` (replacing the column there, or added when `at`
 * is past the last): the measure's values, or their grid cells (floor of value ÷ grid); an empty
 * or non-numeric value is null.
 */
function withColumn(batch: RecordBatch, at: number, name: string, numbers: ReturnType<typeof numbersOf>, grid: number | null): RecordBatch {
  const n = batch.numRows;
  const cells = new Float64Array(n);
  const bits = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (numbers && numbers.valid[i]) {
      cells[i] = grid === null ? numbers.values[i]! : Math.floor(numbers.values[i]! / grid);
      bits[i >> 3]! |= 1 << (i & 7);
    } else nulls++;
  }
  const field = new Field(name, new Float64(), true);
  const cell = makeData({ type: new Float64(), length: n, nullCount: nulls, nullBitmap: nulls ? bits : null, data: cells });
  const fields = batch.schema.fields.map((f, j) => (j === at ? field : f));
  const children: Data[] = batch.schema.fields.map((_, j) => (j === at ? cell : columnData(batch, j)));
  if (at >= fields.length) { fields.push(field); children.push(cell); }
  return new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, children }));
}
