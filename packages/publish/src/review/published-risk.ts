import type { RecordBatch, Schema } from 'apache-arrow';
import { ClassStats, TuominError, columnData, findRule, riskSummary, type RiskSummary, type Transform } from '@tuomin/core/internal';
import type { Spec } from '../spec/schema.js';
import type { ReviewReason } from './types.js';
import { DistinctShare } from './distinct-share.js';
import { ROLE_SAMPLE_ROWS, personEvidence, publishedColumns, type PublishedColumn } from './published-columns.js';

/**
 * Share of distinct values among a column's non-empty values at or above which the column
 * singles out records. At 0.8 most values belong to one record each: a record number, a partial
 * identifier or an exact timestamp, never a category. Attacker-known columns are judged by k over
 * all of them together as well, which catches far lower shares (any share above 1/k leaves a
 * class below k); this threshold is what makes a column that no attacker model covers (a case
 * number) block on its own.
 */
export const NEAR_UNIQUE_SHARE = 0.8;

/**
 * Classes over the attacker-known columns held in memory at most (about 100 bytes each with
 * their values): past this the release is far from any k, and the review fails closed instead of
 * exhausting memory on a table of unique records.
 */
export const MAX_PUBLISHED_CLASSES = 5_000_000;

/**
 * k when the spec gives none. Unconditional releases go to anyone: 5 (prosecutor risk at most
 * 20 %), the most common minimum in practice; stricter guidance exists for public releases of
 * sensitive data (EMA Policy 0070 and Health Canada use a maximum risk of 0.09, k = 11), which a
 * spec states with privacy.k. Conditional releases go to a known recipient bound by the
 * conditions and a security commitment not to re-identify (Art. 13-15): 3.
 */
export function requiredK(spec: Spec): number {
  return spec.privacy?.k ?? (spec.openAttribute === 'conditional' ? 3 : 5);
}

export interface ColumnCount {
  column: string;
  /** Non-empty values. */
  rows: number;
  distinct: number;
  /** Smallest class of the column alone (its values, null and empty included). */
  minClass: number;
  recordsBelowK: number;
}

/** What one pass over the released rows collected. */
export interface PublishedRiskStats {
  columns: PublishedColumn[];
  /** Why the records are taken to describe persons (published-columns.ts), or null. */
  persons: string | null;
  /** Classes over every attacker-known column together; null when there is none or when they overflowed. */
  combined: ClassStats | null;
  /** Rows counted before the classes passed MAX_PUBLISHED_CLASSES; null when they never did. */
  overflowAt: number | null;
  /** Each attacker-known column alone over those rows, kept when the class table was let go. */
  overflowCounts: ColumnCount[];
  /** The cap on classes that applied. */
  maxClasses: number;
  /** Distinct values of the record-number and public columns. */
  plain: Array<{ column: string; share: DistinctShare }>;
}

export interface PublishedRiskFigures {
  k: number;
  attackerKnown: Array<{ column: string; why: string }>;
  recordNumbers: string[];
  public: Array<{ column: string; reason: string }>;
  /** Public columns that single out records: every record is identified by law (a register). */
  registerKeys: string[];
  /** Why the records are taken to describe persons, or null (figures then do not block). */
  persons: string | null;
  /** Smallest class over every attacker-known column together: the k the release reaches. */
  kReached: number | null;
  risk: RiskSummary | null;
  columns: ColumnCount[];
}

/** Attacker-known projections: a keyed ID pseudonym counts by the region prefix it keeps. */
function projections(schema: Schema, cols: PublishedColumn[]): Array<{ bind: ReturnType<Transform['bind']> }> {
  const def = findRule('generalize')!;
  const noKeys = { resolveKey: () => { throw new Error('no key is needed to take a prefix'); }, scope: {}, seed: 0 };
  const out: Array<{ bind: ReturnType<Transform['bind']> }> = [];
  let s = schema;
  for (const c of cols) {
    if (c.prefix === undefined) continue;
    const t = def.create([c.column], def.options.parse({ method: 'prefix', length: c.prefix }), noKeys) as Transform;
    const bound = t.bind(s);
    s = bound.outputSchema;
    out.push({ bind: bound });
  }
  return out;
}

/**
 * Class statistics over the published columns an attacker can know, in one pass over the
 * released batches (a branch of the run's tee). The first ROLE_SAMPLE_ROWS rows decide the roles
 * that depend on values; they are held, then counted with the rest.
 */
