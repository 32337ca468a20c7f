import { TuominError } from '../errors.js';

/**
 * A generalization hierarchy for one column: level 0 is the original value, level height-1 the
 * top (usually `*`). `generalize` must be functional level by level: two values that share a
 * label at level i share it at every level above (the search checks this).
 */
export interface Hierarchy {
  readonly height: number;
  readonly kind: string;
  /**
   * The hierarchy's whole domain of original values, when it lists one (a table hierarchy's rows).
   * The loss metric measures a label's share of this domain, as ARX does; without it, the values
   * present in the data are the domain.
   */
  readonly leaves?: readonly string[] | undefined;
  /** Label of `value` at `level`; throws a TuominError when the hierarchy does not cover it. */
  generalize(value: string | null, level: number, column: string): string | null;
}

/**
 * Parse the ARX hierarchy CSV format (reference/adult): no header, one row per original value,
 * followed by its generalization at level 1, 2, ... to the top. `source` names the file in errors.
 */
export function parseHierarchy(text: string, delimiter = ';', source = 'hierarchy'): Hierarchy {
  const table = new Map<string, string[]>();
  let height = -1;
  const lines = text.split(/\r?\n/);
  const parentOf: Array<Map<string, string>> = [];
  for (let ln = 0; ln < lines.length; ln++) {
    const line = ln === 0 ? lines[ln]!.replace(/^\uFEFF/, '') : lines[ln]!;
    if (line.trim() === '') continue;
    const cells = line.split(delimiter);
    if (height < 0) {
      height = cells.length;
      for (let i = 0; i < height - 1; i++) parentOf.push(new Map());
    }
    if (cells.length !== height) {
      throw new TuominError('BAD_INPUT', `hierarchy row has ${cells.length} levels, the first row has ${height}`, { file: source, line: ln + 1 }, 'every row must list the value and all its generalization levels', { id: 'hierarchy.rowLevels', params: { levels: cells.length, height } });
    }
    if (table.has(cells[0]!)) {
      throw new TuominError('BAD_INPUT', `value "${cells[0]}" appears twice in the hierarchy`, { file: source, line: ln + 1 }, 'keep one row per original value', { id: 'hierarchy.duplicate' });
    }
    for (let i = 1; i < height - 1; i++) {
      const m = parentOf[i]!;
      const prev = m.get(cells[i]!);
      if (prev !== undefined && prev !== cells[i + 1]) {
        throw new TuominError('BAD_INPUT', `level ${i} label "${cells[i]}" generalizes to both "${prev}" and "${cells[i + 1]}"`, { file: source, line: ln + 1 }, 'a label must have exactly one parent at the next level', { id: 'hierarchy.twoParents', params: { level: i } });
      }
      m.set(cells[i]!, cells[i + 1]!);
    }
    table.set(cells[0]!, cells);
  }
  if (height < 1) throw new TuominError('BAD_INPUT', 'hierarchy file is empty', { file: source }, 'give one row per original value', { id: 'hierarchy.empty' });
  return tableHierarchy(table, height, source);
}

/** A hierarchy from explicit rows (value → labels of levels 0..height-1). */
export function tableHierarchy(table: Map<string, string[]>, height: number, source = 'hierarchy'): Hierarchy {
  return {
    height,
    kind: 'table',
    leaves: [...table.keys()],
    generalize(value, level, column) {
      if (level === 0) return value;
      if (value === null) return level === height - 1 ? '*' : null;
      const row = table.get(value);
      if (!row) {
        // The value is not shown: quasi-identifier values (an ID, a birth date) reach logs and --json.
        throw new TuominError('BAD_INPUT', `a value of column "${column ?? '?'}" is not in the hierarchy (value not shown)`, { file: source, ...(column !== undefined ? { column } : {}) },
          'the hierarchy needs one row for every value of the column: list the distinct values (for example with DuckDB: SELECT DISTINCT) and add the missing rows', { id: 'hierarchy.missingValue' });
      }
      return row[level]!;
    },
  };
}

