import { Data } from 'apache-arrow';
import type { RecordBatch, Vector } from 'apache-arrow';
import { columnData, replaceColumns } from '@tuomin/core/internal';
import { sameDictionaryValues } from './same-dictionary.js';

export interface GatedBatch {
  /** The batch, with dictionaries equal to the ones already written swapped for those. */
  batch: RecordBatch;
  /** Top-level dictionary columns whose dictionary has other entries (a replacement or delta). */
  changed: number[];
  /** A dictionary inside another type (list, struct) is a different object than before. */
  nestedChanged: boolean;
}

/**
 * Tracks, per dictionary column, the dictionary the writer last wrote, and lets a batch whose
 * dictionary holds the same entries reuse it: its indices are kept untouched and only the
 * dictionary reference is swapped, so the writer sends no new dictionary.
 */
export class DictionaryGate {
  private readonly written = new Map<number, Vector>();
  // The last incoming dictionary found equal to the written one: batches that share it skip the compare.
  private readonly matched = new Map<number, Vector>();
  private readonly nested = new Map<number, Vector>();

  constructor(private columns: number[], private readonly checkNested: boolean) {}

  /** Stop tracking these columns (the file writer writes them as plain values from now on). */
  release(columns: number[]): void {
    this.columns = this.columns.filter((c) => !columns.includes(c));
    for (const c of columns) {
      this.written.delete(c);
      this.matched.delete(c);
    }
  }

  pass(batch: RecordBatch): GatedBatch {
    let swapped: Map<number, Data> | null = null;
    const changed: number[] = [];
    for (const c of this.columns) {
      const data = columnData(batch, c);
      const dict = data.dictionary;
      if (!dict) continue;
      const prev = this.written.get(c);
      if (prev === undefined || prev === dict) {
        this.written.set(c, dict);
        continue;
      }
      if (this.matched.get(c) === dict || sameDictionaryValues(prev, dict)) {
        this.matched.set(c, dict);
        (swapped ??= new Map()).set(c, withDictionary(data, prev));
        continue;
      }
      changed.push(c);
      this.written.set(c, dict);
      this.matched.delete(c);
    }
    const out = swapped ? replaceColumns(batch, batch.schema, swapped) : batch;
    return { batch: out, changed, nestedChanged: this.checkNested && this.nestedChanged(out) };
  }

  private nestedChanged(batch: RecordBatch): boolean {
    const top = new Set(this.columns.map((c) => (batch.schema.fields[c]!.type as { id: number }).id));
    let changed = false;
    for (const [id, dict] of batch.dictionaries) {
      if (top.has(id)) continue;
      const prev = this.nested.get(id);
      if (prev !== undefined && prev !== dict) changed = true;
      this.nested.set(id, dict);
    }
    return changed;
  }
}

/** The same column (buffers, offset, nulls) pointing at another dictionary. */
function withDictionary(data: Data, dictionary: Vector): Data {
  return new Data(data.type, data.offset, data.length, data.nullCount, data, data.children, dictionary);
}