export async function collectPublishedRisk(spec: Spec, schema: Schema, batches: AsyncIterable<RecordBatch>, options: { maxClasses?: number } = {}): Promise<PublishedRiskStats> {
  const it = batches[Symbol.asyncIterator]();
  const head: RecordBatch[] = [];
  let seen = 0;
  let done = false;
  while (seen < ROLE_SAMPLE_ROWS) {
    const r = await it.next();
    if (r.done) { done = true; break; }
    head.push(r.value);
    seen += r.value.numRows;
  }
  const columns = publishedColumns(spec, schema, head);
  const known = columns.filter((c) => c.role === 'known');
  const maxClasses = options.maxClasses ?? MAX_PUBLISHED_CLASSES;
  let combined = known.length ? new ClassStats({ quasiIdentifiers: known.map((c) => c.column), maxClasses }) : null;
  let overflowAt: number | null = null;
  let overflowCounts: ColumnCount[] = [];
  // Every other published column but a measure, redacted free text or an unlinkable one only
  // needs its share of distinct values (distinct-share.ts): near-unique blocks whatever its shape
  // (an engine number's last six characters). A redacted note is one per record too, but no one
  // looks a person up by it: its identifiers are the residual scan's job.
  const plainNames = columns.filter((c) => c.role === 'record-number' || c.role === 'public' || c.role === 'other').map((c) => c.column);
  const plainIndex = plainNames.map((n) => schema.fields.findIndex((f) => f.name === n));
  const plain = plainNames.map(() => new DistinctShare());
  const steps = projections(schema, known);
  const rest = async function* (): AsyncIterable<RecordBatch> {
    yield* head;
    if (!done) for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  };
  let stream: AsyncIterable<RecordBatch> = rest();
  for (const s of steps) stream = s.bind.apply(stream);
  for await (const b of stream) {
    if (combined) {
      try {
        combined.add(b);
      } catch (err) {
        if (!(err instanceof TuominError) || err.code !== 'UNSUPPORTED') throw err;
        overflowAt = combined.rows;
        overflowCounts = knownColumnCounts(combined, requiredK(spec));
        combined = null; // let the table go; the other counts go on
      }
    }
    for (let i = 0; i < plain.length; i++) plain[i]!.add(columnData(b, plainIndex[i]!));
  }
  return { columns, persons: personEvidence(spec, columns), combined, overflowAt, overflowCounts, maxClasses, plain: plainNames.map((column, i) => ({ column, share: plain[i]! })) };
}

/**
 * Each attacker-known column alone, from the classes over all of them: a column's value counts
 * are the sums of the class counts per value code (no second table). Null and empty values
 * form classes but are not values that single anyone out.
 */
function knownColumnCounts(st: ClassStats, k: number): ColumnCount[] {
  const w = st.qi.length;
  const codes = st.table.codes.buf;
  const counts = st.table.counts;
  return st.qi.map((column, j) => {
    const dict = st.qiDicts[j]!;
    const perValue = new Float64Array(dict.size);
    for (let c = 0; c < st.table.size; c++) perValue[codes[c * w + j]!]! += counts[c]!;
    let rows = 0, distinct = 0, minClass = Infinity, below = 0;
    for (let code = 0; code < dict.size; code++) {
      const n = perValue[code]!;
      if (n === 0) continue;
      if (n < minClass) minClass = n;
      if (n < k) below += n;
      if (code === 0 || dict.bytesOf(code).length === 0) continue;
      rows += n;
      distinct++;
    }
    return { column, rows, distinct, minClass: minClass === Infinity ? 0 : minClass, recordsBelowK: below };
  });
}

function plainColumnCount(p: { column: string; share: DistinctShare }): ColumnCount {
  // No class sizes here: these columns are judged by their share of distinct values only.
  return { column: p.column, rows: p.share.rows, distinct: Math.min(p.share.rows, Math.round(p.share.distinct)), minClass: 0, recordsBelowK: 0 };
}

/**
 * The published-risk review: every record must sit in a class of at least k over the
 * attacker-known columns, and no published column may single out records, unless declared
 * public. Reasons name columns, counts and the fix; never values.
 */
