import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool, DateDay, Dictionary, Float64, Int32, Int64, LargeUtf8, TimestampMillisecond, Utf8, makeTable, vectorFromArray,
} from 'apache-arrow';
import type { RecordBatch, Table } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { readNdjson, writeNdjson } from '../src/ndjson/index.js';
import { findJsonSyntaxError } from '../src/ndjson/json-syntax.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-ndjson-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

const text = ['张三', null, '', 'line1\nline2\r\t"q" \\ \u0001', '王五'];

function table(): Table {
  return (makeTable as unknown as (columns: object) => Table)({
    name: vectorFromArray(text, new Utf8()),
    large: vectorFromArray(text, new LargeUtf8()),
    kind: vectorFromArray(['甲', '乙', null, '甲', '乙'], new Dictionary(new Utf8(), new Int32())),
    n: vectorFromArray([1, null, -3, 0, 2147483647], new Int32()),
    big: vectorFromArray([1n, null, -9007199254740993n, 0n, 5n], new Int64()),
    x: vectorFromArray([0.5, NaN, null, 1e21, -2.25], new Float64()),
    ok: vectorFromArray([true, false, null, true, false], new Bool()),
    day: vectorFromArray([new Date(Date.UTC(2024, 7, 13)), null, new Date(Date.UTC(1969, 11, 31)), null, null], new DateDay()),
    at: vectorFromArray([new Date(Date.UTC(2024, 7, 13, 9, 30, 5, 120)), null, null, null, null], new TimestampMillisecond()),
  } as never);
}

async function* gen(...batches: RecordBatch[]): AsyncIterable<RecordBatch> { yield* batches; }

async function collect(src: { batches(): AsyncIterable<RecordBatch> }): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const b of src.batches()) for (const r of b.toArray()) out.push(r.toJSON());
  return out;
}

describe('NDJSON writer', () => {
  it('writes one JSON object per row from Arrow buffers, escaping only what JSON requires', async () => {
    const t = table();
    const path = join(dir, 'all.ndjson');
    const res = await writeNdjson(path, t.schema, gen(...t.batches));
    const out = await readFile(path, 'utf8');
    expect(res.rows).toBe(5);
    expect(res.bytes).toBe(Buffer.byteLength(out));
    const lines = out.split('\n');
    expect(lines.at(-1)).toBe('');
    const parsed = lines.slice(0, -1).map((l) => JSON.parse(l));
    expect(parsed.map((r) => r.name)).toEqual(text);
    expect(parsed.map((r) => r.large)).toEqual(text);
    expect(parsed.map((r) => r.kind)).toEqual(['甲', '乙', null, '甲', '乙']);
    expect(parsed.map((r) => r.n)).toEqual([1, null, -3, 0, 2147483647]);
    expect(lines[2]).toContain('"big":-9007199254740993');
    expect(parsed.map((r) => r.x)).toEqual([0.5, null, null, 1e21, -2.25]);
    expect(parsed.map((r) => r.ok)).toEqual([true, false, null, true, false]);
    expect(parsed.map((r) => r.day)).toEqual(['2024-08-13', null, '1969-12-31', null, null]);
    expect(parsed[0].at).toBe('2024-08-13T09:30:05.120');
    // Chinese stays UTF-8, not \u escapes; keys keep schema order.
    expect(lines[0]!.startsWith('{"name":"张三","large":"张三","kind":"甲","n":1,')).toBe(true);
    expect(lines[3]).toContain('"line1\\nline2\\r\\t\\"q\\" \\\\ \\u0001"');
  });

  it('writes sliced, multi-chunk and empty batches', async () => {
    const t = table();
    const b = t.batches[0]!;
    const path = join(dir, 'sliced.jsonl');
    const res = await writeNdjson(path, t.schema, gen(b.slice(2, 5), b.slice(0, 0), b.slice(0, 2)));
    expect(res.rows).toBe(5);
    const got = (await readFile(path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).name);
    expect(got).toEqual([...text.slice(2, 5), ...text.slice(0, 2)]);
  });
});

