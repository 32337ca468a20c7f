import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { readNdjson } from '../src/ndjson/index.js';
import { rowsSource } from '../src/rows/index.js';

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-ndjson-hard-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

async function rowsOf(text: string): Promise<Record<string, unknown>[]> {
  const file = join(dir, `t-${Math.random().toString(36).slice(2)}.ndjson`);
  await writeFile(file, text);
  const src = await readNdjson(file);
  const out: Record<string, unknown>[] = [];
  for await (const b of src.batches() as AsyncIterable<RecordBatch>) for (const r of b.toArray()) out.push(r.toJSON());
  return out;
}

async function errorOf(text: string): Promise<TuominError> {
  const err = await rowsOf(text).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(TuominError);
  return err as TuominError;
}

describe('NDJSON numbers outside the range of a double', () => {
  it('keeps 1e400, 0.1e-400 and 1e-320 as written instead of null, 0 and a rounded subnormal', async () => {
    const rows = await rowsOf('{"a":1e400,"b":0.1e-400,"c":-1E+999,"d":1e-320,"e":2.5e100}\n');
    expect(rows).toEqual([{ a: '1e400', b: '0.1e-400', c: '-1E+999', d: '1e-320', e: '2.5e+100' }]);
  });
  it('leaves zeros written with a big exponent as zero', async () => {
    expect(await rowsOf('{"a":0e400,"b":0.0e-999}\n')).toEqual([{ a: '0', b: '0' }]);
  });
});

describe('NDJSON duplicate keys', () => {
  it('is an error naming the line and the key', async () => {
    const err = await errorOf('{"id":"1","name":"a"}\n{"id":"2","name":"b","name":"c"}\n');
    expect(err.message).toContain('duplicate key "name"');
    expect(err.location).toMatchObject({ line: 2 });
    expect(err.message).not.toContain('"c"');
  });
  it('sees a key spelt with an escape as the same key', async () => {
    const err = await errorOf('{"id":"1","\\u0069d":"2"}\n');
    expect(err.message).toContain('duplicate key "id"');
  });
  it('checks nested objects too, and allows the same key in sibling objects', async () => {
    expect((await errorOf('{"a":{"x":1,"x":2}}\n')).message).toContain('duplicate key "x"');
    expect(await rowsOf('{"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":2}]}\n')).toHaveLength(1);
  });
  it('integer-like keys (which JSON.parse reorders) are no false alarm', async () => {
    expect(await rowsOf('{"b":{"x":1},"1":{"y":1,"z":2},"a":[{"k":1},{"k":2,"j":3}]}\n')).toHaveLength(1);
  });
  it('does not mistake strings that look like keys for keys', async () => {
    expect(await rowsOf('{"a":"\\"a\\":1, \\"a\\"","b":["a","a"]}\n')).toHaveLength(1);
  });
});

describe('NDJSON nesting depth', () => {
  it('refuses 100,000 levels with a clear error instead of a stack overflow', async () => {
    const deep = '{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}\n';
    const err = await errorOf('{"a":1}\n' + deep);
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toContain('nested deeper than 64');
    expect(err.location).toMatchObject({ line: 2 });
  });
  it('reads 60 levels (a nested cell becomes JSON text)', async () => {
    const rows = await rowsOf('{"a":' + '['.repeat(60) + ']'.repeat(60) + '}\n');
    expect(rows[0]!.a).toBe('['.repeat(60) + ']'.repeat(60));
  });
});

describe('rows named like members of Object.prototype', () => {
  it('a row without a constructor, toString or __proto__ key gives nulls there, not the prototype', async () => {
    const rows = await rowsOf('{"constructor":"c","toString":"t","__proto__":"p","x":"1"}\n{"x":"2"}\n');
    expect(rows[1]).toEqual({ constructor: null, toString: null, __proto__: null, x: '2' });
    expect(rows[0]).toMatchObject({ constructor: 'c', toString: 't', x: '1' });
  });
  it('library rows too', async () => {
    const src = await rowsSource([{ valueOf: '1' }, {}], { columns: ['valueOf', 'hasOwnProperty'] });
    const out: unknown[] = [];
    for await (const b of src.batches()) for (const r of b.toArray()) out.push([...Object.values(r.toJSON())]);
    expect(out).toEqual([['1', null], [null, null]]);
  });
});
