/**
 * Text formats written as parts (one per partition: rows only, held in memory) placed at their
 * byte offsets after the preamble, in any order, are the file one writer makes from all the rows,
 * byte for byte: the header and BOM once, the same escaping (quotes, newlines, formula escaping),
 * nulls kept apart from empty strings. A part said placed and not written leaves no file.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bool, Field, Float64, Int32, RecordBatch, Schema, Struct, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import type { Data } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOutput } from '../packages/io/src/formats.js';
import type { WriteOptions } from '../packages/io/src/formats.js';
import { holdPart, writePartAt, writePlacedParts, type HeldPart, type PartFormat } from '../packages/io/src/format/parts.js';
import type { TuominError } from '@tuomin/core';
import { mulberry32 as rng } from '../benchmarks/lib/random.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-parts-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });


const TEXTS = ['张三', '李四\n第二行', 'say "hi", ok', '', '=SUM(A1)', '-1+2', '@cmd', '王五,赵六', '\r回车', '欧阳"娜娜"', 'plain'];
// The header holds a quote, a comma and Chinese, so it is escaped too.
const schema = new Schema([
  new Field('姓名, "全名"', new Utf8(), true),
  new Field('n', new Int32(), true),
  new Field('x', new Float64(), true),
  new Field('ok', new Bool(), true),
]);

function table(n: number, seed: number): RecordBatch {
  const r = rng(seed);
  const maybe = <T>(v: T): T | null => (r() < 0.15 ? null : v);
  const children: Data[] = [
    vectorFromArray(Array.from({ length: n }, () => maybe(TEXTS[Math.floor(r() * TEXTS.length)]!)), new Utf8()).data[0]!,
    vectorFromArray(Array.from({ length: n }, () => maybe(Math.floor(r() * 2000) - 1000)), new Int32()).data[0]!,
    vectorFromArray(Array.from({ length: n }, () => maybe(r() * 100 - 50)), new Float64()).data[0]!,
    vectorFromArray(Array.from({ length: n }, () => maybe(r() < 0.5)), new Bool()).data[0]!,
  ];
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: n, nullCount: 0, children }));
}

async function* gen(batches: Iterable<RecordBatch>): AsyncIterable<RecordBatch> { yield* batches; }

/** The rows [from, to) of `t` in batches of random sizes (1 to 50 rows). */
function* batchesOf(t: RecordBatch, from: number, to: number, r: () => number): Generator<RecordBatch> {
  for (let s = from; s < to;) {
    const e = Math.min(to, s + 1 + Math.floor(r() * 50));
    yield t.slice(s, e);
    s = e;
  }
}

const CASES: Array<[string, 'csv' | 'tsv' | 'ndjson', WriteOptions]> = [
  ['csv, BOM, formula escaping', 'csv', { csv: { bom: true, escapeFormulas: true } }],
  ['csv, CRLF, null token', 'csv', { csv: { newline: '\r\n', nullToken: 'NULL' } }],
  ['csv without a header', 'csv', { csv: { header: false, bom: true } }],
  ['tsv', 'tsv', { csv: { escapeFormulas: true } }],
  ['ndjson', 'ndjson', {}],
];

/** Write `parts` into the file at `outPath` after its preamble, the last part first (jobs finish in any order). */
async function placed(format: PartFormat, parts: HeldPart[], outPath: string, options: WriteOptions, skip = -1): Promise<number> {
  const r = await writePlacedParts(format, schema, outPath, options, async (tmp, start) => {
    const offsets: number[] = [];
    let at = start;
    for (const p of parts) {
      offsets.push(at);
      at += p.bytes;
    }
    for (let i = parts.length - 1; i >= 0; i--) if (i !== skip) await writePartAt(tmp, offsets[i]!, parts[i]!);
    return { end: at, value: null };
  });
  return r.bytes;
}

describe.each(CASES)('%s: the whole file is the header and the parts placed in order', (label, format, options) => {
  const ext = format;
  it.each([1, 2, 3, 5, 8])('%i parts at random points, random batch sizes', async (parts) => {
    const n = 600;
    const t = table(n, parts * 31 + label.length);
    const r = rng(parts);
    const sub = join(dir, `${label.replace(/\W+/g, '-')}-${parts}`);
    const whole = join(sub, `whole.${ext}`);
    await writeOutput(whole, schema, gen([t]), options);
    // Cuts may coincide, so some parts are empty; the first and last may be too.
    const cuts = [0, ...Array.from({ length: parts - 1 }, () => Math.floor(r() * (n + 1))).sort((a, b) => a - b), n];
    const held: HeldPart[] = [];
    for (let p = 0; p < parts; p++) held.push(await holdPart(format, schema, gen(batchesOf(t, cuts[p]!, cuts[p + 1]!, r)), options));
    expect(held.map((h) => h.rows)).toEqual(cuts.slice(1).map((c, i) => c - cuts[i]!));
    const joined = join(sub, `joined.${ext}`);
    const bytes = await placed(format, held, joined, options);
    const want = await readFile(whole);
    const got = await readFile(joined);
    expect(bytes).toBe(got.length);
    expect(got.equals(want)).toBe(true);
    // A part alone has no header line and no BOM: it starts with the first row's bytes.
    if (format !== 'ndjson' && cuts[1]! > 0) {
      const part = Buffer.concat(held[0]!.chunks);
      expect(part[0]).not.toBe(0xef);
      expect(want.includes(part)).toBe(true);
      expect(part.toString('utf8').startsWith('"姓名, ""全名"""')).toBe(false);
    }
  });
});

describe('placed parts: failures and edges', () => {
  it('zero parts give the header alone, as a writer given no rows', async () => {
    const whole = join(dir, 'empty-whole.csv');
    await writeOutput(whole, schema, gen([]), { csv: { bom: true } });
    const joined = join(dir, 'empty-joined.csv');
    await placed('csv', [], joined, { csv: { bom: true } });
    expect((await readFile(joined)).equals(await readFile(whole))).toBe(true);
    expect((await readFile(joined)).toString('utf8')).toBe('\ufeff"姓名, ""全名""",n,x,ok\n');
  });

  it('a part said placed and not written (the last): refused, no file and no temporary file left', async () => {
    const sub = join(dir, 'hole');
    const parts = [await holdPart('csv', schema, gen([table(10, 1)])), await holdPart('csv', schema, gen([table(10, 2)]))];
    const err = await placed('csv', parts, join(sub, 'out.csv'), {}, 1).then(() => null, (e: unknown) => e as TuominError);
    expect(err?.detail).toMatch(/the csv file has \d+ bytes, \d+ expected from its parts/);
    expect(err?.location.file).toBe(join(sub, 'out.csv'));
    expect(await readdir(sub)).toEqual([]);
  });

  it('a placing that fails leaves no file and no temporary file', async () => {
    const sub = join(dir, 'failing');
    const err = await writePlacedParts('ndjson', schema, join(sub, 'out.ndjson'), {}, async () => {
      throw new Error('a partition failed');
    }).then(() => null, (e: unknown) => e as Error);
    expect(err?.message).toBe('a partition failed');
    expect(await readdir(sub)).toEqual([]);
  });
});
