import type { RecordBatch, Schema } from 'apache-arrow';
import { openSource, type ReadOptions } from '../src/formats.js';
import { joinPartitions, openPartition, partitionToJoin, type PartitionPlan } from '../src/partition/index.js';

/** Seeded, so a failure names a case that can be run again (mulberry32, the benchmarks' generator). */
export { mulberry32 as random } from '../../../benchmarks/lib/random.js';

export type Cell = unknown;

/** Cell values row by row (null stays null, so null-ness is compared with the values). */
export function rowsOf(batches: readonly RecordBatch[]): Cell[][] {
  const out: Cell[][] = [];
  for (const b of batches) {
    const cols = b.schema.fields.map((_, c) => b.getChildAt(c)!);
    for (let i = 0; i < b.numRows; i++) out.push(cols.map((v) => v.get(i) as Cell));
  }
  return out;
}

export function schemaOf(s: Schema): unknown {
  return { fields: s.fields.map((f) => [f.name, String(f.type), f.nullable, [...f.metadata]]), metadata: [...s.metadata] };
}

export async function sequential(path: string, options: ReadOptions): Promise<{ schema: unknown; rows: Cell[][]; maxBatch: number }> {
  const src = await openSource(path, options);
  const batches: RecordBatch[] = [];
  for await (const b of src.batches()) batches.push(b);
  return { schema: schemaOf(src.schema), rows: rowsOf(batches), maxBatch: Math.max(0, ...batches.map((b) => b.numRows)) };
}

/**
 * What the coordinator does: read the partitions in order; when one did not end on a record
 * boundary, join it with the next and read from there again (the partitions after it are dropped).
 */
export async function readPartitions(plan: PartitionPlan, options: ReadOptions): Promise<{ schema: unknown; rows: Cell[][]; maxBatch: number; joins: number; counts: Array<{ rows: number; lines?: number; bytes: number }> }> {
  let schema: unknown = null;
  let joins = 0;
  let maxBatch = 0;
  const rows: Cell[][] = [];
  const counts: Array<{ rows: number; lines?: number; bytes: number }> = [];
  for (let i = 0; i < plan.partitions.length; i++) {
    const p = await openPartition(plan, plan.partitions[i]!, options);
    const got: RecordBatch[] = [];
    try {
      for await (const b of p.batches()) got.push(b);
    } catch (err) {
      const at = partitionToJoin(err);
      if (at !== i) throw err;
      plan = joinPartitions(plan, i);
      joins++;
      i--;
      continue;
    }
    const s = schemaOf(p.schema);
    if (schema === null) schema = s;
    else if (JSON.stringify(s) !== JSON.stringify(schema)) throw new Error(`partition ${i} has another schema`);
    rows.push(...rowsOf(got));
    maxBatch = Math.max(maxBatch, ...got.map((b) => b.numRows));
    counts.push(p.counts());
  }
  return { schema, rows, maxBatch, joins, counts };
}

const PIECES = ['a', 'bc', '张三', '𠮷', ' ', ',', '"', '""', '\n', '\r\n', '\r', 'x1', ''];

/** A random CSV: quoted newlines, doubled quotes, CRLF, CR or LF line ends, multi-byte characters, sometimes a BOM, blank lines and no final line end. */
export function randomCsv(rnd: () => number): Uint8Array {
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const eol = pick(['\n', '\r\n', '\r']);
  const ncols = 1 + Math.floor(rnd() * 4);
  const field = (): string => {
    // A quote inside an unquoted field (5" screen) is read as it is, and breaks quote parity.
    if (rnd() < 0.03) return '5"x';
    let v = '';
    for (let k = Math.floor(rnd() * 4); k > 0; k--) v += pick(PIECES);
    return /[,"\r\n]/.test(v) || rnd() < 0.2 ? `"${v.replaceAll('"', '""')}"` : v;
  };
  const lines = [Array.from({ length: ncols }, (_, c) => `h${c}`).join(',')];
  for (let r = 1 + Math.floor(rnd() * 12); r > 0; r--) {
    if (ncols > 1 && rnd() < 0.1) lines.push('');
    lines.push(ncols === 1 ? `"${field().replaceAll('"', '')}"` : Array.from({ length: ncols }, field).join(','));
  }
  return new TextEncoder().encode((rnd() < 0.3 ? '\ufeff' : '') + lines.join(eol) + (rnd() < 0.7 ? eol : ''));
}
