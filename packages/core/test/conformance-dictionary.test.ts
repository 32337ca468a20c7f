import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dictionary, Field, Int32, RecordBatchReader, Schema, Utf8, makeData, vectorFromArray, type Data, type RecordBatch, type Vector } from 'apache-arrow';
import { writeIpc } from '@tuomin/io';
import { batchFromColumns, fpe, memorySource, pipeline, validate, type ResolvedKey, type Transform } from '../src/index.js';
import { countValidityNulls, unreferencedEntries } from './conformance-layouts.js';

/** The two defects of issue 14 that one dictionary kernel and one take kernel remove. */

const KEY: ResolvedKey = { id: 'k', bytes: new Uint8Array(16).fill(3) };

function dictColumn(entries: (string | null)[], indices: number[]): Data {
  const dictionary = vectorFromArray(entries, new Utf8()) as Vector;
  return makeData({ type: new Dictionary(new Utf8(), new Int32(), 0), length: indices.length, nullCount: 0, data: Int32Array.from(indices), dictionary } as never) as Data;
}

async function run(t: Transform, col: Data): Promise<RecordBatch[]> {
  const schema = new Schema([new Field('v', col.type, true)]);
  const out: RecordBatch[] = [];
  for await (const b of pipeline(memorySource(schema, [batchFromColumns(schema, [col], col.length)]), t)) out.push(b);
  return out;
}

describe('fpe with onInvalid: null on a dictionary column', () => {
  it('makes the rows of an invalid entry null in the row validity, so nullCount counts them', async () => {
    const col = dictColumn(['13800138000', 'not a phone', '13912345678'], [0, 1, 1, 2, 0]);
    const [b] = await run(fpe({ columns: ['v'], format: 'cn.mobile', key: KEY, scope: { dataset: 'd' }, onInvalid: 'null' }), col);
    const d = b!.data.children[0]!;
    expect(d.nullCount).toBe(2);
    expect(countValidityNulls(d)).toBe(2);
    expect([1, 2].map((i) => b!.getChildAt(0)!.get(i))).toEqual([null, null]);
  });
});

describe('validate with reject-row on a dictionary column', () => {
  it('leaves the rejected raw value nowhere in the published Arrow file', async () => {
    const col = dictColumn(['A', 'RAW-SECRET-42', 'B'], [0, 1, 2, 0]);
    const out = await run(validate({ columns: ['v'], enum: ['A', 'B'], onInvalid: 'reject-row' }), col);
    const d = out[0]!.data.children[0]!;
    expect(out[0]!.numRows).toBe(3);
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-conf-'));
    try {
      const path = join(dir, 'out.arrows');
      const schema = out[0]!.schema;
      await writeIpc(path, schema, (async function* () { yield* out; })(), { format: 'stream' });
      const bytes = await readFile(path);
      const entries: unknown[] = [];
      for (const b of RecordBatchReader.from(bytes)) entries.push(...((b.data.children[0]!.dictionary as Vector | undefined)?.toArray() ?? []));
      expect(entries).not.toContain('RAW-SECRET-42');
      expect(bytes.includes(Buffer.from('RAW-SECRET-42'))).toBe(false);
      expect(unreferencedEntries(d)).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