describe('NDJSON reader', () => {
  it('round-trips text columns: nulls, empty strings, Chinese, multi-line values', async () => {
    const t = (makeTable as unknown as (columns: object) => Table)({ name: vectorFromArray(text, new Utf8()), kind: vectorFromArray(['a', null, '', 'b', '丙'], new Utf8()) });
    const path = join(dir, 'rt.ndjson');
    await writeNdjson(path, t.schema, gen(...t.batches));
    const src = await readNdjson(path, { batchSize: 2 });
    expect(src.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['name:Utf8', 'kind:Utf8']);
    const sizes: number[] = [];
    for await (const b of src.batches()) sizes.push(b.numRows);
    expect(sizes).toEqual([2, 2, 1]);
    expect(await collect(src)).toEqual(t.toArray().map((r) => r.toJSON()));
  });

  it('keeps numbers and booleans as their JSON text unless inference is on; missing keys are null', async () => {
    const path = join(dir, 'types.ndjson');
    await writeFile(path, '\ufeff{"id":1,"ok":true,"d":"2024年8月13日"}\r\n\n{"id":22,"d":"2024/8/1","extra":{"a":[1]}}\n{"id":-3,"ok":false,"d":null}');
    const text = await readNdjson(path);
    expect(text.schema.fields.map((f) => f.name)).toEqual(['id', 'ok', 'd', 'extra']);
    expect(await collect(text)).toEqual([
      { id: '1', ok: 'true', d: '2024年8月13日', extra: null },
      { id: '22', ok: null, d: '2024/8/1', extra: '{"a":[1]}' },
      { id: '-3', ok: 'false', d: null, extra: null },
    ]);
    const typed = await readNdjson(path, { infer: true });
    expect(typed.schema.fields.map((f) => String(f.type))).toEqual(['Int64', 'Bool', 'Date32<DAY>', 'Utf8']);
    const rows = await collect(typed);
    expect((rows[1] as { id: bigint }).id).toBe(22n);
  });

  it('names file and line of a malformed line', async () => {
    const path = join(dir, 'bad.ndjson');
    await writeFile(path, '{"a":"张三"}\n{"a":"李四"}\n{"a": oops}\n');
    await expect(collect(await readNdjson(path, { inferFrom: 1 }))).rejects.toThrow(/bad\.ndjson, line 3: not valid JSON/);
    await expect(readNdjson(path)).rejects.toThrow(/line 3/);
    const arr = join(dir, 'array.ndjson');
    await writeFile(arr, '{"a":1}\n[1,2]\n');
    await expect(readNdjson(arr)).rejects.toThrow(/array\.ndjson, line 2: line is JSON but not an object/);
  });

  it('never puts the text of a malformed line in the error: names file, line and character, and says what to do', async () => {
    const path = join(dir, 'nan.ndjson');
    await writeFile(path, '{"name":"李四","ok":1}\n{"name":"张三","ok":NaN}\n');
    const err = await readNdjson(path).then(collect).catch((e: unknown) => e as TuominError);
    expect(err).toBeInstanceOf(TuominError);
    const shown = `${(err as Error).message}\n${JSON.stringify(err)}`;
    expect(shown).not.toContain('张三');
    expect(shown).not.toContain('NaN');
    expect(shown).not.toContain('"ok"');
    expect((err as TuominError).message).toContain('a value cannot start there');
    expect((err as TuominError).message).toMatch(/nan\.ndjson, line 2: not valid JSON at character 19 of the line/);
    expect((err as TuominError).location).toEqual({ file: path, line: 2 });
    expect((err as TuominError).hint).toMatch(/correct or remove this line/);
  });

  it.each([
    ['{"名字":"张三" "x":1}', 12, "expected ',' or '}'"],
    ['{"名字":"张三\\q"}', 10, 'invalid escape'],
    ['{"名字":"张三', 7, 'not closed'],
    ['{"名字":tru}', 10, 'true, false or null'],
    ['{"名字":01}', 7, 'start with 0'],
    ['{"名字":"𠀀𠀁",}', 12, 'key in double quotes'],
    ['{"名字":"张三"} 李四', 13, 'more text after'],
    ['{"名字":"张\t三"}', 9, 'control character'],
    ['{"名字":', 7, 'ends where a value should be'],
  ])('locates the error in %j by character, never quoting it', async (line, column, problem) => {
    const path = join(dir, 'locate.ndjson');
    await writeFile(path, `\ufeff{"名字":"王五"}\n\n${line}\n`);
    const err = (await readNdjson(path).then(collect).catch((e: unknown) => e)) as TuominError;
    expect(err.message).toContain(`locate.ndjson, line 3: not valid JSON at character ${column} of the line: `);
    expect(err.message).toContain(problem);
    for (const leak of ['张', '三', '李四', '𠀀', 'tru}', '01']) expect(err.message).not.toContain(leak);
  });

  it('finds a syntax error exactly when JSON.parse rejects the text (seeded fuzz)', () => {
    let seed = 20240813;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const pieces = ['{', '}', '[', ']', '"', '\\', ':', ',', ' ', '1', '0', '-', '.', 'e', '+', 'true', 'null', 'NaN', '张', '\t', '\u0001', '\\u12', '"k"', '01'];
    const base = ['{"a":1}', '{"名字":"张三","n":[1,2,{"x":null}],"b":true}', '{"a":"x\\u00e9\\n","b":-0.5e+3}', '{}', '[[]]'];
    for (let t = 0; t < 20000; t++) {
      let s = base[Math.floor(rnd() * base.length)]!;
      for (let e = 1 + Math.floor(rnd() * 3); e > 0; e--) {
        const at = Math.floor(rnd() * (s.length + 1));
        s = rnd() < 0.5 ? s.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + s.slice(at) : s.slice(0, at) + s.slice(at + 1);
      }
      let valid = true;
      try { JSON.parse(s); } catch { valid = false; }
      const found = findJsonSyntaxError(s);
      if (valid !== (found === null)) expect.fail(`disagrees with JSON.parse on ${JSON.stringify(s)}`);
      if (found) expect(found.index).toBeLessThanOrEqual(s.length);
    }
  });

  it('rejects a key that the first rows did not have instead of dropping it', async () => {
    const path = join(dir, 'newkey.ndjson');
    await writeFile(path, '{"a":"1"}\n{"a":"2","b":"x"}\n');
    await expect(collect(await readNdjson(path, { inferFrom: 1 }))).rejects.toThrow(/row 2: unexpected key "b"/);
  });

  it('rejects bytes that are not UTF-8 and names missing files', async () => {
    const path = join(dir, 'gbk.ndjson');
    await writeFile(path, Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xd5, 0xc5, 0x22, 0x7d, 0x0a]));
    await expect(readNdjson(path)).rejects.toThrow(/gbk\.ndjson, line 1: bytes are not valid UTF-8/);
    await expect(readNdjson(join(dir, 'none.jsonl'))).rejects.toThrow(/none\.jsonl: cannot read input: file not found/);
  });

  it('names the right line of bad UTF-8 deep in a file, across read chunks, and of a file cut inside a character', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ a: `张三${i}` })).join('\n') + '\n';
    const gbk = join(dir, 'deep-gbk.ndjson');
    await writeFile(gbk, Buffer.concat([Buffer.from(lines), Buffer.from('{"a":"'), Buffer.from([0xd5, 0xc5]), Buffer.from('"}\n{"a":"x"}\n')]));
    await expect(readNdjson(gbk, { inferFrom: 1, batchSize: 100 }).then(collect)).rejects.toThrow(/deep-gbk\.ndjson, line 5001: bytes are not valid UTF-8/);
    const cut = join(dir, 'cut.ndjson');
    await writeFile(cut, Buffer.concat([Buffer.from(lines), Buffer.from('{"a":"'), Buffer.from('张').subarray(0, 2)]));
    await expect(readNdjson(cut, { inferFrom: 1, batchSize: 100 }).then(collect)).rejects.toThrow(/cut\.ndjson, line 5001: bytes are not valid UTF-8/);
  });
});
