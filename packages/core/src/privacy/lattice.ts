/**
 * The generalization lattice: one node per combination of levels, indexed in mixed radix
 * (column 0 varies fastest). Tagging states are kept in a flat Int8Array.
 */
export class Lattice {
  readonly heights: number[];
  readonly radix: number[];
  readonly size: number;
  readonly levelSum: Int32Array;
  readonly maxLevelSum: number;
  /** 0 unknown, 1 satisfies the privacy model, 2 does not. */
  readonly state: Int8Array;

  constructor(heights: number[]) {
    this.heights = heights;
    this.radix = [];
    let size = 1;
    for (const h of heights) {
      this.radix.push(size);
      size *= h;
    }
    this.size = size;
    this.state = new Int8Array(size);
    this.levelSum = new Int32Array(size);
    let max = 0;
    for (let n = 0; n < size; n++) {
      let s = 0;
      let rest = n;
      for (const h of heights) {
        s += rest % h;
        rest = Math.floor(rest / h);
      }
      this.levelSum[n] = s;
      if (s > max) max = s;
    }
    this.maxLevelSum = max;
  }

  levels(node: number): number[] {
    const out: number[] = [];
    let rest = node;
    for (const h of this.heights) {
      out.push(rest % h);
      rest = Math.floor(rest / h);
    }
    return out;
  }

  node(levels: number[]): number {
    let n = 0;
    for (let j = 0; j < levels.length; j++) n += levels[j]! * this.radix[j]!;
    return n;
  }

  successors(node: number): number[] {
    const out: number[] = [];
    let rest = node;
    for (let j = 0; j < this.heights.length; j++) {
      const l = rest % this.heights[j]!;
      rest = Math.floor(rest / this.heights[j]!);
      if (l + 1 < this.heights[j]!) out.push(node + this.radix[j]!);
    }
    return out;
  }

  predecessors(node: number): number[] {
    const out: number[] = [];
    let rest = node;
    for (let j = 0; j < this.heights.length; j++) {
      const l = rest % this.heights[j]!;
      rest = Math.floor(rest / this.heights[j]!);
      if (l > 0) out.push(node - this.radix[j]!);
    }
    return out;
  }

  /** Is `a` at or below `b` in every column (a is a specialization of b)? */
  below(a: number, b: number): boolean {
    for (let j = 0; j < this.heights.length; j++) {
      const h = this.heights[j]!;
      if (a % h > b % h) return false;
      a = Math.floor(a / h);
      b = Math.floor(b / h);
    }
    return true;
  }

  /** Predictive tagging: a node satisfying the model makes all its generalizations satisfy it. */
  tagUp(node: number): void {
    const stack = [node];
    this.state[node] = 1;
    while (stack.length) {
      for (const s of this.successors(stack.pop()!)) {
        if (this.state[s] !== 1) {
          this.state[s] = 1;
          stack.push(s);
        }
      }
    }
  }

  /** A node failing the model makes all its specializations fail. */
  tagDown(node: number): void {
    const stack = [node];
    this.state[node] = 2;
    while (stack.length) {
      for (const p of this.predecessors(stack.pop()!)) {
        if (this.state[p] !== 2) {
          this.state[p] = 2;
          stack.push(p);
        }
      }
    }
  }
}