/**
 * Numeric intervals: level i (1-based) puts a number into the interval of width widths[i-1]
 * that contains it, labelled `lo-hi` for integers, `[lo,hi)` otherwise; the top level is `*`.
 * Each width must be a multiple of the previous one so the levels nest.
 */
export function intervalHierarchy(widths: number[], origin = 0): Hierarchy {
  for (let i = 0; i < widths.length; i++) {
    const w = widths[i]!;
    if (!(w > 0)) throw new TuominError('BAD_SPEC', `interval width ${w} must be positive`, { rule: 'interval' }, undefined, { id: 'hierarchy.widthNotPositive', params: { width: w } });
    if (i > 0 && Math.abs(w / widths[i - 1]! - Math.round(w / widths[i - 1]!)) > 1e-9) {
      throw new TuominError('BAD_SPEC', `interval width ${w} is not a multiple of ${widths[i - 1]}`, { rule: 'interval' }, 'use nested widths such as [5, 10, 20]', { id: 'hierarchy.widthNotMultiple', params: { width: w, previous: widths[i - 1]! } });
    }
  }
  const height = widths.length + 2;
  return {
    height,
    kind: 'interval',
    generalize(value, level, column) {
      if (level === 0) return value;
      if (level === height - 1) return '*';
      if (value === null) return null;
      const x = Number(value);
      if (value.trim() === '' || !Number.isFinite(x)) {
        // The value is not shown: it may be a quasi-identifier (an age, a birth year).
        throw new TuominError('BAD_VALUE', `a value of column "${column}" is not a number (value not shown)`, { column, rule: 'interval' }, 'interval hierarchies need numeric values: cast the column first (`{ type: cast, to: float64 }`), or null what is not a number', { id: 'hierarchy.notNumber' });
      }
      const w = widths[level - 1]!;
      const lo = origin + Math.floor((x - origin) / w) * w;
      const hi = lo + w;
      return Number.isInteger(lo) && Number.isInteger(w) ? `${lo}-${hi - 1}` : `[${lo},${hi})`;
    },
  };
}

/** Dates `YYYY-MM-DD...`: level 1 month (YYYY-MM), level 2 year (YYYY), level 3 decade (199x), top `*`. */
export function dateHierarchy(): Hierarchy {
  const height = 5;
  return {
    height,
    kind: 'date',
    generalize(value, level, column) {
      if (level === 0) return value;
      if (level === height - 1) return '*';
      if (value === null) return null;
      const m = /^(\d{4})-(\d{2})/.exec(value);
      // The value is not shown: it may be a quasi-identifier (a birth date).
      if (!m) throw new TuominError('BAD_VALUE', `a value of column "${column}" is not a date in YYYY-MM-DD form (value not shown)`, { column, rule: 'date' }, 'cast the column first (`{ type: cast, to: date }` reads 2024/1/31 and 2024年1月31日), or null what is not a date', { id: 'hierarchy.notDate' });
      if (level === 1) return `${m[1]}-${m[2]}`;
      if (level === 2) return m[1]!;
      return `${m[1]!.slice(0, 3)}x`;
    },
  };
}

/**
 * Codes such as ID prefixes or division codes (GB/T 2260 110105 → 1101** → 11****): level i keeps
 * the first keep[i-1] characters and replaces the rest with `fill`; the top level is `*`.
 * `keep` must decrease. Default for 6-digit division codes: [4, 2].
 */
export function prefixHierarchy(keep: number[], fill = '*'): Hierarchy {
  for (let i = 1; i < keep.length; i++) {
    if (keep[i]! >= keep[i - 1]!) throw new TuominError('BAD_SPEC', 'prefix lengths must decrease level by level', { rule: 'prefix' }, 'for example keep: [4, 2]', { id: 'hierarchy.prefixNotDecreasing' });
  }
  const height = keep.length + 2;
  return {
    height,
    kind: 'prefix',
    generalize(value, level) {
      if (level === 0) return value;
      if (level === height - 1) return '*';
      if (value === null) return null;
      const chars = Array.from(value);
      const n = keep[level - 1]!;
      if (chars.length <= n) return value;
      return chars.slice(0, n).join('') + fill.repeat(chars.length - n);
    },
  };
}
