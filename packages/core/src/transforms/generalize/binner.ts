import { GrowableBytes } from '../../kernels/buffers.js';

/** Bins: fixed width from an origin, or sorted custom edges; optional bottom and top coding. */
export interface BinSpec {
  width?: number | undefined;
  origin?: number | undefined;
  edges?: number[] | undefined;
  /** Values >= top fall into one open bin, labelled ">=top". */
  top?: number | undefined;
  /** Values < bottom fall into one open bin, labelled "<bottom". */
  bottom?: number | undefined;
  /** interval: "[30,40)"; range: "30-39" (integer notation); lower: the bin's lower bound as a number. */
  output?: 'interval' | 'range' | 'lower' | undefined;
}

const LABEL_TABLE = 1 << 16;
// Drop float noise (0.30000000000000004) from labels; integers are exact already.
const tidy = (x: number): number => (Number.isInteger(x) ? x : Number(x.toPrecision(15)));

/**
 * Maps a number to a bin slot (0 = bottom-coded, 1 = top-coded, 2.. = regular bins; -1 = NaN)
 * and a slot to its label bytes. Labels are made on first use and kept: a column with ages
 * makes about ten labels, and the hot loop only copies bytes.
 */
export class Binner {
  readonly width: number;
  readonly origin: number;
  readonly edges: Float64Array | null;
  readonly top: number;
  readonly bottom: number;
  readonly range: boolean;
  readonly labels = new GrowableBytes(256);
  readonly labelStart = new Int32Array(LABEL_TABLE).fill(-1);
  readonly labelEnd = new Int32Array(LABEL_TABLE);
  private readonly far = new Map<number, [number, number]>();
  private readonly enc = new TextEncoder();

  constructor(spec: BinSpec) {
    this.range = spec.output === 'range';
    if (spec.edges && spec.edges.length > 0) {
      const e = spec.edges.slice().sort((a, b) => a - b);
      this.edges = Float64Array.from(e);
      this.bottom = e[0]!;
      this.top = e[e.length - 1]!;
      this.width = 0;
      this.origin = 0;
    } else {
      if (!(spec.width !== undefined && spec.width > 0)) throw new RangeError('bins need a positive width or a list of edges');
      this.edges = null;
      this.width = spec.width;
      this.origin = spec.origin ?? 0;
      this.top = spec.top ?? Infinity;
      this.bottom = spec.bottom ?? -Infinity;
    }
  }

  slot(v: number): number {
    if (v !== v) return -1;
    if (v < this.bottom) return 0;
    if (v >= this.top) return 1;
    if (this.edges !== null) {
      const e = this.edges;
      let lo = 0, hi = e.length - 1; // e[lo] <= v < e[hi]
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (v >= e[mid]!) lo = mid;
        else hi = mid;
      }
      return 2 + lo;
    }
    const k = Math.floor((v - this.origin) / this.width);
    return 2 + (k >= 0 ? 2 * k : -2 * k - 1);
  }

  /** The lower bound of a slot (top-coded → top, bottom-coded → bottom: top and bottom coding as clamping). */
  lower(slot: number): number {
    if (slot === 0) return this.bottom;
    if (slot === 1) return this.top;
    if (this.edges !== null) return this.edges[slot - 2]!;
    const z = slot - 2;
    const k = z & 1 ? -(z + 1) / 2 : z / 2;
    return Math.max(tidy(this.origin + k * this.width), this.bottom);
  }

  private upper(slot: number): number {
    if (this.edges !== null) return this.edges[slot - 1]!;
    return Math.min(tidy(this.lowerUnclipped(slot) + this.width), this.top);
  }

  private lowerUnclipped(slot: number): number {
    const z = slot - 2;
    const k = z & 1 ? -(z + 1) / 2 : z / 2;
    return tidy(this.origin + k * this.width);
  }

  labelText(slot: number): string {
    if (slot === 0) return `<${this.bottom}`;
    if (slot === 1) return `>=${this.top}`;
    const lo = this.lower(slot);
    const hi = this.upper(slot);
    return this.range ? `${lo}-${tidy(hi - 1)}` : `[${lo},${hi})`;
  }

  /** Append the label of `slot` to `out`. */
  writeLabel(slot: number, out: GrowableBytes): void {
    let s: number, e: number;
    if (slot < LABEL_TABLE) {
      s = this.labelStart[slot]!;
      if (s < 0) {
        [s, e] = this.makeLabel(slot);
        this.labelStart[slot] = s;
        this.labelEnd[slot] = e;
      } else e = this.labelEnd[slot]!;
    } else {
      let r = this.far.get(slot);
      if (!r) { r = this.makeLabel(slot); this.far.set(slot, r); }
      [s, e] = r;
    }
    const n = e - s;
    out.reserve(n);
    const src = this.labels.buf, dst = out.buf;
    let o = out.length;
    for (let i = s; i < e; i++) dst[o++] = src[i]!;
    out.length = o;
  }

  private makeLabel(slot: number): [number, number] {
    const bytes = this.enc.encode(this.labelText(slot));
    const s = this.labels.length;
    this.labels.append(bytes, 0, bytes.length);
    return [s, this.labels.length];
  }
}