export function judgePublishedRisk(spec: Spec, stats: PublishedRiskStats): { reasons: ReviewReason[]; figures: PublishedRiskFigures } {
  const k = requiredK(spec);
  const reasons: ReviewReason[] = [];
  const byColumn = new Map(stats.columns.map((c) => [c.column, c]));
  const counts = [...(stats.combined ? knownColumnCounts(stats.combined, k) : stats.overflowCounts), ...stats.plain.map(plainColumnCount)];
  const risk = stats.combined ? riskSummary(stats.combined, { k }) : null;
  const release = spec.openAttribute === 'conditional' ? 'conditional' : 'unconditional';
  const kSource = spec.privacy?.k !== undefined ? 'privacy.k' : `the default for ${release === 'conditional' ? 'a' : 'an'} ${release} release`;
  const nearUnique = (n: ColumnCount): boolean => n.rows > 1 && n.distinct / n.rows >= NEAR_UNIQUE_SHARE;
  // A public column that singles out records (a penalty decision's number) identifies every
  // record by law: the release is a register of public records, and what else singles them out
  // adds no re-identification. Failures are then reported as warnings naming the key.
  const registerKeys = counts.filter((n) => byColumn.get(n.column)!.role === 'public' && nearUnique(n)).map((n) => n.column);
  // Without any sign that the records describe persons, the figures are reported, not enforced.
  const severity: ReviewReason['severity'] = registerKeys.length || stats.persons === null ? 'warning' : 'error';
  for (const n of counts) {
    const c = byColumn.get(n.column)!;
    if (c.role === 'public') continue;
    const unique = nearUnique(n);
    const aloneBelow = c.role === 'known' && n.recordsBelowK > 0;
    if (!unique && !aloneBelow) continue;
    const what = unique
      ? `its ${n.distinct} distinct values over ${n.rows} records single out records (${(100 * n.distinct / n.rows).toFixed(1)} % distinct, the limit is ${100 * NEAR_UNIQUE_SHARE} %)`
      : `on its own it leaves ${n.recordsBelowK} records in classes smaller than k = ${k} (smallest class: ${n.minClass})`;
    reasons.push({
      code: unique ? 'privacy/near-unique-column' : 'privacy/published-risk',
      severity, column: n.column, count: unique ? n.rows : n.recordsBelowK, path: `columns.${c.source}`,
      message: `column "${n.column}" (${c.why}): ${what}; try: ${c.fix}`,
    });
  }
  if (stats.overflowAt !== null) {
    const known = stats.columns.filter((c) => c.role === 'known').map((c) => c.column);
    reasons.push({
      code: 'privacy/published-risk', severity, count: stats.overflowAt, path: spec.privacy ? 'privacy.quasiIdentifiers' : 'privacy',
      message: `the columns an attacker can know (${known.join(', ')}) form more than ${stats.maxClasses.toLocaleString('en-US')} classes within the first ${stats.overflowAt.toLocaleString('en-US')} published records: nearly every record is alone in its class, far below k = ${k}; generalize, drop or fully mask the columns named above, or declare them in privacy.quasiIdentifiers with hierarchies`,
    });
  }
  if (registerKeys.length && (reasons.length > 0 || (risk?.recordsBelowK ?? 0) > 0)) {
    // One warning for a register: the columns and the k reached, for the reviewer to see.
    const cols = reasons.filter((r) => r.column).map((r) => r.column!);
    reasons.length = 0;
    reasons.push({
      code: 'privacy/public-register', severity: 'warning', count: risk?.recordsBelowK ?? 0,
      message: `every record is identified by the public column${registerKeys.length > 1 ? 's' : ''} ${registerKeys.map((c) => `"${c}"`).join(', ')} (declared public by law), so the release is judged as a register of public records: over the columns an attacker can know, k reached ${risk?.minClassSize ?? '—'} of k = ${k}${cols.length ? `, and ${cols.map((c) => `"${c}"`).join(', ')} single out records on their own` : ''}; these figures do not block it`,
    });
    return { reasons, figures: figuresOf(spec, stats, k, risk, counts, registerKeys) };
  }
  if (stats.persons === null && (reasons.length > 0 || (risk?.recordsBelowK ?? 0) > 0)) {
    const cols = reasons.filter((r) => r.column).map((r) => r.column!);
    reasons.length = 0;
    reasons.push({
      code: 'privacy/no-person-data', severity: 'warning', count: risk?.recordsBelowK ?? 0,
      message: `nothing in the spec or the values says the records describe persons (no privacy section, desensitization rule, dropped column, sensitivity, demographic header or person names), so the risk figures do not block: over the columns an attacker could know, k reached ${risk?.minClassSize ?? '—'} of k = ${k}${cols.length ? `; ${cols.map((c) => `"${c}"`).join(', ')} single out records` : ''}. If the records are about persons, add the rules that protect them`,
    });
    return { reasons, figures: figuresOf(spec, stats, k, risk, counts, registerKeys) };
  }
  if (risk && risk.recordsBelowK > 0) {
    const known = stats.columns.filter((c) => c.role === 'known').map((c) => c.column);
    reasons.push({
      code: 'privacy/published-risk', severity, count: risk.recordsBelowK, path: spec.privacy ? 'privacy.quasiIdentifiers' : 'privacy',
      message: `${risk.recordsBelowK} of ${risk.rows} published records are in classes smaller than k = ${k} (${kSource}) over the columns an attacker can know (${known.join(', ')}): k reached ${risk.minClassSize}, ${risk.sampleUniques.records} records unique; generalize, drop or fully mask the columns named above, or declare them in privacy.quasiIdentifiers with hierarchies so the search reaches k`,
    });
  }
  return { reasons, figures: figuresOf(spec, stats, k, risk, counts, registerKeys) };
}

function figuresOf(spec: Spec, stats: PublishedRiskStats, k: number, risk: RiskSummary | null, counts: ColumnCount[], registerKeys: string[]): PublishedRiskFigures {
  return {
    k,
    attackerKnown: stats.columns.filter((c) => c.role === 'known').map((c) => ({ column: c.column, why: c.why })),
    recordNumbers: stats.columns.filter((c) => c.role === 'record-number').map((c) => c.column),
    public: stats.columns.filter((c) => c.role === 'public').map((c) => ({ column: c.column, reason: spec.columns[c.source]?.public?.reason ?? '' })),
    registerKeys,
    persons: stats.persons,
    kReached: risk ? risk.minClassSize : null,
    risk,
    columns: counts,
  };
}

/** Errors only: what fails the review. */
export function blocking(reasons: ReviewReason[]): ReviewReason[] {
  return reasons.filter((r) => r.severity === 'error');
}
