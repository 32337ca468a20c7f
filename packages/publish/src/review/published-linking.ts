import type { RecordBatch } from 'apache-arrow';
import type { ReviewReason } from './types.js';

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

/** What a measure adds to the attacker-known columns, over the sample's rows where it has a value. */
export interface LinkingFigures {
  rows: number;
  distinct: number;
  /** Records alone in their class over `beside` and the measure. */
  alone: number;
  /** The attacker-known columns it was counted beside. */
  beside: string[];
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
export function linkingReasons(columns: ReadonlyArray<{ column: string; source: string; why: string; fix: string; linking?: LinkingFigures }>, severity: ReviewReason['severity']): ReviewReason[] {
  const out: ReviewReason[] = [];
  for (const c of columns) {
    const f = c.linking;
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
