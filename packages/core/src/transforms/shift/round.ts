import type { Transform } from '../../pipeline/transform.js';
import { columnTransform } from '../generalize/column-transform.js';
import { mapNumbers, requireNumeric } from './numeric-map.js';

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
    return { kernel: (data, counts) => mapNumbers(data, f, counts), extra: () => ({ base, mode }) };
  });
}
