import { TuominError } from '../errors.js';
import type { PairCounts } from './class-table.js';
import type { Hierarchy } from './hierarchy.js';
import type { ValueDict } from './value-dict.js';

/**
 * The sensitive column's hierarchy as a tree for the Earth Mover's Distance with hierarchical
 * ground distance (Li, Li & Venkatasubramanian, t-Closeness, ICDE 2007, as ARX's
 * HierarchicalDistanceTCloseness computes it). Nodes of level L are the distinct level-L labels;
 * parent[L][x] is the level-L node above node x of level L − 1 (level 0 = the value codes).
 */
export interface DistanceTree {
  /** Levels above the leaves: the hierarchy's height − 1 (ARX's H). */
  height: number;
  /** parent[L] for L = 1..height (index 0 unused): node of level L − 1 → node of level L. */
  parent: Int32Array[];
  /** Nodes per level, level 0 = value codes. */
  nodes: number[];
}

/** Build the tree over the codes of `dict` (null joins the hierarchy's own null chain). */
export function distanceTree(dict: ValueDict, hierarchy: Hierarchy, column: string): DistanceTree {
  const height = hierarchy.height - 1;
  if (height < 1) {
    throw new TuominError('BAD_SPEC', 'hierarchical t-closeness needs a hierarchy with at least two levels for the sensitive column', { column, rule: 't-closeness' }, 'give the sensitive column a hierarchy (value;level1;...;*) or use t-mode equal', { id: 'privacy.tHierarchyLevels' });
  }
  const labels = dict.labels();
  // below[c]: the node above value c at the level just built; level 0 nodes are the value codes.
  const below = Int32Array.from(labels, (_, c) => c);
  const parent: Int32Array[] = [new Int32Array(0)];
  const nodes: number[] = [labels.length];
  for (let L = 1; L <= height; L++) {
    const ids = new Map<string, number>();
    const up = new Int32Array(nodes[L - 1]!).fill(-1);
    for (let c = 0; c < labels.length; c++) {
      const g = hierarchy.generalize(labels[c] ?? null, L, column);
      // null below the top is its own node (the \0 prefix keeps it apart from any label).
      const key = g === null ? '\u0000null' : g;
      let id = ids.get(key);
      if (id === undefined) { id = ids.size; ids.set(key, id); }
      const child = below[c]!;
      if (up[child] !== -1 && up[child] !== id) {
        throw new TuominError('BAD_INPUT', `the hierarchy of the sensitive column is not functional at level ${L}: a level-${L - 1} label has two parents`, { column, rule: 't-closeness' }, 'each label must have exactly one parent at the next level', { id: 'hierarchy.twoParents', params: { level: L - 1 } });
      }
      up[child] = id;
      below[c] = id;
    }
    parent.push(up);
    nodes.push(ids.size);
  }
  return { height, parent, nodes };
}

/**
 * dist[c] = hierarchical EMD between class c's distribution and the whole table's. As in ARX,
 * with N records overall and n in the class, each value's surplus is the integer
 * e_v = global_v · n − class_v · N; a node of level L moves min(Σ positive, Σ negative) of its
 * children's surpluses at cost L / H, and passes the rest up. Integers stay exact in doubles
 * (N · n < 2^53), so the figure is ARX's to the last bit but for the order of the final sum.
 */
export function hierarchicalDistances(pairs: PairCounts, sizes: ArrayLike<number>, classes: number, tree: DistanceTree, dist: Float64Array): void {
  const leaves = tree.nodes[0]!;
  const global = new Float64Array(leaves);
  let total = 0;
  const pc = pairs.classes.buf;
  const pv = pairs.values.buf;
  for (let p = 0; p < pairs.size; p++) { global[pv[p]!]! += pairs.counts[p]!; total += pairs.counts[p]!; }
  // Pairs grouped by class (counting sort), one pass over the tree per class.
  const start = new Int32Array(classes + 1);
  for (let p = 0; p < pairs.size; p++) start[pc[p]! + 1]!++;
  for (let c = 0; c < classes; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, classes);
  const byClass = new Int32Array(pairs.size);
  for (let p = 0; p < pairs.size; p++) byClass[fill[pc[p]!]!++] = p;
  const H = tree.height;
  const levelExtra: Float64Array[] = tree.nodes.map((n) => new Float64Array(n));
  const pos: Float64Array[] = tree.nodes.map((n) => new Float64Array(n));
  const neg: Float64Array[] = tree.nodes.map((n) => new Float64Array(n));
  const leafExtra = levelExtra[0]!;
  for (let c = 0; c < classes; c++) {
    const n = sizes[c]!;
    if (n === 0) { dist[c] = 0; continue; }
    for (let v = 0; v < leaves; v++) leafExtra[v] = global[v]! * n;
    for (let k = start[c]!; k < start[c + 1]!; k++) {
      const p = byClass[k]!;
      leafExtra[pv[p]!]! -= pairs.counts[p]! * total;
    }
    let cost = 0;
    for (let L = 1; L <= H; L++) {
      const up = tree.parent[L]!;
      const below = levelExtra[L - 1]!;
      const ps = pos[L]!;
      const ns = neg[L]!;
      ps.fill(0);
      ns.fill(0);
      for (let x = 0; x < below.length; x++) {
        const e = below[x]!;
        if (e > 0) ps[up[x]!]! += e;
        else ns[up[x]!]! -= e;
      }
      const ex = levelExtra[L]!;
      const w = L / H;
      for (let y = 0; y < ex.length; y++) {
        cost += w * Math.min(ps[y]!, ns[y]!);
        ex[y] = ps[y]! - ns[y]!;
      }
    }
    dist[c] = cost / (total * n);
  }
}
