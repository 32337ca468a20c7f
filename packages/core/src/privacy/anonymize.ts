import { Field, Schema, Utf8 } from 'apache-arrow';
import type { Data, RecordBatch } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { batchFromColumns, columnData, fieldIndex } from '../kernels/batch.js';
import { GrowableBytes, GrowableInt32 } from '../kernels/buffers.js';
import { makeUtf8Data } from '../kernels/utf8.js';
import type { BoundTransform, Transform, TransformReport } from '../pipeline/transform.js';
import { takeRows } from '../kernels/take.js';
import type { TransferState } from '../stats/transfer.js';
import { checkState } from '../stats/transfer.js';
import { ClassStats, decodeClassStats, mergeClassStatsInOrder } from './class-stats.js';
import type { LMode, TMode } from './diversity.js';
import type { Hierarchy } from './hierarchy.js';
import { identityHierarchy } from './identity-hierarchy.js';
import { isTextDictionary, maskRows } from './mask-rows.js';
import type { RiskSummary } from './risk.js';
import { riskFromCounts } from './risk.js';
import { searchGeneralization } from './search.js';
import type { LossMetric, NodeTable } from './space.js';
import { GeneralizationSpace } from './space.js';

export interface AnonymizeOptions {
  quasiIdentifiers: string[];
  /** Sensitive columns (for l-diversity and t-closeness); their values are never reported. */
  sensitive?: string[] | undefined;
  /**
   * Hierarchy per quasi-identifier; a column without one is never generalized. With t-mode
   * 'hierarchical', the sensitive column's hierarchy (the EMD's ground distance) is given here too.
   */
  hierarchies?: Record<string, Hierarchy> | undefined;
  k?: number | undefined;
  l?: { column: string; l: number; mode?: LMode | undefined } | undefined;
  t?: { column: string; t: number; mode?: TMode | undefined } | undefined;
  /** Share of rows that may be suppressed (0..1). Default 0. */
  suppressionLimit?: number | undefined;
  metric?: LossMetric | undefined;
  /** 'drop' removes suppressed rows (default); 'mask' keeps them with `*` (strings) or null in the quasi-identifiers. */
  suppression?: 'drop' | 'mask' | undefined;
  /** Fixed levels (column → level) instead of a search. */
  levels?: Record<string, number> | undefined;
  timeBudgetMs?: number | undefined;
  /** How many class sizes the PRIVACY error lists (default 20); class values are never listed. */
  maxListed?: number | undefined;
}

/** What the anonymize transform decided, for the run report (counts and levels only). */
export interface AnonymizeOutcome {
  levels: Record<string, number>;
  loss: number;
  metric: LossMetric;
  suppressed: number;
  suppression: 'drop' | 'mask';
  nodesEvaluated: number;
  optimal: boolean;
  searchMs: number;
  /** Risk of the released rows (after generalization and suppression). */
  risk: RiskSummary;
}

/**
 * k-anonymity (and l-diversity, t-closeness) enforcement with optional optimal generalization.
 * First pass: class statistics, then the generalization search (or the fixed levels). Second
 * pass: quasi-identifiers replaced by their labels at the chosen levels, records of violating
 * classes suppressed. Fails with code PRIVACY when the model cannot be met within the
 * suppression limit, giving the violating classes' sizes (never their values).
 */
