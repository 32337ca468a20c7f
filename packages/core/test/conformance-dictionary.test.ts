import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dictionary, Field, Int32, RecordBatchReader, Schema, Utf8, makeData, vectorFromArray, type Data, type RecordBatch, type Vector } from 'apache-arrow';
import { writeIpc } from '@tuomin/io';
import { TuominError, batchFromColumns, fpe, mask, memorySource, pipeline, validate, when, type ResolvedKey, type Transform } from '../src/index.js';
import { countValidityNulls, unreferencedEntries } from './conformance-layouts.js';

/** The two defects of issue 14 that one dictionary kernel and one take kernel remove. */

const KEY: ResolvedKey = { id: 'k', bytes: new Uint8Array(16).fill(3) };

function dictColumn(entries: (string | null)[], indices: number[]): Data {
  const dictionary = vectorFromArray(entries, new Utf8()) as Vector;
  return makeData({ type: new Dictionary(new Utf8(), new Int32(), 0), length: indices.length, nullCount: 0, data: Int32Array.from(indices), dictionary } as never) as Data;
}

async function run(t: Transform, col: Data, ...more: Data[]): Promise<RecordBatch[]> {
  const schema = new Schema([new Field('v', col.type, true)]);
  const out: RecordBatch[] = [];
  for await (const b of pipeline(memorySource(schema, [col, ...more].map((d) => batchFromColumns(schema, [d], d.length))), t)) out.push(b);
  return out;
}

/** Every dictionary entry of column 0 across the output batches. */
const entries = (out: RecordBatch[]): unknown[] => out.flatMap((b) => (b.data.children[0]!.dictionary as Vector).toArray() as unknown[]);

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

describe('raw values that no row shows any more leave the dictionary', () => {
  it('reject-row: a later batch sharing the dictionary does not carry the rejected value', async () => {
    const first = dictColumn(['A', 'RAW-SECRET-42', 'B'], [0, 1, 2]);
    const second = makeData({ type: first.type, length: 2, nullCount: 0, data: Int32Array.from([0, 2]), dictionary: first.dictionary } as never) as Data;
    const out = await run(validate({ columns: ['v'], enum: ['A', 'B'], onInvalid: 'reject-row' }), first, second);
    expect(out.map((b) => b.numRows)).toEqual([2, 2]);
    expect(entries(out)).not.toContain('RAW-SECRET-42');
  });

  it('when: the replaced rows\' raw entries do not stay beside the masked ones', async () => {
    const col = dictColumn(['13800138000', '13912345678'], [0, 1, 0]);
    const schema = new Schema([new Field('v', col.type, true), new Field('who', new Utf8(), true)]);
    const who = vectorFromArray(['甲', '甲', '乙'], new Utf8()).data[0]!;
    const out: RecordBatch[] = [];
    const t = when({ column: 'who', equals: '甲' }, mask({ columns: ['v'], preset: 'cn.mobile' }));
    for await (const b of pipeline(memorySource(schema, [batchFromColumns(schema, [col, who], 3)]), t)) out.push(b);
    expect([0, 1, 2].map((i) => out[0]!.getChildAt(0)!.get(i))).toEqual(['138****8000', '139****5678', '13800138000']);
    expect(entries(out)).not.toContain('13912345678');
    expect(unreferencedEntries(out[0]!.data.children[0]!)).toBe(0);
  });
});

describe('a damaged dictionary index', () => {
  const bad = (): Data => dictColumn(['A', 'B'], [0, 7, 1]);
  it('is refused with our error by the mapping kernel', async () => {
    const err = await run(fpe({ columns: ['v'], format: 'cn.mobile', key: KEY, scope: { dataset: 'd' } }), bad()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect((err as TuominError).code).toBe('BAD_INPUT');
  });
  it('is refused with our error by the take kernel', async () => {
    const err = await run(validate({ columns: ['v'], enum: ['A'], onInvalid: 'reject-row' }), bad()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
  });
});
