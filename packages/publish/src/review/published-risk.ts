import type { RecordBatch, Schema } from 'apache-arrow';
import { columnData, findRule, packStates, unpackStates, type RiskSummary, type TransferState, type Transform } from '@tuomin/core/internal';
import type { Spec } from '../spec/schema.js';
import type { ReviewReason } from './types.js';
import { DistinctShare } from './distinct-share.js';
import { ROLE_SAMPLE_ROWS, personEvidence, publishedColumns, type PublishedColumn } from './published-columns.js';
import { LinkingClasses, linkingReasons } from './published-linking.js';
import { personKeyReasons } from './person-key.js';
import { KnownClasses, type ColumnCount, type KnownFigures, type KnownSpill } from './known-classes.js';

export type { ColumnCount, KnownFigures, KnownSpill } from './known-classes.js';

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
 * k when the spec gives none. Unconditional releases go to anyone: 5 (prosecutor risk at most
 * 20 %), the most common minimum in practice; stricter guidance exists for public releases of
 * sensitive data (EMA Policy 0070 and Health Canada use a maximum risk of 0.09, k = 11), which a
 * spec states with privacy.k. Conditional releases go to a known recipient bound by the
 * conditions and a security commitment not to re-identify (Art. 13-15): 3.
 */
export function requiredK(spec: Spec): number {
  // k = 1 asks nothing of any class (every record may stand alone): it quiets the review rather
  // than decides a risk, so the release's default holds.
  const declared = spec.privacy?.k;
  return declared !== undefined && declared > 1 ? declared : spec.openAttribute === 'conditional' ? 3 : 5;
}

/** What one pass over the released rows collected. */
export interface PublishedRiskStats {
  columns: PublishedColumn[];
  /** Why the records are taken to describe persons (published-columns.ts), or null. */
  persons: string | null;
  /**
   * Risk over every attacker-known column together and each alone, exact at any size (the
   * classes spill past a limit and are reduced one bucket at a time, known-classes.ts); null
   * when no attacker-known column is published.
   */
  known: KnownFigures | null;
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
  /** Measures the spec declares no one can know (`measure: { reason }`), with the reasons: not judged as linking keys. */
  declaredMeasures: Array<{ column: string; reason: string }>;
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
 * The roles of the published columns, decided once on the first ROLE_SAMPLE_ROWS released rows
 * (`head`: batches that begin the release; rows past the sample are not read). A run over
 * partitions decides them in the coordinator before any partition is counted and gives every
 * partition's collector the same columns (PublishedColumn[] is plain data).
 */
export function decidePublishedColumns(spec: Spec, schema: Schema, head: readonly RecordBatch[]): PublishedColumn[] {
  return publishedColumns(spec, schema, [...head]);
}

/** Released rows `decidePublishedColumns` reads: the coordinator gathers at least these (or all there are). */
export const PUBLISHED_ROLE_ROWS = ROLE_SAMPLE_ROWS;

/**
 * Class statistics over the published columns an attacker can know, in one pass over the
 * released batches (a sink of the run's pass). The first ROLE_SAMPLE_ROWS rows decide the roles
 * that depend on values (decidePublishedColumns); they are held, then counted with the rest.
 * Past `spill.maxInMemory` classes they spill to `spill.dir` (known-classes.ts); the spill is
 * removed before this returns or throws.
 */
export async function collectPublishedRisk(spec: Spec, schema: Schema, batches: AsyncIterable<RecordBatch>, options: { spill?: KnownSpill } = {}): Promise<PublishedRiskStats> {
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
  const collector = PublishedRiskCollector.start(spec, schema, decidePublishedColumns(spec, schema, head), options);
  try {
    for (const b of head) await collector.add(b);
    if (!done) for (let r = await it.next(); !r.done; r = await it.next()) await collector.add(r.value);
    return collector.finish();
  } catch (err) {
    collector.dispose();
    throw err;
  }
}

interface CollectorInput {
  plainIndex: number[];
  steps: Array<{ bind: ReturnType<Transform['bind']> }>;
}

interface CollectorInit {
  columns: PublishedColumn[];
  persons: string | null;
  k: number;
  known: KnownClasses | null;
  /** The measures judged as keys, over the whole columns (published-linking.ts). */
  linking: LinkingClasses | null;
  plainNames: string[];
  plain: DistinctShare[];
  input: CollectorInput | null;
}

interface PublishedRiskMeta {
  columns: PublishedColumn[];
  persons: string | null;
  k: number;
  /** Whether the first part is the known columns' classes; the plain columns' follow, in order. */
  known: boolean;
  plainNames: string[];
  /** Whether the last part is the linking measures' classes. */
  linking?: boolean;
}

/**
 * The published-risk statistics for columns already decided (decidePublishedColumns): `add`
 * the released batches, `merge` the collector of the rows that follow (a partition), `encode`
 * for another thread, `finish` once. The sequential pass is this collector fed every batch.
 *
 * The known columns' classes are exact at any size and for any partitioning: past a limit they
 * spill to sealed bucket files and are reduced one bucket at a time (known-classes.ts), so there
 * is no cap and no figure left out. Distinct shares merge exactly or as the same sketch.
 */
export class PublishedRiskCollector {
  readonly columns: PublishedColumn[];
  readonly persons: string | null;
  readonly k: number;
  private readonly known: KnownClasses | null;
  private readonly linking: LinkingClasses | null;
  private readonly plainNames: string[];
  private readonly plain: DistinctShare[];
  /** How batches are read: the plain columns' indices and the known columns' projections; null for a decoded collector, which only merges. */
  private readonly input: CollectorInput | null;

