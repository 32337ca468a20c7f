import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchSource } from '@tuomin/core';
import { reopenToReplay } from '../src/rows/reopen.js';
import { rowsSource } from '../src/rows/rows.js';
import { readNdjson } from '../src/ndjson/index.js';
import { readXlsx, writeXlsx } from '../src/xlsx/index.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-reopen-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function rowsOf(src: BatchSource): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const b of src.batches()) for (const r of b.toArray()) out.push(r.toJSON());
  return out;
}

const ROWS = Array.from({ length: 7 }, (_, i) => ({ id: String(i), city: ['滨州', '东营', null][i % 3] }));

describe('reopenToReplay', () => {
  it('opens once up front, reads the first open first, and opens again for each later read', async () => {
    let opens = 0;
    const src = await reopenToReplay(() => { opens++; return rowsSource(ROWS, { batchSize: 3 }); });
    expect(opens).toBe(1);
    expect(src.replayable).toBe(true);
    expect(src.schema.fields.map((f) => f.name)).toEqual(['id', 'city']);
    const first = await rowsOf(src);
    expect(opens).toBe(1);
    expect(first).toEqual(ROWS);
    expect(await rowsOf(src)).toEqual(first);
    expect(await rowsOf(src)).toEqual(first);
    expect(opens).toBe(3);
  });
});

describe('readers that replay by reopening', () => {
  it('NDJSON: the same rows on every read', async () => {
    const path = join(dir, 'rows.ndjson');
    await writeFile(path, ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const src = await readNdjson(path, { batchSize: 2 });
    expect(src.replayable).toBe(true);
    const first = await rowsOf(src);
    expect(first).toEqual(ROWS);
    expect(await rowsOf(src)).toEqual(first);
  });

  it('XLSX: the same rows on every read, its warnings kept on the source', async () => {
    const ndjson = join(dir, 'for-xlsx.ndjson');
    await writeFile(ndjson, ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const from = await readNdjson(ndjson);
    const path = join(dir, 'rows.xlsx');
    await writeXlsx(path, from.schema, from.batches());
    const src = await readXlsx(path, { batchSize: 2 });
    expect(src.replayable).toBe(true);
    expect(Array.isArray(src.warnings)).toBe(true);
    const first = await rowsOf(src);
    expect(first).toEqual(ROWS);
    expect(await rowsOf(src)).toEqual(first);
  });
});
