import type { Transform } from '../../pipeline/transform.js';
import { columnTransform } from '../generalize/column-transform.js';
import type { Field } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { decimalShape } from '../../kernels/decimal.js';
import { mapNumbers, requireNumeric } from './numeric-map.js';
import { mapDecimals, type DecimalMap } from './decimal-map.js';

export interface RoundOptions {
  columns: string[];
  /** Round to a multiple of base (100 → fines to the nearest hundred; 0.5 → halves). */
  base: number;
  /** nearest (half away from zero), down (towards -∞) or up (towards +∞). Default nearest. */
  mode?: 'nearest' | 'down' | 'up' | undefined;
}

const tidy = (x: number): number => (Number.isInteger(x) ? x : Number(x.toPrecision(15)));

/** Round numbers to a multiple of `base`; same type out. */
export function roundTo(options: RoundOptions): Transform {
  const { base } = options;
  if (!(base > 0)) throw new RangeError('round base must be positive');
  const mode = options.mode ?? 'nearest';
  const f = mode === 'down'
    ? (v: number) => tidy(Math.floor(v / base) * base)
    : mode === 'up'
      ? (v: number) => tidy(Math.ceil(v / base) * base)
      : (v: number) => tidy(Math.sign(v) * Math.round(Math.abs(v) / base) * base);
  return columnTransform('round', options.columns, (field) => {
    requireNumeric('round', field);
    const shape = decimalShape(field.type);
    if (shape) {
      // Exact: the unscaled integers are rounded to a multiple of base × 10^scale (decimal-map.ts).
      const f = decimalRounding(unscaledBase(base, shape.scale, field), mode);
      return { kernel: (data, counts, rowBase) => mapDecimals(data, field, 'round', f, counts, rowBase), extra: () => ({ base, mode }) };
    }
    return { kernel: (data, counts) => mapNumbers(data, f, counts), extra: () => ({ base, mode }) };
  });
}

/**
 * `base` in units of the column's last digit (0.5 at scale 2 → 50), read from its shortest decimal
 * text so 0.1 is exactly one tenth. A base finer than the scale is refused: every value already is
 * a multiple of 10^-scale, and rounding to 0.001 at scale 2 would have to invent digits.
 */
function unscaledBase(base: number, scale: number, field: Field): bigint {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(base))!;
  const frac = m[2] ?? '';
  const exp = Number(m[3] ?? 0) - frac.length + scale;
  const digits = BigInt(m[1]! + frac);
  if (exp >= 0) return digits * 10n ** BigInt(exp);
  const div = 10n ** BigInt(-exp);
  if (digits % div !== 0n) {
    throw new TuominError('BAD_SPEC', `round base ${base} is finer than the column's ${scale} decimal${scale === 1 ? '' : 's'}`, { column: field.name, rule: 'round' },
      `use a base that is a multiple of ${10 ** -scale} (the column's DECIMAL scale), or keep the column as it is`,
      { id: 'round.baseFinerThanScale', params: { base, scale } });
  }
  return digits / div;
}

function decimalRounding(b: bigint, mode: 'nearest' | 'down' | 'up'): DecimalMap {
  const bn = b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : NaN;
  return {
    safe(u) {
      if (bn !== bn) return NaN;
      const a = u < 0 ? -u : u;
      let q = Math.floor(a / bn);
      let r = a - q * bn;
      // The quotient of two doubles may be off by one near an integer: fix it from the remainder.
      if (r < 0) { q--; r += bn; } else if (r >= bn) { q++; r -= bn; }
      if (mode === 'nearest') { if (2 * r >= bn) q++; }
      else if (r > 0 && (mode === 'up') === (u > 0)) q++;
      return (u < 0 ? -q : q) * bn;
    },
    big(u) {
      const a = u < 0n ? -u : u;
      let q = a / b;
      const r = a - q * b;
      if (mode === 'nearest') { if (2n * r >= b) q++; }
      else if (r > 0n && (mode === 'up') === (u > 0n)) q++;
      return (u < 0n ? -q : q) * b;
    },
  };
}