  private constructor(init: CollectorInit) {
    this.columns = init.columns;
    this.persons = init.persons;
    this.k = init.k;
    this.known = init.known;
    this.linking = init.linking;
    this.plainNames = init.plainNames;
    this.plain = init.plain;
    this.input = init.input;
  }

  /**
   * A collector for the released batches of a run (or of one partition) over the decided
   * columns. `spill`: where and past how many classes the known columns' classes spill (a
   * partition job's collector holds one partition and may spill too: its spill is handed over).
   */
  static start(spec: Spec, schema: Schema, decided: readonly PublishedColumn[], options: { spill?: KnownSpill } = {}): PublishedRiskCollector {
    const columns = decided.map((c) => ({ ...c }));
    const known = columns.filter((c) => c.role === 'known');
    // Every other published column but a measure, redacted free text or an unlinkable one only
    // needs its share of distinct values (distinct-share.ts): near-unique blocks whatever its shape
    // (an engine number's last six characters). A redacted note is one per record too, but no one
    // looks a person up by it: its identifiers are the residual scan's job.
    const plainNames = columns.filter((c) => c.role === 'record-number' || c.role === 'public' || c.role === 'other').map((c) => c.column);
    return new PublishedRiskCollector({
      columns,
      persons: personEvidence(spec, columns),
      k: requiredK(spec),
      known: known.length ? KnownClasses.start(known.map((c) => c.column), options.spill) : null,
      linking: LinkingClasses.start(columns, known.map((c) => c.column), options.spill),
      plainNames,
      plain: plainNames.map(() => new DistinctShare()),
      input: { plainIndex: plainNames.map((n) => schema.fields.findIndex((f) => f.name === n)), steps: projections(schema, known) },
    });
  }

  async add(batch: RecordBatch): Promise<void> {
    if (this.input === null) throw new TypeError('a decoded published-risk collector takes no batches: merge it');
    if (this.input.steps.length === 0) return this.count(batch);
    let stream: AsyncIterable<RecordBatch> = (async function* () { yield batch; })();
    for (const s of this.input.steps) stream = s.bind.apply(stream);
    for await (const b of stream) this.count(b);
  }

