import { TuominError } from '../errors.js';
import type { PairCounts } from './class-table.js';
import type { DistanceTree } from './hierarchical-distance.js';
import { hierarchicalDistances } from './hierarchical-distance.js';
import type { ValueDict } from './value-dict.js';

export type LMode = 'distinct' | 'entropy';
/** Ground distance of the EMD: equal (categorical), ordered (by value), hierarchical (by the sensitive column's hierarchy). */
export const T_MODES = ['equal', 'ordered', 'hierarchical'] as const;
export type TMode = (typeof T_MODES)[number];

/** Per-class verdict of a model over a sensitive column: flags[c] = 1 when class c violates it. */
export interface ClassVerdict {
  flags: Uint8Array;
  classesViolating: number;
  recordsViolating: number;
}

export interface LDiversityResult extends ClassVerdict {
  column: string;
  l: number;
  mode: LMode;
  /** Smallest number of distinct sensitive values in a class. */
  minDistinct: number;
  /** Smallest exp(entropy) of a class: the largest l for which entropy-l holds. */
  minEntropyL: number;
}

/**
 * l-diversity of every class. Distinct: at least l distinct sensitive values. Entropy: the
 * entropy of the class's sensitive values is at least log(l), computed as
 * H = ln N - (1/N) Σ c ln c from the pair counts, with no per-class objects.
 */
export function lDiversity(column: string, pairs: PairCounts, sizes: ArrayLike<number>, classes: number, l: number, mode: LMode): LDiversityResult {
  const distinct = new Int32Array(classes);
  const sumClogC = new Float64Array(classes);
  const pc = pairs.classes.buf;
  for (let p = 0; p < pairs.size; p++) {
    const c = pc[p]!;
    const n = pairs.counts[p]!;
    distinct[c]!++;
    sumClogC[c]! += n * Math.log(n);
  }
  const flags = new Uint8Array(classes);
  let minDistinct = Infinity;
  let minEntropyL = Infinity;
  let classesViolating = 0;
  let recordsViolating = 0;
  const logL = Math.log(l);
  for (let c = 0; c < classes; c++) {
    const n = sizes[c]!;
    if (n === 0) continue;
    const h = Math.log(n) - sumClogC[c]! / n;
    const el = Math.exp(h);
    if (distinct[c]! < minDistinct) minDistinct = distinct[c]!;
    if (el < minEntropyL) minEntropyL = el;
    const bad = mode === 'distinct' ? distinct[c]! < l : h < logL - 1e-12;
    if (bad) { flags[c] = 1; classesViolating++; recordsViolating += n; }
  }
  return {
    column,
    l,
    mode,
    minDistinct: minDistinct === Infinity ? 0 : minDistinct,
    minEntropyL: minEntropyL === Infinity ? 0 : minEntropyL,
    flags,
    classesViolating,
    recordsViolating,
  };
}

export interface TClosenessResult extends ClassVerdict {
  column: string;
  t: number;
  mode: TMode;
  /** Largest distance of a class distribution from the whole table's. */
  maxDistance: number;
}

/**
 * t-closeness: the Earth Mover's Distance between each class's sensitive distribution p and the
 * whole table's q must be at most t. Equal distance (categorical): ½ Σ |p_v − q_v|.
 * Ordered distance (numeric or ordinal, m distinct values in order): (1/(m−1)) Σ_i |Σ_{j≤i} (p_j − q_j)|.
 * Hierarchical distance: see hierarchicalDistances; `tree` (from distanceTree) is required.
 */