export function anonymize(options: AnonymizeOptions): Transform {
  const qi = options.quasiIdentifiers;
  const k = options.k ?? 1;
  const limit = options.suppressionLimit ?? 0;
  const mode = options.suppression ?? 'drop';
  const hierarchies = qi.map((c) => options.hierarchies?.[c] ?? identityHierarchy);
  const sensitive = [...new Set([...(options.sensitive ?? []), ...(options.l ? [options.l.column] : []), ...(options.t ? [options.t.column] : [])])];
  return {
    name: 'privacy.anonymize',
    bind(input: Schema): BoundTransform {
      for (const c of [...qi, ...sensitive]) {
        if (fieldIndex(input, c) < 0) throw new TuominError('BAD_SPEC', 'column not found', { column: c, rule: 'privacy' }, `the input has columns: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'privacy.columnMissing', params: { columns: input.fields.map((f) => f.name) } });
      }
      const qiIndex = qi.map((c) => fieldIndex(input, c));
      const generalized = hierarchies.map((h) => h.height > 1);
      const fields = input.fields.map((f, i) => {
        const j = qiIndex.indexOf(i);
        if (j < 0) return f;
        if (generalized[j]) return new Field(f.name, new Utf8(), true, f.metadata);
        if (mode === 'mask') return new Field(f.name, isTextDictionary(f.type) ? new Utf8() : f.type, true, f.metadata);
        return f;
      });
      const outputSchema = new Schema(fields, input.metadata);
      let stats = new ClassStats({ quasiIdentifiers: qi, sensitive });
      let plan: Plan | null = null;
      let rowsSeen = 0;
      let changed = 0;
      return {
        outputSchema,
        needsFirstPass: true,
        ...(mode === 'drop' ? { dropsRows: true } : {}),
        async observe(batches) {
          for await (const b of batches) stats.add(b);
          plan = makePlan(stats, hierarchies, options, k, limit, null);
        },
        // Over partitions (docs/performance.md, "Partition jobs"): each partition's class
        // statistics; merged in partition order they are the sequential pass's exactly
        // (mergeClassStatsInOrder), so the same search picks the same levels. The decision carries
        // the merged statistics (apply finds each row's class in them) and the chosen levels, so
        // no job searches again: a time-budgeted search could stop elsewhere in each job.
        firstPass: {
          async collect(batches) {
            for await (const b of batches) stats.add(b);
            return stats.encode();
          },
          async decide(parts) {
            stats = mergeClassStatsInOrder(parts.map((p) => decodeClassStats(p)));
            plan = makePlan(stats, hierarchies, options, k, limit, null);
            return encodeDecision(stats, plan);
          },
          adopt(decision) {
            const d = decodeDecision(decision, qi, sensitive);
            stats = d.stats;
            plan = makePlan(stats, hierarchies, options, k, limit, d.decided);
          },
        },
        async *apply(batches) {
          if (!plan) throw new Error('anonymize: apply before observe');
          const p = plan;
          for await (const batch of batches) {
            const n = batch.numRows;
            rowsSeen += n;
            const cls = stats.classIndices(batch, false);
            const suppress = new Uint8Array(n);
            let nSup = 0;
            for (let i = 0; i < n; i++) {
              const c = cls[i]!;
              // A class unseen in the first pass cannot be judged: suppress it.
              if (c < 0 || p.resolved.baseFlags[c] === 1) { suppress[i] = 1; nSup++; }
            }
            const cols: Data[] = [];
            for (let f = 0; f < input.fields.length; f++) {
              const j = qiIndex.indexOf(f);
              let d = columnData(batch, f);
              if (j >= 0 && generalized[j]) d = labelColumn(p.space, j, p.levels[j]!, stats, cls);
              if (j >= 0 && mode === 'mask' && (nSup > 0 || isTextDictionary(d.type))) d = maskRows(d, suppress);
              cols.push(d);
            }
            let out = batchFromColumns(outputSchema, cols, n);
            if (mode === 'drop' && nSup > 0) {
              const keep = new Uint8Array(n);
              for (let i = 0; i < n; i++) keep[i] = 1 - suppress[i]!;
              out = takeRows(out, keep, n - nSup);
            }
            changed += nSup;
            yield out;
          }
        },
        report(): TransformReport[] {
          return [{
            transform: 'privacy.anonymize',
            columns: qi,
            rowsSeen,
            valuesChanged: changed,
            invalid: 0,
            nulls: 0,
            ...(plan ? { extra: { ...outcomeOf(plan, mode) } } : {}),
          }];
        },
      };
    },
  };
}

/** What the search found, for the report (the coordinator's, carried to every partition). */
interface SearchSummary {
  nodesEvaluated: number;
  optimal: boolean;
  ms: number;
}

interface Plan {
  space: GeneralizationSpace;
  levels: number[];
  search: SearchSummary | null;
  resolved: ReturnType<GeneralizationSpace['resolveNode']>;
  metric: LossMetric;
  k: number;
}

/** Levels decided elsewhere (phase 1's coordinator) with the summary of the search that chose them. */
interface Decided {
  levels: number[];
  search: SearchSummary | null;
}

function makePlan(stats: ClassStats, hierarchies: Hierarchy[], options: AnonymizeOptions, k: number, limit: number, decided: Decided | null): Plan {
  const model = {
    k,
    suppressionLimit: limit,
    l: options.l ? { column: options.l.column, l: options.l.l, mode: options.l.mode ?? 'distinct' as LMode } : undefined,
    t: options.t ? { column: options.t.column, t: options.t.t, mode: options.t.mode ?? 'equal' as TMode, hierarchy: options.hierarchies?.[options.t.column] } : undefined,
  };
  const metric = options.metric ?? 'entropy';
  const space = new GeneralizationSpace(stats, hierarchies, model, metric);
  let levels: number[];
  let search: SearchSummary | null = null;
  if (decided) {
    levels = decided.levels;
    search = decided.search;
    levels.forEach((l, j) => {
      if (l >= hierarchies[j]!.height) throw new TuominError('BAD_INPUT', `the privacy decision's level ${l} is outside the hierarchy (0..${hierarchies[j]!.height - 1})`, { column: stats.qi[j]!, rule: 'privacy' }, 'the coordinator and the partition jobs must run the same spec', { id: 'privacy.decisionLevel', params: { level: l, top: hierarchies[j]!.height - 1 } });
    });
  } else if (options.levels) {
    levels = stats.qi.map((c, j) => {
      const l = options.levels![c] ?? 0;
      if (l < 0 || l >= hierarchies[j]!.height) throw new TuominError('BAD_SPEC', `level ${l} is outside the hierarchy (0..${hierarchies[j]!.height - 1})`, { column: c, rule: 'privacy' }, undefined, { id: 'privacy.levelOutside', params: { level: l, top: hierarchies[j]!.height - 1 } });
      return l;
    });
  } else if (space.lattice.size === 1) {
    levels = stats.qi.map(() => 0);
  } else {
    const found = searchGeneralization(stats, hierarchies, { ...model, metric, timeBudgetMs: options.timeBudgetMs });
    levels = found.levels;
    search = { nodesEvaluated: found.nodesEvaluated, optimal: found.optimal, ms: found.ms };
  }
  const resolved = space.resolveNode(space.lattice.node(levels));
  if (!resolved.evaluation.satisfies) {
    throw violationError(space, resolved.table, resolved.classFlags, levels, resolved.evaluation.suppressed, stats.rows, limit, k, options.maxListed ?? 20);
  }
  return { space, levels, search, resolved, metric, k };
}

interface DecisionMeta {
  stats: unknown;
  levels: number[];
  search: SearchSummary | null;
}

/** Phase 1's decision as a TransferState: the merged class statistics' buffers, the levels in meta. */
function encodeDecision(stats: ClassStats, plan: Plan): TransferState<'anonymize-decision'> {
  const s = stats.encode();
  const meta: DecisionMeta = { stats: s.meta, levels: plan.levels, search: plan.search };
  return { kind: 'anonymize-decision', version: 1, meta, buffers: s.buffers };
}

/**
 * A decision for this binding's columns, or a clear refusal: a decision made for other
 * quasi-identifiers or levels outside the hierarchies must not be applied.
 */
function decodeDecision(state: TransferState, qi: string[], sensitive: string[]): { stats: ClassStats; decided: Decided } {
  checkState(state, 'anonymize-decision');
  const m = state.meta as DecisionMeta;
  const stats = decodeClassStats({ kind: 'class-stats', version: 1, meta: m.stats, buffers: state.buffers });
  if (stats.qi.join('\u0000') !== qi.join('\u0000') || stats.sensitive.join('\u0000') !== sensitive.join('\u0000')) {
    throw new TuominError('BAD_INPUT', 'the privacy decision was made for other columns', { rule: 'privacy', column: stats.qi.join(',') }, 'the coordinator and the partition jobs must run the same spec', { id: 'privacy.decisionColumns' });
  }
  if (!Array.isArray(m.levels) || m.levels.length !== qi.length || !m.levels.every((l) => Number.isInteger(l) && l >= 0)) {
    throw new TuominError('BAD_INPUT', 'the privacy decision has no level for every quasi-identifier', { rule: 'privacy', column: qi.join(',') }, 'the coordinator and the partition jobs must run the same spec', { id: 'privacy.decisionLevels' });
  }
  return { stats, decided: { levels: m.levels, search: m.search } };
}

/**
 * The error when the model cannot be met within the suppression limit. It says how many classes
 * violate it and how large they are, and at which hierarchy level each quasi-identifier was
 * tried; never the classes' values: a class of one record is the combination that singles a
 * person out, and error text goes to terminals, CI logs and --json output.
 */
function violationError(space: GeneralizationSpace, table: NodeTable, flags: Uint8Array, levels: number[], suppressed: number, rows: number, limit: number, k: number, maxListed: number): TuominError {
  const bySize = new Map<number, number>();
  let violating = 0;
  for (let c = 0; c < table.size; c++) {
    if (flags[c] !== 1) continue;
    violating++;
    const n = table.counts[c]!;
    bySize.set(n, (bySize.get(n) ?? 0) + 1);
  }
  const sizes = [...bySize.entries()].sort((x, y) => x[0] - y[0]);
  const shown = sizes.slice(0, maxListed).map(([n, count]) => `${count} of ${n} record${n === 1 ? '' : 's'}`);
  if (sizes.length > shown.length) shown.push(`${sizes.length - shown.length} more sizes`);
  const lv = space.stats.qi.map((q, j) => `${q} ${levels[j]}`).join(', ');
  // Every violating class has k records or more: they fail l or t only, which lowering k cannot
  // fix, and a sensitive column the quasi-identifiers determine (a copy of one) never meets.
  const { l, t } = space.model;
  const bySensitive = (l !== undefined || t !== undefined) && sizes.length > 0 && sizes[0]![0] >= k;
  const sensitive = [...new Set([l?.column, t?.column].filter((c): c is string => c !== undefined))];
  const failing = [l ? `l = ${l.l}` : '', t ? `t = ${t.t}` : ''].filter(Boolean).join(' or ');
  return new TuominError(
    'PRIVACY',
    `the privacy model (k = ${k}${l ? `, l = ${l.l}` : ''}${t ? `, t = ${t.t}` : ''}) needs ${suppressed} of ${rows} records suppressed, above the limit of ${Math.round(limit * 10000) / 100} % (${space.allowedSuppressed} records); ${violating} violating classes (${shown.join(', ')}; values not shown) at generalization levels ${lv}`
      + (bySensitive ? `; every violating class has ${k} records or more: they fail ${failing} on the sensitive column ${sensitive.join(', ')}` : ''),
    { rule: 'privacy', column: space.stats.qi.join(',') },
    bySensitive
      ? `give hierarchies for the quasi-identifiers so that classes can merge, raise the suppression limit, or lower ${l ? 'l' : 't'}; a sensitive column the quasi-identifiers determine (a copy of one, or derived from them) has one value in every class`
      : 'give hierarchies for more quasi-identifiers, raise the suppression limit, or lower k; `tuomin risk` reports class sizes per quasi-identifier set',
    // Sizes as "classes×records" and levels by quasi-identifier: figures and column names only.
    { id: bySensitive ? 'privacy.sensitiveLimit' : 'privacy.suppressionLimit', params: { k, l: l?.l ?? 0, t: t?.t ?? 0, suppressed, rows, limit: Math.round(limit * 10000) / 100, allowed: space.allowedSuppressed, violating, sizes: sizes.slice(0, maxListed).map(([n, count]) => count + '×' + n), moreSizes: sizes.length - Math.min(sizes.length, maxListed), qi: space.stats.qi, levels: levels.map(String), sensitive } },
  );
}

function outcomeOf(plan: Plan, mode: 'drop' | 'mask'): AnonymizeOutcome {
  const { space, levels, resolved } = plan;
  const levelsByColumn: Record<string, number> = {};
  space.stats.qi.forEach((c, j) => { levelsByColumn[c] = levels[j]!; });
  const kept = new Float64Array(resolved.table.size);
  let n = 0;
  for (let c = 0; c < resolved.table.size; c++) if (resolved.classFlags[c] === 0) kept[n++] = resolved.table.counts[c]!;
  return {
    levels: levelsByColumn,
    loss: space.loss(plan.metric, resolved.evaluation),
    metric: plan.metric,
    suppressed: resolved.evaluation.suppressed,
    suppression: mode,
    nodesEvaluated: plan.search?.nodesEvaluated ?? 1,
    optimal: plan.search?.optimal ?? true,
    searchMs: plan.search?.ms ?? 0,
    risk: riskFromCounts(kept, n, { k: plan.k }),
  };
}

/** The labels of quasi-identifier j at `level` for each row, as a Utf8 column. */
function labelColumn(space: GeneralizationSpace, j: number, level: number, stats: ClassStats, cls: Int32Array): Data {
  const n = cls.length;
  const codes = stats.table.codes.buf;
  const w = stats.qi.length;
  const toLevel = space.levelCodes[j]![level]!;
  const dict = space.levelDicts[j]![level]!;
  const offsets = new GrowableInt32(n + 1);
  offsets.length = n + 1;
  const oo = offsets.buf;
  const out = new GrowableBytes(n * 4);
  let validity: Uint8Array | null = null;
  let nulls = 0;
  oo[0] = 0;
  for (let i = 0; i < n; i++) {
    const c = cls[i]!;
    const code = c < 0 ? 0 : toLevel[codes[c * w + j]!]!;
    if (code === 0) {
      if (!validity) { validity = new Uint8Array(((n + 63) >> 6) << 3); validity.fill(0xff); }
      validity[i >> 3]! &= ~(1 << (i & 7));
      nulls++;
    } else {
      const b = dict.bytesOf(code);
      out.append(b, 0, b.length);
    }
    oo[i + 1] = out.length;
  }
  return makeUtf8Data(n, offsets.finish(), out.finish(), validity, nulls);
}

/** The outcome recorded by an anonymize transform's report, typed (undefined before a run). */
export function anonymizeOutcome(report: TransformReport): AnonymizeOutcome | undefined {
  return report.transform === 'privacy.anonymize' ? (report.extra as AnonymizeOutcome | undefined) : undefined;
}