  private count(b: RecordBatch): void {
    this.known?.add(b);
    this.linking?.add(b);
    const idx = this.input!.plainIndex;
    for (let i = 0; i < this.plain.length; i++) this.plain[i]!.add(columnData(b, idx[i]!));
  }

  /** Take in the collector of the rows right after this one's (the next partition); `other` is used up. */
  merge(other: PublishedRiskCollector): void {
    if (JSON.stringify(other.columns) !== JSON.stringify(this.columns) || other.k !== this.k) {
      throw new TypeError('merging published-risk statistics of different columns or limits');
    }
    for (let i = 0; i < this.plain.length; i++) this.plain[i]!.merge(other.plain[i]!);
    if (this.known) this.known.merge(other.known!);
    if (this.linking) this.linking.merge(other.linking!);
  }

  /** The state for another thread of this process: the decisions, the known columns' classes (a spill by reference) and the plain columns' counters. */
  encode(): TransferState<'published-risk'> {
    const meta: PublishedRiskMeta = { columns: this.columns, persons: this.persons, k: this.k, known: this.known !== null, plainNames: this.plainNames, linking: this.linking !== null };
    return packStates('published-risk', meta, [...(this.known ? [this.known.encode()] : []), ...this.plain.map((p) => p.encode()), ...(this.linking ? [this.linking.encode()] : [])]);
  }

  /**
   * A collector over a state from `encode`: it merges (in partition order) and finishes, and takes
   * no batches. `spill`: where its classes spill while partitions merge into it (the run's folder).
   */
  static decode(state: TransferState, options: { spill?: KnownSpill } = {}): PublishedRiskCollector {
    const { meta, parts } = unpackStates(state, 'published-risk');
    const m = meta as PublishedRiskMeta;
    if (!Array.isArray(m.columns) || !Array.isArray(m.plainNames) || parts.length !== (m.known ? 1 : 0) + m.plainNames.length + (m.linking ? 1 : 0)) throw new TypeError('a published-risk state of another shape');
    return new PublishedRiskCollector({
      columns: m.columns, persons: m.persons, k: m.k, plainNames: m.plainNames,
      known: m.known ? KnownClasses.decode(parts[0]!, options.spill) : null,
      linking: m.linking ? LinkingClasses.decode(parts[parts.length - 1]!, options.spill) : null,
      plain: parts.slice(m.known ? 1 : 0, (m.known ? 1 : 0) + m.plainNames.length).map((p) => DistinctShare.decode(p)),
      input: null,
    });
  }

  /** The statistics, once: a spill is reduced bucket by bucket and removed. */
  finish(): PublishedRiskStats {
    // The linking measures' figures are the whole columns', replacing the sample's they were decided with.
    const whole = this.linking?.figures();
    return {
      columns: whole ? this.columns.map((c) => (whole.has(c.column) ? { ...c, linking: whole.get(c.column)! } : c)) : this.columns,
      persons: this.persons,
      known: this.known ? this.known.figures(this.k) : null,
      plain: this.plainNames.map((column, i) => ({ column, share: this.plain[i]! })),
    };
  }

