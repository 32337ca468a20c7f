import { TuominError } from '../errors.js';
import type { ClassStats } from './class-stats.js';
import { ClassTable, PairCounts } from './class-table.js';
import type { LMode, TMode } from './diversity.js';
import { lDiversity, tCloseness } from './diversity.js';
import type { DistanceTree } from './hierarchical-distance.js';
import { distanceTree } from './hierarchical-distance.js';
import type { Hierarchy } from './hierarchy.js';
import { Lattice } from './lattice.js';
import { RollupScratch, rollupByKey, rollupFixedKeys } from './rollup-kernel.js';
import { ValueDict } from './value-dict.js';

/** Rollups whose possible classes (product of level cardinalities) fit this use direct addressing. */
const DIRECT_LIMIT = 1 << 16;

/**
 * entropy: non-uniform entropy (ARX's default); discernibility: DM, Σ|E|² over kept classes plus
 * |D| per suppressed record; dmstar: DM*, Σ|E|² over all classes (monotone, ARX's
 * createDiscernabilityMetric(true)); aecs: average class size; precision: generalization
 * intensity; loss: ARX's Loss (createLossMetric(): per column the records' mean share of the
 * domain their label covers, suppressed records counting 1, normalized, geometric mean).
 */
export const LOSS_METRICS = ['entropy', 'discernibility', 'dmstar', 'aecs', 'precision', 'loss'] as const;
export type LossMetric = (typeof LOSS_METRICS)[number];

export interface PrivacyModel {
  k: number;
  /** Share of rows that may be suppressed, 0..1. */
  suppressionLimit: number;
  l?: { column: string; l: number; mode: LMode } | undefined;
  /** `hierarchy` is the sensitive column's, required by mode 'hierarchical'. */
  t?: { column: string; t: number; mode: TMode; hierarchy?: Hierarchy | undefined } | undefined;
}

/** Class statistics of one lattice node, rolled up from a finer node. */
export interface NodeTable {
  node: number;
  levels: number[];
  /** size × width codes, row-major; null when the space keys classes by number (read them with codesOf). */
  codes: Int32Array | null;
  /** One number per class in the space's fixed radix (null when the lattice's radix passes 2^48). */
  keys: Float64Array | null;
  counts: Float64Array;
  size: number;
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
  /** Sum of |E|² over all classes, suppressed or not, for DM*. */
  sumSquaresAll: number;
  /** Per quasi-identifier, Σ over kept classes of |E| · share of its label, plus the suppressed records (metric 'loss' only). */
  lossSums: Float64Array | null;
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
  /** nue[j][L] = Σ_v a_v log2(b_v / a_v) for column j at level L, cut to 10 decimals as ARX does. */
  readonly nue: number[][];
  /** shares[j][L][code]: share of column j's domain that the level-L label covers (metric 'loss' only). */
  readonly shares: Float64Array[][] | null;
  /** Domain size per column (metric 'loss' only). */
  readonly domainSizes: number[] = [];
  private readonly tree: DistanceTree | undefined;
  readonly bottom: NodeTable;
  nodesEvaluated = 0;
  private readonly maps = new Map<string, Int32Array>();
  private cache: NodeTable[] = [];
  private cachedClasses = 0;
  private readonly sensIndex: number[];
  private slots = new Int32Array(0);
  private readonly floors = new Map<number, NodeTable>();
  private scratchMap = new Int32Array(0);
  private readonly scratch = new RollupScratch();
  /**
   * Fixed radix of class keys (column j's place value) and each column's place width, when the
   * product of the widths stays below 2^48 (keys and their quotients exact in doubles); else null
   * and classes are rolled up by their code tuples.
   */
  private readonly fixedRadix: Float64Array | null = null;
  private readonly fixedCard: Float64Array | null = null;

