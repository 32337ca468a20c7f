import { TuominError } from '../errors.js';
import type { ClassStats } from './class-stats.js';
import { ClassTable, PairCounts } from './class-table.js';
import type { LMode, TMode } from './diversity.js';
import { lDiversity, tCloseness } from './diversity.js';
import type { Hierarchy } from './hierarchy.js';
import { Lattice } from './lattice.js';
import { ValueDict } from './value-dict.js';

export type LossMetric = 'entropy' | 'discernibility' | 'aecs' | 'precision';

export interface PrivacyModel {
  k: number;
  /** Share of rows that may be suppressed, 0..1. */
  suppressionLimit: number;
  l?: { column: string; l: number; mode: LMode } | undefined;
  t?: { column: string; t: number; mode: TMode } | undefined;
}

/** Class statistics of one lattice node, rolled up from a finer node. */
export interface NodeTable {
  node: number;
  levels: number[];
  table: ClassTable;
  pairs: PairCounts[];
}

export interface NodeEvaluation {
  node: number;
  levels: number[];
  satisfies: boolean;
  suppressed: number;
  classes: number;
  keptClasses: number;
  /** Sum of |E|² over kept classes, for discernibility. */
  sumSquares: number;
}

/**
 * Everything the search needs, prepared once from the class statistics of the input at level 0:
 * per column and level, the code of each original value's generalization, and the per-level
 * non-uniform entropy loss (it depends on levels only). Nodes are evaluated by rolling up the
 * class table of the closest cached finer node, never by reading rows again.
 */
export class GeneralizationSpace {
  readonly lattice: Lattice;
  readonly width: number;
  readonly rows: number;
  /** levelCodes[j][L][originalCode] = code of its level-L label. */
  readonly levelCodes: Int32Array[][];
  readonly levelDicts: ValueDict[][];
  /** nue[j][L] = Σ_v a_v log2(b_v / a_v) for column j at level L. */
  readonly nue: number[][];
  readonly bottom: NodeTable;
  nodesEvaluated = 0;
  private readonly maps = new Map<string, Int32Array>();
  private cache: NodeTable[] = [];
  private cachedClasses = 0;
  private readonly sensIndex: number[];

  constructor(
    readonly stats: ClassStats,
    readonly hierarchies: Hierarchy[],
    readonly model: PrivacyModel,
    readonly maxCachedClasses = 4_000_000,
  ) {
    this.width = stats.qi.length;
    if (hierarchies.length !== this.width) throw new TuominError('BAD_SPEC', 'one hierarchy per quasi-identifier is needed');
    this.rows = stats.rows;
    this.lattice = new Lattice(hierarchies.map((h) => h.height));
    this.levelCodes = [];
    this.levelDicts = [];
    for (let j = 0; j < this.width; j++) {
      const h = hierarchies[j]!;
      const labels = stats.qiDicts[j]!.labels();
      const perLevel: Int32Array[] = [];
      const dicts: ValueDict[] = [];
      for (let L = 0; L < h.height; L++) {
        const dict = new ValueDict();
        const codes = new Int32Array(labels.length);
        for (let c = 1; c < labels.length; c++) {
          const g = h.generalize(labels[c]!, L, stats.qi[j]!);
          codes[c] = g === null ? 0 : dict.codeOfString(g);
        }
        // null stays null below the top; at the top it joins `*`.
        codes[0] = L === h.height - 1 ? dict.codeOfString('*') : 0;
        perLevel.push(codes);
        dicts.push(dict);
      }
      this.levelCodes.push(perLevel);
      this.levelDicts.push(dicts);
    }
    this.nue = this.computeNue();
    const sens: number[] = [];
    if (model.l) sens.push(indexOrThrow(stats.sensitive, model.l.column));
    if (model.t) sens.push(indexOrThrow(stats.sensitive, model.t.column));
    this.sensIndex = sens;
    this.bottom = {
      node: 0,
      levels: new Array(this.width).fill(0),
      table: stats.table,
      pairs: sens.map((s) => stats.pairs[s]!),
    };
  }

  /** Rows a node may suppress and still satisfy the model. */
  get allowedSuppressed(): number {
    return Math.floor(this.model.suppressionLimit * this.rows + 1e-9);
  }

  entropyLoss(levels: number[]): number {
    let s = 0;
    for (let j = 0; j < this.width; j++) s += this.nue[j]![levels[j]!]!;
    return s;
  }

  /** Generalization intensity: mean over columns of level / (height − 1), in [0, 1]. */
  precisionLoss(levels: number[]): number {
    let s = 0;
    for (let j = 0; j < this.width; j++) {
      const h = this.lattice.heights[j]!;
      s += h > 1 ? levels[j]! / (h - 1) : 0;
    }
    return s / this.width;
  }

  /** Loss of an evaluated node under a metric. */
  loss(metric: LossMetric, e: NodeEvaluation): number {
    switch (metric) {
      case 'entropy':
        return this.entropyLoss(e.levels);
      case 'precision':
        return this.precisionLoss(e.levels);
      case 'discernibility':
        return e.sumSquares + e.suppressed * this.rows;
      case 'aecs':
        return this.rows / Math.max(1, e.keptClasses + (e.suppressed > 0 ? 1 : 0));
    }
  }

  /** True when the loss depends on levels only, so tagged nodes need no evaluation. */
  static levelOnly(metric: LossMetric): boolean {
    return metric === 'entropy' || metric === 'precision';
  }

  evaluate(node: number, keepTable = true): NodeEvaluation {
    const t = this.tableOf(node, keepTable);
    return this.verdict(t);
  }

