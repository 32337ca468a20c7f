import type { Transform } from '../../pipeline/transform.js';
import { columnTransform } from '../generalize/column-transform.js';
import { decimalShape } from '../../kernels/decimal.js';
import { mapNumbers, requireNumeric } from './numeric-map.js';
import { mapDecimals, type DecimalMap } from './decimal-map.js';

export interface NoiseOptions {
  columns: string[];
  distribution?: 'laplace' | 'uniform' | undefined;
  /** Laplace scale b, or the half-width of the uniform interval. */
  scale: number;
  /** Run seed (RuleContext.seed). The same seed, input order and options give the same output. */
  seed: number;
}

/** Uniform in (0, 1) from (seed, column, row): a stateless integer hash, so any row can be recomputed. */
export function rowUniform(seed: number, column: number, row: number): number {
  let h = Math.imul(row ^ 0x9e3779b9, 0x85ebca6b) ^ seed;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) ^ Math.imul(column + 1, 0x27d4eb2d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}

function columnSalt(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Additive noise for numeric columns: Laplace (default) or uniform, deterministic per seed,
 * column name and row position in the stream. Integer columns are rounded and clamped.
 * Whoever knows the seed can recompute and subtract the noise: keep the seed private.
 */
export function addNoise(options: NoiseOptions): Transform {
  const { scale, seed } = options;
  if (!(scale > 0)) throw new RangeError('noise scale must be positive');
  const laplace = (options.distribution ?? 'laplace') === 'laplace';
  return columnTransform('noise', options.columns, (field) => {
    requireNumeric('noise', field);
    const salt = columnSalt(field.name);
    const noiseAt = laplace
      ? (row: number) => { const x = rowUniform(seed, salt, row) - 0.5; return -scale * Math.sign(x) * Math.log(1 - 2 * Math.abs(x)); }
      : (row: number) => (2 * rowUniform(seed, salt, row) - 1) * scale;
    const shape = decimalShape(field.type);
    if (shape) {
      // The noise is rounded to the column's last digit and added to the unscaled integer: the
      // stored digits are never passed through a double, and the column stays DECIMAL(p, s).
      const unit = 10 ** shape.scale;
      const f = (rowBase: number): DecimalMap => ({
        safe: (u, i) => u + Math.round(noiseAt(rowBase + i) * unit),
        big: (u, i) => u + BigInt(Math.round(noiseAt(rowBase + i) * unit)),
      });
      return {
        kernel: (data, counts, rowBase) => mapDecimals(data, field, 'noise', f(rowBase), counts, rowBase),
        rowSeeded: true,
        extra: () => ({ distribution: laplace ? 'laplace' : 'uniform', scale }),
      };
    }
    return {
      kernel: (data, counts, rowBase) => mapNumbers(data, (v, i) => v + noiseAt(rowBase + i), counts),
      rowSeeded: true,
      extra: () => ({ distribution: laplace ? 'laplace' : 'uniform', scale }),
    };
  });
}
