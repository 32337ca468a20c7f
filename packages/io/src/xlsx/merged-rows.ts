import type { SheetMerge } from './read-sheet.js';

/**
 * Ranges merged in the data rows (a department's name merged down over its staff, a date over a
 * day's cases) are filled with the value of their top-left cell. In the file only that cell holds
 * the value and the cells it covers are empty; read as stored, every row but the first would lose
 * its department, and the review would judge (and a user would receive) a table that is not the
 * one the publisher sees in Excel or WPS, where the value is shown over the whole range. Filling
 * is what the publisher sees and what a user of the published table needs (each row complete);
 * it is said in the run's warnings with the counts, so that a sheet whose merges were decoration
 * can be fixed at the source. A covered cell that still holds a value of its own (a file written
 * by a tool, not Excel) shows the top-left value in Excel too, and so takes it here.
 */
export interface MergeFill {
  /** Fill row `r` in place (`out` by output column); rows come in ascending order, only those yielded as records. */
  fill(r: number, out: Array<string | null>): void;
  /** Ranges that filled at least one cell, and the cells filled, since the last reset. */
  readonly ranges: number;
  readonly cells: number;
  /** Start again at the first data row (a replay of the sheet). */
  reset(): void;
}

/** The filler for the ranges that start below the header (`headerEnd`), or null when there are none. */
export function dataMerges(merges: readonly SheetMerge[], headerEnd: number, outputOf: Int32Array): MergeFill | null {
  const below = merges.filter((m) => m.first.row > headerEnd).sort((a, b) => a.first.row - b.first.row);
  if (below.length === 0) return null;
  let next = 0;
  let active: Array<{ m: SheetMerge; value: string | null; used: boolean }> = [];
  let ranges = 0;
  let cells = 0;
  const outputAt = (c: number): number => (c < outputOf.length ? outputOf[c]! : -1);
  return {
    get ranges() { return ranges; },
    get cells() { return cells; },
    reset() { next = 0; active = []; ranges = 0; cells = 0; },
    fill(r, out) {
      if (active.length > 0) active = active.filter((a) => a.m.last.row >= r);
      while (next < below.length && below[next]!.first.row <= r) {
        const m = below[next++]!;
        if (m.last.row < r) continue;
        // A range whose top-left row was not read (hidden, or absent) has no value to spread.
        const o = outputAt(m.first.col);
        const value = m.first.row === r && o >= 0 ? out[o] ?? null : null;
        active.push({ m, value: value === '' ? null : value, used: false });
      }
      for (const a of active) {
        if (a.value === null) continue;
        const { first, last } = a.m;
        for (let c = first.col; c <= last.col; c++) {
          if (r === first.row && c === first.col) continue;
          const o = outputAt(c);
          if (o < 0) continue;
          out[o] = a.value;
          cells++;
          if (!a.used) { a.used = true; ranges++; }
        }
      }
    },
  };
}