  /** The class table of a node, rolled up from the cached finer node with the fewest classes. */
  tableOf(node: number, keep = true): NodeTable {
    let from = this.bottom;
    for (const c of this.cache) {
      if (c.node === node) return c;
      if (c.table.size < from.table.size && this.lattice.below(c.node, node)) from = c;
    }
    if (node === 0) return this.bottom;
    const levels = this.lattice.levels(node);
    const t = this.rollup(from, node, levels);
    this.nodesEvaluated++;
    if (keep) this.remember(t);
    return t;
  }

  verdict(t: NodeTable): NodeEvaluation {
    const { table } = t;
    const k = this.model.k;
    const n = table.size;
    const counts = table.counts;
    let flags: Uint8Array | null = null;
    let pi = 0;
    if (this.model.l) {
      const r = lDiversity(this.model.l.column, t.pairs[pi++]!, counts, n, this.model.l.l, this.model.l.mode);
      flags = r.flags;
    }
    if (this.model.t) {
      const s = this.sensIndex[pi]!;
      const r = tCloseness(this.model.t.column, t.pairs[pi++]!, counts, n, this.stats.sensDicts[s]!, this.model.t.t, this.model.t.mode);
      if (flags) for (let c = 0; c < n; c++) flags[c]! |= r.flags[c]!;
      else flags = r.flags;
    }
    let suppressed = 0;
    let kept = 0;
    let sumSquares = 0;
    for (let c = 0; c < n; c++) {
      const size = counts[c]!;
      if (size < k || (flags !== null && flags[c] === 1)) suppressed += size;
      else { kept++; sumSquares += size * size; }
    }
    return {
      node: t.node,
      levels: t.levels,
      satisfies: suppressed <= this.allowedSuppressed,
      suppressed,
      classes: n,
      keptClasses: kept,
      sumSquares,
    };
  }

  /** Label of a class's value in column j at a level. */
  label(j: number, level: number, code: number): string | null {
    return this.levelDicts[j]![level]!.label(code);
  }

  private rollup(from: NodeTable, node: number, levels: number[]): NodeTable {
    const w = this.width;
    const maps: Int32Array[] = [];
    for (let j = 0; j < w; j++) maps.push(this.mapBetween(j, from.levels[j]!, levels[j]!));
    const src = from.table;
    const codes = src.codes.buf;
    const table = new ClassTable(w, Math.max(16, src.size >> 1));
    const tuple = new Int32Array(w);
    const withPairs = from.pairs.length > 0;
    const classMap = withPairs ? new Int32Array(src.size) : null;
    for (let c = 0, base = 0; c < src.size; c++, base += w) {
      for (let j = 0; j < w; j++) tuple[j] = maps[j]![codes[base + j]!]!;
      const to = table.add(tuple, 0, src.counts[c]!);
      if (classMap) classMap[c] = to;
    }
    const pairs = from.pairs.map((p) => {
      const out = new PairCounts();
      for (let i = 0; i < p.size; i++) out.add(classMap![p.classes.buf[i]!]!, p.values.buf[i]!, p.counts[i]!);
      return out;
    });
    return { node, levels, table, pairs };
  }

  /** Map from level-a codes to level-b codes of column j; fails when the hierarchy is not functional. */
  private mapBetween(j: number, a: number, b: number): Int32Array {
    const key = `${j}:${a}:${b}`;
    let m = this.maps.get(key);
    if (m) return m;
    const ca = this.levelCodes[j]![a]!;
    const cb = this.levelCodes[j]![b]!;
    m = new Int32Array(this.levelDicts[j]![a]!.size).fill(-1);
    for (let x = 0; x < ca.length; x++) {
      const from = ca[x]!;
      const to = cb[x]!;
      if (m[from] === -1) m[from] = to;
      else if (m[from] !== to) {
        throw new TuominError('BAD_INPUT', `hierarchy is not functional: level ${a} label "${this.label(j, a, from)}" generalizes to more than one level-${b} label`, { column: this.stats.qi[j]! }, 'each label must have exactly one parent at the next level');
      }
    }
    for (let i = 0; i < m.length; i++) if (m[i] === -1) m[i] = 0;
    this.maps.set(key, m);
    return m;
  }

  private remember(t: NodeTable): void {
    this.cache.push(t);
    this.cachedClasses += t.table.size;
    while (this.cachedClasses > this.maxCachedClasses && this.cache.length > 1) {
      const old = this.cache.shift()!;
      this.cachedClasses -= old.table.size;
    }
  }

  private computeNue(): number[][] {
    // a[j][code]: input count of each original value.
    const w = this.width;
    const counts = this.stats.table.counts;
    const codes = this.stats.table.codes.buf;
    const a: Float64Array[] = this.stats.qiDicts.map((d) => new Float64Array(d.size));
    for (let c = 0; c < this.stats.table.size; c++) {
      for (let j = 0; j < w; j++) a[j]![codes[c * w + j]!]! += counts[c]!;
    }
    const out: number[][] = [];
    for (let j = 0; j < w; j++) {
      const perLevel: number[] = [];
      for (let L = 0; L < this.levelCodes[j]!.length; L++) {
        const map = this.levelCodes[j]![L]!;
        const b = new Float64Array(this.levelDicts[j]![L]!.size + 1);
        const aj = a[j]!;
        for (let v = 0; v < aj.length; v++) b[map[v]!]! += aj[v]!;
        let s = 0;
        for (let v = 0; v < aj.length; v++) {
          const av = aj[v]!;
          if (av > 0) s += av * Math.log2(b[map[v]!]! / av);
        }
        perLevel.push(s);
      }
      out.push(perLevel);
    }
    return out;
  }
}

function indexOrThrow(list: string[], column: string): number {
  const i = list.indexOf(column);
  if (i < 0) throw new TuominError('BAD_SPEC', 'sensitive column was not collected in the class statistics', { column }, 'list it under sensitive');
  return i;
}