  /** Remove a spill without reducing it (the run failed). */
  dispose(): void {
    this.known?.dispose();
    this.linking?.dispose();
  }
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
  const judged = judgeRecords(spec, stats);
  // Whoever the records describe, a firm's figures beside its name are its trade secret.
  judged.reasons.push(...tradeSecretReasons(spec, stats.columns));
  return judged;
}

function judgeRecords(spec: Spec, stats: PublishedRiskStats): { reasons: ReviewReason[]; figures: PublishedRiskFigures } {
  const k = requiredK(spec);
  const reasons: ReviewReason[] = [];
  const byColumn = new Map(stats.columns.map((c) => [c.column, c]));
  // The known columns' figures were reduced with the spec's k (PublishedRiskCollector.k = requiredK).
  const counts = [...(stats.known?.counts ?? []), ...stats.plain.map(plainColumnCount)];
  const risk = stats.known?.risk ?? null;
  const release = spec.openAttribute === 'conditional' ? 'conditional' : 'unconditional';
  const kSource = spec.privacy?.k !== undefined && spec.privacy.k > 1 ? 'privacy.k'
    : `the default for ${release === 'conditional' ? 'a' : 'an'} ${release} release${spec.privacy?.k === 1 ? '; privacy.k = 1 protects no record' : ''}`;
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
      // A public key (the USCC of a company) makes the record public, not the names of the private
      // persons beside it (a company's liaison, 联络员): a column of names is refused in a register too,
      // and so is a mask of their own numbers that keeps more than the standard display (published-columns.ts).
      severity: c.names || c.personNumber ? 'error' : severity, column: n.column, count: unique ? n.rows : n.recordsBelowK, path: `columns.${c.source}`,
      params: unique
        ? { distinct: n.distinct, rows: n.rows, share: (100 * n.distinct / n.rows).toFixed(1), limit: 100 * NEAR_UNIQUE_SHARE, fix: c.fix }
        : { k, minClass: n.minClass, fix: c.fix },
      message: `column "${n.column}" (${c.why}): ${what}; try: ${c.fix}`,
    });
  }
  // A column of person names (by its values, under a header that does not say so) published as it
  // is: a name identifies a person however many records share it. A 姓名 header makes the residual
  // scan refuse it; under a header x, six names five times each passed k = 5 here.
  for (const c of stats.columns) {
    if (!c.names || reasons.some((r) => r.column === c.column && r.severity === 'error')) continue;
    reasons.push({
      code: 'privacy/names-published', severity: 'error', column: c.column, path: `columns.${c.source}`, params: { fix: c.fix },
      message: `column "${c.column}" holds person names (by its values) and is published as it is: a name identifies a person however many records share it; try: ${c.fix}`,
    });
  }
  // A person's own number published as it is: repeated over the person's records, under the
  // near-unique limit, a key to all of them (person-key.ts).
  reasons.push(...personKeyReasons(stats.columns, counts, severity, reasons, NEAR_UNIQUE_SHARE));
  // Exact measures that single out records beside the known columns (published-linking.ts).
  reasons.push(...linkingReasons(stats.columns, severity, risk?.classes ?? 1));
  if (registerKeys.length && (reasons.length > 0 || (risk?.recordsBelowK ?? 0) > 0)) {
    // One warning for a register: the columns and the k reached, for the reviewer to see.
    const cols = reasons.filter((r) => r.column && r.severity !== 'error').map((r) => r.column!);
    // The errors stay (a column of private persons' names); the rest become one warning.
    const errors = reasons.filter((r) => r.severity === 'error');
    reasons.length = 0;
    reasons.push(...errors, {
      code: 'privacy/public-register', severity: 'warning', count: risk?.recordsBelowK ?? 0,
      params: { keys: registerKeys.join(', '), kReached: risk?.minClassSize ?? '—', k, singling: cols.join(', ') },
      message: `every record is identified by the public column${registerKeys.length > 1 ? 's' : ''} ${registerKeys.map((c) => `"${c}"`).join(', ')} (declared public by law), so the release is judged as a register of public records: over the columns an attacker can know, k reached ${risk?.minClassSize ?? '—'} of k = ${k}${cols.length ? `, and ${cols.map((c) => `"${c}"`).join(', ')} single out records on their own` : ''}; these figures do not block it`,
    });
    return { reasons, figures: figuresOf(spec, stats, k, risk, counts, registerKeys) };
  }
  if (stats.persons === null && (reasons.length > 0 || (risk?.recordsBelowK ?? 0) > 0)) {
    const cols = reasons.filter((r) => r.column).map((r) => r.column!);
    reasons.length = 0;
    reasons.push({
      code: 'privacy/no-person-data', severity: 'warning', count: risk?.recordsBelowK ?? 0,
      params: { kReached: risk?.minClassSize ?? '—', k, singling: cols.join(', ') },
      message: `nothing in the spec or the values says the records describe persons (no privacy section, desensitization rule, dropped column, sensitivity, demographic header or person names), so the risk figures do not block: over the columns an attacker could know, k reached ${risk?.minClassSize ?? '—'} of k = ${k}${cols.length ? `; ${cols.map((c) => `"${c}"`).join(', ')} single out records` : ''}. If the records are about persons, add the rules that protect them`,
    });
    return { reasons, figures: figuresOf(spec, stats, k, risk, counts, registerKeys) };
  }
  if (risk && risk.recordsBelowK > 0) {
    const known = stats.columns.filter((c) => c.role === 'known').map((c) => c.column);
    reasons.push({
      code: 'privacy/published-risk', severity, count: risk.recordsBelowK, path: spec.privacy ? 'privacy.quasiIdentifiers' : 'privacy',
      params: { rows: risk.rows, k, kSource: spec.privacy?.k !== undefined && spec.privacy.k > 1 ? 'privacy.k' : release, known: known.join(', '), kReached: risk.minClassSize, uniques: risk.sampleUniques.records },
      message: `${risk.recordsBelowK} of ${risk.rows} published records are in classes smaller than k = ${k} (${kSource}) over the columns an attacker can know (${known.join(', ')}): k reached ${risk.minClassSize}, ${risk.sampleUniques.records} records unique; generalize, drop or fully mask the columns named above, or declare them in privacy.quasiIdentifiers with hierarchies so the search reaches k`,
    });
  }
  return { reasons, figures: figuresOf(spec, stats, k, risk, counts, registerKeys) };
}

