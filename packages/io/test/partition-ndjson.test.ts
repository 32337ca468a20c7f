import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryBytes } from '../src/csv/partition.js';
import type { RecordBatch } from 'apache-arrow';
import { ndjsonColumns, readNdjsonRange } from '../src/ndjson/read.js';
import { pinOf } from '../src/pin-source.js';
import { ndjsonRanges } from '../src/partition/ndjson.js';
import type { PartitionPlan } from '../src/partition/index.js';
import { random, readPartitions, rowsOf, schemaOf, sequential } from './partition-support.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-partition-nd-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const KEYS = ['a', 'b', '名字', 'c'];
const STRINGS = ['x', '张三', 'line\nbreak', 'cr\r\nlf', 'q"uote', '', ' ', 'tab\there', '\u2028'];

/** A random NDJSON file: LF or CRLF, blank and whitespace lines, escaped newlines inside strings, sometimes a BOM, a bad line, an unseen key, no final line end. */
function randomNdjson(rnd: () => number, bad: boolean): string {
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const eol = rnd() < 0.5 ? '\n' : '\r\n';
  const lines: string[] = [];
  for (let r = 1 + Math.floor(rnd() * 10); r > 0; r--) {
    const roll = rnd();
    if (roll < 0.12) lines.push(pick(['', ' ', '\t ']));
    else {
      const o: Record<string, unknown> = {};
      for (const k of KEYS) if (rnd() < 0.7) o[k] = pick([null, 12, -0.5, true, pick(STRINGS), { n: pick(STRINGS) }, [1, '二']]);
      lines.push(JSON.stringify(o));
    }
  }
  // A bad line: not JSON, or a key the first rows do not have.
  if (bad) lines.splice(Math.floor(rnd() * (lines.length + 1)), 0, rnd() < 0.5 ? '{"a": 1,}' : '{"unseen": 1}');
  return (rnd() < 0.3 ? '\ufeff' : '') + lines.join(eol) + (rnd() < 0.6 ? eol : '');
}

async function outcome<T>(f: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await f();
  } catch (err) {
    const m = (err as Error).message;
    // The sequential reader names an unseen key's row, a partition its line: the rule is the same.
    return { error: /unexpected key/.test(m) ? 'unexpected key' : m };
  }
}

describe('NDJSON partitions', () => {
  it('random NDJSON files split at every byte offset into 2–8 partitions read the same rows, or the same error, as the sequential reader', async () => {
    const rnd = random(20261206);
    let splits = 0;
    let several = 0;
    let errors = 0;
    for (let f = 0; f < 12; f++) {
      const text = randomNdjson(rnd, f % 4 === 1);
      const path = join(dir, `f${f}.ndjson`);
      await writeFile(path, text);
      const bytes = new TextEncoder().encode(text);
      const options = { batchSize: 2 + Math.floor(rnd() * 3) };
      const expected = await outcome(async () => {
        const { schema, rows } = await sequential(path, options);
        return { schema, rows };
      });
      const pin = await pinOf(path);
      // The planner's names: its error, when the first rows are bad, is every split's.
      const columnsOnce = ndjsonColumns(path, options);
      columnsOnce.catch(() => {});
      const lf = (to: number): number => bytes.subarray(0, to).filter((b) => b === 10).length;
      const lines = lf(bytes.length) + (bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? 1 : 0);
      for (let at = 0; at <= bytes.length; at++) {
        const cuts = [at, ...Array.from({ length: Math.floor(rnd() * 7) }, () => Math.floor(rnd() * (bytes.length + 1)))];
        const got = await outcome(async () => {
          const columns = await columnsOnce;
          const ranges = ndjsonRanges(memoryBytes(bytes), cuts, 1 + Math.floor(rnd() * 8));
          const plan: PartitionPlan = { path, format: 'ndjson', pin, layout: { kind: 'ndjson', columns }, partitions: ranges.map((r, index) => ({ index, kind: 'ndjson-lines', ...r })) };
          // Every range is whole lines, and knows the lines before it.
          for (const r of ranges) {
            expect(r.start === 0 || bytes[r.start - 1] === 10).toBe(true);
            expect(r.linesBefore).toBe(lf(r.start));
          }
          if (ranges.length > 1) several++;
          // Through openPartition (pin and plan checks) for some splits, straight through the range reader for the rest (faster).
          if (at % 5 === 0) {
            const read = await readPartitions(plan, options);
            expect(read.counts.reduce((a, c) => a + c.lines!, 0)).toBe(lines);
            expect(read.maxBatch).toBeLessThanOrEqual(options.batchSize);
            return { schema: read.schema, rows: read.rows };
          }
          const rows: unknown[][] = [];
          let schema: unknown = null;
          let total = 0;
          for (const r of ranges) {
            const src = readNdjsonRange(path, r, columns, options);
            const got: RecordBatch[] = [];
            for await (const b of src.batches()) got.push(b);
            expect(Math.max(0, ...got.map((b) => b.numRows))).toBeLessThanOrEqual(options.batchSize);
            schema ??= schemaOf(src.schema);
            rows.push(...rowsOf(got));
            total += src.counts().lines;
          }
          expect(total).toBe(lines);
          return { schema, rows };
        });
        if ('error' in got) errors++;
        expect(got, `file ${f}, cuts ${cuts.join(' ')}`).toEqual(expected);
        splits++;
      }
    }
    expect(splits).toBeGreaterThan(700);
    expect(several).toBeGreaterThan(splits / 3);
    // Some files hold a bad line: its error (and line number) is the same however the file is cut.
    expect(errors).toBeGreaterThan(0);
    expect(errors).toBeLessThan(splits);
  });
});