export function tCloseness(column: string, pairs: PairCounts, sizes: ArrayLike<number>, classes: number, dict: ValueDict, t: number, mode: TMode, tree?: DistanceTree): TClosenessResult {
  if (mode === 'hierarchical' && !tree) {
    throw new TuominError('BAD_SPEC', 'hierarchical t-closeness needs a hierarchy for the sensitive column', { column, rule: 't-closeness' }, 'give the sensitive column a hierarchy, or use t-mode equal or ordered', { id: 'privacy.tNeedsHierarchy', params: { column } });
  }
  const nValues = dict.size;
  const q = new Float64Array(nValues);
  let total = 0;
  for (let p = 0; p < pairs.size; p++) { q[pairs.values.buf[p]!]! += pairs.counts[p]!; total += pairs.counts[p]!; }
  if (total > 0) for (let v = 0; v < nValues; v++) q[v]! /= total;
  const dist = new Float64Array(classes);
  if (mode === 'equal') {
    // ½ (Σ_{v in class} (|p_v − q_v| − q_v) + Σ_v q_v), where Σ_v q_v = 1.
    for (let p = 0; p < pairs.size; p++) {
      const c = pairs.classes.buf[p]!;
      const v = pairs.values.buf[p]!;
      const pv = pairs.counts[p]! / sizes[c]!;
      dist[c]! += Math.abs(pv - q[v]!) - q[v]!;
    }
    for (let c = 0; c < classes; c++) dist[c] = 0.5 * (1 + dist[c]!);
  } else if (mode === 'ordered') {
    orderedDistances(pairs, sizes, classes, dict, q, dist);
  } else {
    hierarchicalDistances(pairs, sizes, classes, tree!, dist);
  }
  const flags = new Uint8Array(classes);
  let maxDistance = 0;
  let classesViolating = 0;
  let recordsViolating = 0;
  for (let c = 0; c < classes; c++) {
    if (sizes[c]! === 0) continue;
    const d = dist[c]!;
    if (d > maxDistance) maxDistance = d;
    if (d > t + 1e-12) { flags[c] = 1; classesViolating++; recordsViolating += sizes[c]!; }
  }
  return { column, t, mode, maxDistance, flags, classesViolating, recordsViolating };
}

/** Rank of each value code: numeric order when every label is a number, else code-point order. */
export function valueRanks(dict: ValueDict): { rank: Int32Array; order: Int32Array } {
  const labels = dict.labels();
  const codes: number[] = [];
  for (let c = 0; c < labels.length; c++) codes.push(c);
  const allNumeric = labels.every((l, c) => c === 0 || (l !== null && l.trim() !== '' && Number.isFinite(Number(l))));
  codes.sort((a, b) => {
    if (a === 0) return -1; // null first
    if (b === 0) return 1;
    if (allNumeric) return Number(labels[a]) - Number(labels[b]);
    return labels[a]! < labels[b]! ? -1 : labels[a]! > labels[b]! ? 1 : 0;
  });
  const rank = new Int32Array(labels.length);
  codes.forEach((c, i) => { rank[c] = i; });
  return { rank, order: Int32Array.from(codes) };
}

function orderedDistances(pairs: PairCounts, sizes: ArrayLike<number>, classes: number, dict: ValueDict, q: Float64Array, dist: Float64Array): void {
  const { rank } = valueRanks(dict);
  // Only values that occur count as positions of the ordered domain.
  const present: number[] = [];
  for (let v = 0; v < q.length; v++) if (q[v]! > 0) present.push(v);
  present.sort((a, b) => rank[a]! - rank[b]!);
  const m = present.length;
  const pos = new Int32Array(q.length).fill(-1);
  present.forEach((v, i) => { pos[v] = i; });
  const qOrdered = new Float64Array(m);
  for (let i = 0; i < m; i++) qOrdered[i] = q[present[i]!]!;
  // Group pairs by class (counting sort), then one O(m) sweep per class.
  const start = new Int32Array(classes + 1);
  for (let p = 0; p < pairs.size; p++) start[pairs.classes.buf[p]! + 1]!++;
  for (let c = 0; c < classes; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, classes);
  const byClass = new Int32Array(pairs.size);
  for (let p = 0; p < pairs.size; p++) byClass[fill[pairs.classes.buf[p]!]!++] = p;
  const pVec = new Float64Array(m);
  for (let c = 0; c < classes; c++) {
    const n = sizes[c]!;
    if (n === 0 || m < 2) { dist[c] = 0; continue; }
    for (let k = start[c]!; k < start[c + 1]!; k++) {
      const p = byClass[k]!;
      pVec[pos[pairs.values.buf[p]!]!] = pairs.counts[p]! / n;
    }
    let cum = 0;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      cum += pVec[i]! - qOrdered[i]!;
      sum += Math.abs(cum);
    }
    dist[c] = sum / (m - 1);
    for (let k = start[c]!; k < start[c + 1]!; k++) pVec[pos[pairs.values.buf[byClass[k]!]!]!] = 0;
  }
}