  constructor(
    readonly stats: ClassStats,
    readonly hierarchies: Hierarchy[],
    readonly model: PrivacyModel,
    readonly metric: LossMetric = 'entropy',
    readonly maxCachedClasses = 4_000_000,
  ) {
    this.width = stats.qi.length;
    // The callers (anonymize, publish's privacy pass) build one hierarchy per quasi-identifier.
    if (hierarchies.length !== this.width) throw new TuominError('BAD_SPEC', 'one hierarchy per quasi-identifier is needed', {}, undefined, { id: 'internal.bug' });
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
    if (model.t?.mode === 'hierarchical') {
      if (!model.t.hierarchy) throw new TuominError('BAD_SPEC', 'hierarchical t-closeness needs a hierarchy for the sensitive column', { column: model.t.column, rule: 't-closeness' }, 'give the sensitive column a hierarchy, or use t-mode equal or ordered', { id: 'privacy.tNeedsHierarchy', params: { column: model.t.column } });
      this.tree = distanceTree(stats.sensDicts[sens[sens.length - 1]!]!, model.t.hierarchy, model.t.column);
    }
    this.shares = metric === 'loss' ? this.computeShares() : null;
    let product = 1;
    const radix = new Float64Array(this.width);
    const card = new Float64Array(this.width);
    for (let j = 0; j < this.width; j++) {
      radix[j] = product;
      card[j] = Math.max(...this.levelDicts[j]!.map((d) => d.size));
      product *= card[j]!;
    }
    let bottomKeys: Float64Array | null = null;
    if (product <= 2 ** 48) {
      this.fixedRadix = radix;
      this.fixedCard = card;
      const codes = stats.table.codes.buf;
      bottomKeys = new Float64Array(stats.table.size);
      for (let c = 0, base = 0; c < stats.table.size; c++, base += this.width) {
        let key = 0;
        for (let j = 0; j < this.width; j++) key += codes[base + j]! * radix[j]!;
        bottomKeys[c] = key;
      }
    }
    this.bottom = {
      node: 0,
      levels: new Array(this.width).fill(0),
      codes: stats.table.codes.buf,
      keys: bottomKeys,
      counts: stats.table.counts,
      size: stats.table.size,
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

  /**
   * Per node, Σ_j perLevel[j][level_j], summed over columns in order (bit-identical to looping
   * over one node's levels), without decoding each node into an array of levels: for the search's
   * ordering and its level-only losses, that decoding cost more than the checks at 0 %.
   */
  levelTable(perLevel: ArrayLike<number>[]): Float64Array {
    const lattice = this.lattice;
    const out = new Float64Array(lattice.size);
    for (let j = 0; j < this.width; j++) {
      const f = perLevel[j]!;
      const r = lattice.radix[j]!;
      const h = lattice.heights[j]!;
      for (let n = 0; n < lattice.size; n++) out[n]! += f[Math.floor(n / r) % h]!;
    }
    return out;
  }

  /** entropyLoss or precisionLoss of every node, indexed by node. */
  levelLosses(metric: 'entropy' | 'precision'): Float64Array {
    if (metric === 'entropy') return this.levelTable(this.nue);
    // precisionLoss divides the sum by w once; do the same so the figures match.
    const t = this.levelTable(this.lattice.heights.map((h) => Array.from({ length: h }, (_, L) => (h > 1 ? L / (h - 1) : 0))));
    for (let n = 0; n < t.length; n++) t[n] = t[n]! / this.width;
    return t;
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
      case 'dmstar':
        return e.sumSquaresAll;
      case 'loss':
        return this.lossOf(e);
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
      if (c.size < from.size && this.lattice.below(c.node, node)) from = c;
    }
    if (node === 0) return this.bottom;
    const levels = this.lattice.levels(node);
    if (from === this.bottom) {
      // Floor nodes (every level capped at 1) are shared by many nodes and much smaller than the
      // input classes: roll up through them instead of from the bottom each time.
      const floor = this.floorTable(levels);
      if (floor && floor.node !== node && floor.size < from.size) from = floor;
    }
    const t = this.rollup(from, node, levels);
    this.nodesEvaluated++;
    if (keep) this.remember(t);
    return t;
  }

  private floorTable(levels: number[]): NodeTable | null {
    const floorLevels = levels.map((l, j) => Math.min(l, 1, this.lattice.heights[j]! - 1));
    const node = this.lattice.node(floorLevels);
    return node === 0 ? null : this.floorOf(node, floorLevels);
  }

  /**
   * A floor table, rolled up from the smallest floor one level below it (built first if need be)
   * rather than from the input classes: on Adult with 1 % suppression this cut the class rows
   * that floors read from 2.9 M to 0.4 M per search.
   */
  private floorOf(node: number, floorLevels: number[]): NodeTable {
    const known = this.floors.get(node);
    if (known) return known;
    let from: NodeTable | null = null;
    let firstBelow = -1;
    for (let j = 0; j < this.width; j++) {
      if (floorLevels[j] !== 1) continue;
      const below = node - this.lattice.radix[j]!;
      if (below === 0) { from = this.bottom; break; }
      if (firstBelow < 0) firstBelow = below;
      const t = this.floors.get(below);
      if (t && (from === null || t.size < from.size)) from = t;
    }
    if (from === null) from = this.floorOf(firstBelow, this.lattice.levels(firstBelow));
    const t = this.rollup(from, node, floorLevels);
    this.floors.set(node, t);
    return t;
  }

  /** Judge a node; when `flagsOut` is given (length ≥ t.size) it receives 1 for each suppressed class. */
  verdict(t: NodeTable, flagsOut?: Uint8Array): NodeEvaluation {
    const k = this.model.k;
    const n = t.size;
    const counts = t.counts;
    let flags: Uint8Array | null = null;
    let pi = 0;
    if (this.model.l) {
      const r = lDiversity(this.model.l.column, t.pairs[pi++]!, counts, n, this.model.l.l, this.model.l.mode);
      flags = r.flags;
    }
    if (this.model.t) {
      const s = this.sensIndex[pi]!;
      const r = tCloseness(this.model.t.column, t.pairs[pi++]!, counts, n, this.stats.sensDicts[s]!, this.model.t.t, this.model.t.mode, this.tree);
      if (flags) for (let c = 0; c < n; c++) flags[c]! |= r.flags[c]!;
      else flags = r.flags;
    }
    let suppressed = 0;
    let kept = 0;
    let sumSquares = 0;
    let sumSquaresAll = 0;
    for (let c = 0; c < n; c++) {
      const size = counts[c]!;
      sumSquaresAll += size * size;
      if (size < k || (flags !== null && flags[c] === 1)) {
        suppressed += size;
        if (flagsOut) flagsOut[c] = 1;
      } else { kept++; sumSquares += size * size; }
    }
    const lossSums = this.shares ? this.lossSums(t, flags) : null;
    return {
      node: t.node,
      levels: t.levels,
      satisfies: suppressed <= this.allowedSuppressed,
      suppressed,
      classes: n,
      keptClasses: kept,
      sumSquares,
      sumSquaresAll,
      lossSums,
    };
  }

  /** Numerators of the loss metric: kept classes weigh their labels' shares, suppressed records 1. */
  private lossSums(t: NodeTable, flags: Uint8Array | null): Float64Array {
    const w = this.width;
    const k = this.model.k;
    const out = new Float64Array(w);
    const shares = this.shares!;
    const perColumn = t.levels.map((L, j) => shares[j]![L]!);
    const codes = this.codesOf(t);
    for (let c = 0, base = 0; c < t.size; c++, base += w) {
      const size = t.counts[c]!;
      if (size < k || (flags !== null && flags[c] === 1)) {
        for (let j = 0; j < w; j++) out[j]! += size;
      } else {
        for (let j = 0; j < w; j++) out[j]! += size * perColumn[j]![codes[base + j]!]!;
      }
    }
    return out;
  }

  /**
   * ARX's Loss with its defaults (gs-factor 0.5, geometric mean, equal weights): per column
   * (Σ − N/|domain|) / (N − N/|domain|), cut to 10 decimals, then Π (v_j + 1)^(1/w) − 1.
   */
  private lossOf(e: NodeEvaluation): number {
    if (!e.lossSums) throw new Error('loss metric: the space was built for another metric');
    const w = this.width;
    const n = this.rows;
    let result = 1;
    for (let j = 0; j < w; j++) {
      const min = n / this.domainSizes[j]!;
      const v = n - min > 0 ? Math.max(0, (e.lossSums[j]! - min) / (n - min)) : 0;
      result *= Math.pow(arxRound(v) + 1, 1 / w);
    }
    return result - 1;
  }

  /** Per column and level, the share of the domain each label covers (ARX's DomainShareMaterialized). */
  private computeShares(): Float64Array[][] {
    const out: Float64Array[][] = [];
    for (let j = 0; j < this.width; j++) {
      const h = this.hierarchies[j]!;
      const column = this.stats.qi[j]!;
      const present = this.stats.qiDicts[j]!.labels().filter((l): l is string => l !== null);
      const domain = h.leaves ?? present;
      const size = Math.max(1, domain.length);
      this.domainSizes.push(size);
      const perLevel: Float64Array[] = [];
      for (let L = 0; L < h.height; L++) {
        const covered = new Map<string, number>();
        for (const v of domain) {
          const g = h.generalize(v, L, column);
          if (g !== null) covered.set(g, (covered.get(g) ?? 0) + 1);
        }
        const dict = this.levelDicts[j]![L]!;
        const share = new Float64Array(dict.size);
        // A label outside the listed domain (null below the top) is as specific as one value.
        for (let c = 0; c < dict.size; c++) {
          const label = dict.label(c);
          share[c] = Math.max(1, label === null ? 1 : covered.get(label) ?? 1) / size;
        }
        perLevel.push(share);
      }
      out.push(perLevel);
    }
    return out;
  }

  /** Label of a class's value in column j at a level. */
  label(j: number, level: number, code: number): string | null {
    return this.levelDicts[j]![level]!.label(code);
  }

  /**
   * For applying a chosen node to rows: the node's classes rolled up straight from the input
   * classes, and per input class whether its records are suppressed.
   */
  resolveNode(node: number): { table: NodeTable; evaluation: NodeEvaluation; classFlags: Uint8Array; baseFlags: Uint8Array; baseToClass: Int32Array } {
    const levels = this.lattice.levels(node);
    const baseToClass = new Int32Array(this.bottom.size);
    const table = node === 0 ? this.bottom : this.rollup(this.bottom, node, levels, baseToClass);
    if (node === 0) for (let c = 0; c < baseToClass.length; c++) baseToClass[c] = c;
    const classFlags = new Uint8Array(table.size);
    const evaluation = this.verdict(table, classFlags);
    const baseFlags = new Uint8Array(this.bottom.size);
    for (let c = 0; c < baseFlags.length; c++) baseFlags[c] = classFlags[baseToClass[c]!]!;
    return { table, evaluation, classFlags, baseFlags, baseToClass };
  }

  /** Codes of a table's classes (size × width, row-major), decoded from its keys when it has no codes. */
  codesOf(t: NodeTable): Int32Array {
    if (t.codes) return t.codes;
    const w = this.width;
    const radix = this.fixedRadix!;
    const card = this.fixedCard!;
    const codes = new Int32Array(t.size * w);
    const keys = t.keys!;
    for (let c = 0, base = 0; c < t.size; c++, base += w) {
      for (let j = 0; j < w; j++) {
        const q = Math.floor(keys[c]! / radix[j]!);
        codes[base + j] = q - Math.floor(q / card[j]!) * card[j]!;
      }
    }
    t.codes = codes;
    return codes;
  }

  private rollup(from: NodeTable, node: number, levels: number[], classMapOut?: Int32Array): NodeTable {
    const w = this.width;
    if (this.fixedRadix && from.keys) return this.rollupFixed(from, node, levels, classMapOut);
    const maps: Int32Array[] = [];
    let product = 1;
    const radix = new Float64Array(w);
    for (let j = 0; j < w; j++) {
      maps.push(this.mapBetween(j, from.levels[j]!, levels[j]!));
      radix[j] = product;
      product *= this.levelDicts[j]![levels[j]!]!.size;
    }
    const withPairs = from.pairs.length > 0;
    // The class map is only kept when pairs must follow or the caller asked for it.
    if (!classMapOut && !withPairs && this.scratchMap.length < from.size) this.scratchMap = new Int32Array(from.size);
    const classMap = classMapOut ?? (withPairs ? new Int32Array(from.size) : this.scratchMap);
    const out =
      product <= DIRECT_LIMIT
        ? this.rollupDirect(from, maps, radix, product, classMap)
        : product < 2 ** 53
          ? this.rollupKeyed(from, maps, radix, classMap)
          : this.rollupHashed(from, maps, classMap);
    const pairs = withPairs
      ? from.pairs.map((p) => {
          const o = new PairCounts();
          for (let i = 0; i < p.size; i++) o.add(classMap[p.classes.buf[i]!]!, p.values.buf[i]!, p.counts[i]!);
          return o;
        })
      : [];
    return { node, levels, codes: out.codes, keys: null, counts: out.counts, size: out.size, pairs };
  }

  private classMapFor(from: NodeTable, classMapOut: Int32Array | undefined): Int32Array {
    // The class map is only kept when pairs must follow or the caller asked for it.
    if (classMapOut) return classMapOut;
    if (from.pairs.length > 0) return new Int32Array(from.size);
    if (this.scratchMap.length < from.size) this.scratchMap = new Int32Array(from.size);
    return this.scratchMap;
  }

  private rollPairs(from: NodeTable, classMap: Int32Array): PairCounts[] {
    return from.pairs.map((p) => {
      const o = new PairCounts();
      for (let i = 0; i < p.size; i++) o.add(classMap[p.classes.buf[i]!]!, p.values.buf[i]!, p.counts[i]!);
      return o;
    });
  }

  /** Rollup in the fixed radix: only the columns whose level changes are read and moved. */
  private rollupFixed(from: NodeTable, node: number, levels: number[], classMapOut?: Int32Array): NodeTable {
    const radix = this.fixedRadix!;
    const card = this.fixedCard!;
    const cols: number[] = [];
    for (let j = 0; j < this.width; j++) if (from.levels[j] !== levels[j]) cols.push(j);
    const m = cols.length;
    const r = new Float64Array(m);
    const cd = new Float64Array(m);
    const off = new Int32Array(m);
    let total = 0;
    for (let t = 0; t < m; t++) { off[t] = total; total += this.levelDicts[cols[t]!]![from.levels[cols[t]!]!]!.size; }
    const delta = new Float64Array(total);
    for (let t = 0; t < m; t++) {
      const j = cols[t]!;
      r[t] = radix[j]!;
      cd[t] = card[j]!;
      const map = this.mapBetween(j, from.levels[j]!, levels[j]!);
      for (let x = 0; x < map.length; x++) delta[off[t]! + x] = (map[x]! - x) * radix[j]!;
    }
    const classMap = this.classMapFor(from, classMapOut);
    const out = rollupFixedKeys(from.keys!, from.counts, from.size, m, r, cd, off, delta, this.scratch, classMap);
    return { node, levels, codes: null, keys: out.keys, counts: out.counts, size: out.size, pairs: this.rollPairs(from, classMap) };
  }

  /** Few possible classes: address them directly by their mixed-radix key (no hashing). */
  private rollupDirect(from: NodeTable, maps: Int32Array[], radix: Float64Array, product: number, classMap: Int32Array): { codes: Int32Array; counts: Float64Array; size: number } {
    const w = this.width;
    if (this.slots.length < product) this.slots = new Int32Array(Math.max(product, this.slots.length * 2));
    const slots = this.slots;
    const src = from.codes!;
    const srcCounts = from.counts;
    const n = from.size;
    let codes = new Int32Array(Math.min(n, 1024) * w);
    let counts = new Float64Array(Math.min(n, 1024));
    const keys: number[] = [];
    let size = 0;
    for (let c = 0, base = 0; c < n; c++, base += w) {
      let key = 0;
      for (let j = 0; j < w; j++) key += maps[j]![src[base + j]!]! * radix[j]!;
      let idx = slots[key]! - 1;
      if (idx < 0) {
        idx = size++;
        slots[key] = size;
        keys.push(key);
        if (size > counts.length) {
          const nc = new Float64Array(counts.length * 2);
          nc.set(counts);
          counts = nc;
          const nk = new Int32Array(codes.length * 2);
          nk.set(codes);
          codes = nk;
        }
        const ob = idx * w;
        for (let j = 0; j < w; j++) codes[ob + j] = maps[j]![src[base + j]!]!;
      }
      counts[idx]! += srcCounts[c]!;
      classMap[c] = idx;
    }
    for (const key of keys) slots[key] = 0;
    return { codes: codes.subarray(0, size * w), counts, size };
  }

  /** Many possible classes but a key below 2^53: hash one double per class instead of a tuple. */
  private rollupKeyed(from: NodeTable, maps: Int32Array[], radix: Float64Array, classMap: Int32Array): { codes: Int32Array; counts: Float64Array; size: number } {
    // One flat array per rollup: column j's map, scaled by its radix, starts at off[j].
    const w = this.width;
    const off = new Int32Array(w);
    let total = 0;
    for (let j = 0; j < w; j++) { off[j] = total; total += maps[j]!.length; }
    const flatKey = new Float64Array(total);
    const flatCode = new Int32Array(total);
    for (let j = 0; j < w; j++) {
      const m = maps[j]!;
      for (let i = 0; i < m.length; i++) { flatKey[off[j]! + i] = m[i]! * radix[j]!; flatCode[off[j]! + i] = m[i]!; }
    }
    return rollupByKey(from.codes!, from.counts, from.size, w, off, flatKey, flatCode, this.scratch, classMap);
  }

  private rollupHashed(from: NodeTable, maps: Int32Array[], classMap: Int32Array): { codes: Int32Array; counts: Float64Array; size: number } {
    const w = this.width;
    const src = from.codes!;
    const table = new ClassTable(w, Math.max(16, from.size >> 1));
    const tuple = new Int32Array(w);
    for (let c = 0, base = 0; c < from.size; c++, base += w) {
      for (let j = 0; j < w; j++) tuple[j] = maps[j]![src[base + j]!]!;
      classMap[c] = table.add(tuple, 0, from.counts[c]!);
    }
    return { codes: table.codes.buf.subarray(0, table.size * w), counts: table.counts, size: table.size };
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
        throw new TuominError('BAD_INPUT', `hierarchy is not functional: level ${a} label "${this.label(j, a, from)}" generalizes to more than one level-${b} label`, { column: this.stats.qi[j]! }, 'each label must have exactly one parent at the next level', { id: 'hierarchy.twoParents', params: { level: a } });
      }
    }
    for (let i = 0; i < m.length; i++) if (m[i] === -1) m[i] = 0;
    this.maps.set(key, m);
    return m;
  }

  private remember(t: NodeTable): void {
    this.cache.push(t);
    this.cachedClasses += t.size;
    while (this.cachedClasses > this.maxCachedClasses && this.cache.length > 1) {
      const old = this.cache.shift()!;
      this.cachedClasses -= old.size;
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
        // ARX's arithmetic, so that the figure matches it to the printed digit: Σ a · log2(a / b)
        // with log2(x) = ln x / ln 2, negated, then cut to 10 decimals (Metric.round).
        let s = 0;
        for (let v = 0; v < aj.length; v++) {
          const av = aj[v]!;
          if (av > 0) s += av * (Math.log(av / b[map[v]!]!) / Math.LN2);
        }
        perLevel.push(arxRound(s === 0 ? 0 : -s));
      }
      out.push(perLevel);
    }
    return out;
  }
}

/** ARX's Metric.round: keep 10 decimals, cutting (not rounding) the rest. */
function arxRound(v: number): number {
  return Math.floor(v * 1e10) / 1e10;
}

function indexOrThrow(list: string[], column: string): number {
  const i = list.indexOf(column);
  if (i < 0) throw new TuominError('BAD_SPEC', 'sensitive column was not collected in the class statistics', { column }, 'list it under sensitive', { id: 'privacy.sensitiveNotCollected' });
  return i;
}