/**
 * A firm's own financial figures (revenue, profit, tax paid, assets) published beside what names
 * the firm (trade-secret.ts): refused in an open release, a warning in a conditional one (its
 * agreement may allow them); a column declared public is not judged.
 */
function tradeSecretReasons(spec: Spec, columns: readonly PublishedColumn[]): ReviewReason[] {
  const firms = columns.filter((c) => c.firm).map((c) => c.column);
  if (firms.length === 0) return [];
  const severity: ReviewReason['severity'] = spec.openAttribute === 'conditional' ? 'warning' : 'error';
  return columns.filter((c) => c.firmFigure).map((c) => ({
    code: 'privacy/trade-secret', severity, column: c.column, path: `columns.${c.source}`,
    params: { firms: firms.join(', '), release: spec.openAttribute },
    message: `column "${c.column}" is a firm's own financial figure (by its header) published beside ${firms.map((f) => `"${f}"`).join(', ')}, which name${firms.length === 1 ? 's' : ''} the firm: a trade secret (商业秘密, art. 23) ${severity === 'error' ? 'may not be opened' : 'in a conditional release: check that the agreement allows it'}; drop it, publish it only in totals that name no firm, or, if the law or the firm's consent makes it public, declare \`public: { reason: … }\` on it`,
  }));
}

function figuresOf(spec: Spec, stats: PublishedRiskStats, k: number, risk: RiskSummary | null, counts: ColumnCount[], registerKeys: string[]): PublishedRiskFigures {
  return {
    k,
    attackerKnown: stats.columns.filter((c) => c.role === 'known').map((c) => ({ column: c.column, why: c.why })),
    recordNumbers: stats.columns.filter((c) => c.role === 'record-number').map((c) => c.column),
    public: stats.columns.filter((c) => c.role === 'public').map((c) => ({ column: c.column, reason: spec.columns[c.source]?.public?.reason ?? '' })),
    registerKeys,
    declaredMeasures: stats.columns.filter((c) => c.role === 'measure' && spec.columns[c.source]?.measure).map((c) => ({ column: c.column, reason: spec.columns[c.source]!.measure!.reason })),
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
