/**
 * What the gate missed around the cells: a source's own metadata carried into published Arrow and
 * Parquet files, big integers in NDJSON, an empty file called clean by scan, a bare two-character
 * name as a header. Sources are written by other tools (apache-arrow, parquet-wasm, plain text),
 * runs go through the CLI, and published files are read back with DuckDB and apache-arrow, never
 * with tuomin's own readers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Field, List, Struct, Utf8, makeData, tableFromIPC, vectorFromArray } from 'apache-arrow';
import { project } from '@tuomin/core';
import { fileTexts } from './support/published-check.js';
import { clinicDataset, runCliJson } from './support/sweep-flow.js';
import { ROWS, cellBatch, writeArrowFile, writeParquetFile } from './support/cell-types.js';

let duck: DuckDBConnection;
beforeAll(async () => { duck = await (await DuckDBInstance.create(':memory:')).connect(); });
afterAll(() => duck?.closeSync());

const tuomin = (cwd: string, args: string[]) => runCliJson(cwd, args);

const META = clinicDataset('metadata-gate');

async function setup(source: string, write: (path: string) => Promise<void>, columns: string, formats = '[csv, parquet, arrow]'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-metadata-gate-'));
  await write(join(dir, source));
  await writeFile(join(dir, 'spec.yaml'), `${META}source: { path: ${source}, acquiredAt: 2026-11-20 }\ncolumns:\n${columns}output: { folder: out, formats: ${formats} }\n`);
  return dir;
}

async function publishedFile(packageDir: string, ext: string): Promise<string> {
  const f = (await readdir(packageDir, { recursive: true })).map(String).find((p) => p.endsWith(ext));
  if (f === undefined) throw new Error(`no ${ext} in the package`);
  return join(packageDir, f);
}

/** Every text a reader gets out of the published package, read back by DuckDB and apache-arrow. */
async function publishedTexts(packageDir: string): Promise<string> {
  let all = '';
  for (const f of await readdir(packageDir, { recursive: true })) {
    const p = join(packageDir, String(f));
    if (!/\.[a-z]+$/.test(p)) continue;
    all += (await fileTexts(duck, p).catch(() => [] as string[])).join('\n');
  }
  return all;
}

// Two characters, a common surname and a given character: what the name detector lets pass alone.
const BARE = '张伟';
const COLUMNS = '  科室: { name: dept, description: 科室 }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n  x: { name: x, description: 附加 }\n';
const OWN_FIELD_KEYS = ['derivedFrom', 'description', 'title'];

/** Keys of the Parquet file's key-value metadata, as DuckDB reads them. */
async function parquetKeys(path: string): Promise<string[]> {
  const rows = (await duck.runAndReadAll(`SELECT decode(key) FROM parquet_kv_metadata('${path.replaceAll("'", "''")}')`)).getRows();
  return rows.map((r) => String(r[0]));
}

/** Every metadata key of an Arrow file: the schema's, and each field's, nested fields included. */
function arrowKeys(path: string): { schema: string[]; fields: string[] } {
  const t = tableFromIPC(readFileSync(path));
  const fields: string[] = [];
  const walk = (f: Field): void => {
    fields.push(...f.metadata.keys());
    for (const c of (f.type as { children?: Field[] }).children ?? []) walk(c);
  };
  t.schema.fields.forEach(walk);
  return { schema: [...t.schema.metadata.keys()], fields };
}

describe('a source file\'s own metadata is not published', () => {
  const text = () => vectorFromArray(Array.from({ length: ROWS }, () => '无'), new Utf8()).data[0]!;

  it('Parquet key-value metadata (导出人: 张伟 and a bare 张伟): the run publishes, and no published file holds it', async () => {
    const dir = await setup('in.parquet', (p) => writeParquetFile(p, cellBatch(new Field('x', new Utf8(), true), text()), { 导出人: BARE, 备注: BARE }), COLUMNS);
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    const pkg = run.json.packageDir as string;
    expect((await parquetKeys(await publishedFile(pkg, '.parquet'))).every((k) => k.startsWith('tuomin.') || k === 'ARROW:schema')).toBe(true);
    const arrow = arrowKeys(await publishedFile(pkg, '.arrow'));
    expect(arrow.schema.length).toBeGreaterThan(0);
    expect(arrow.schema.every((k) => k.startsWith('tuomin.'))).toBe(true);
    expect((await publishedTexts(pkg)).includes(BARE)).toBe(false);
  });

  it('Arrow schema and field metadata (记录人: 张伟): none is published, the spec\'s title and description are', async () => {
    const x = new Field('x', new Utf8(), true, new Map([['记录人', BARE], [BARE, '审核']]));
    const dir = await setup('in.arrow', (p) => writeArrowFile(p, cellBatch(x, text(), new Map([['导出人', BARE]]))), COLUMNS, '[parquet, arrow]');
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    const pkg = run.json.packageDir as string;
    const arrow = arrowKeys(await publishedFile(pkg, '.arrow'));
    expect(arrow.schema.every((k) => k.startsWith('tuomin.'))).toBe(true);
    expect(arrow.fields.length).toBeGreaterThan(0);
    expect(arrow.fields.every((k) => OWN_FIELD_KEYS.includes(k))).toBe(true);
    const t = tableFromIPC(readFileSync(await publishedFile(pkg, '.arrow')));
    expect(t.schema.fields.find((f) => f.name === 'x')?.metadata.get('description')).toBe('附加');
    expect(t.numRows).toBe(ROWS);
    expect((await publishedTexts(pkg)).includes(BARE)).toBe(false);
  });
});

describe('project, the transform that shapes the published schema', () => {
  it('drops the metadata of nested fields too, keeping the buffers; keepSourceMetadata keeps it', async () => {
    const inner = new Field('who', new Utf8(), true, new Map([['填报人', BARE]]));
    const type = new List(new Field('item', new Struct([inner]), true, new Map([['审核', BARE]])));
    const who = vectorFromArray(Array.from({ length: ROWS }, () => '无'), new Utf8()).data[0]!;
    const item = makeData({ type: new Struct([inner]), length: ROWS, children: [who] });
    const list = makeData({ type, length: ROWS, valueOffsets: Int32Array.from({ length: ROWS + 1 }, (_, i) => i), child: item });
    const batch = cellBatch(new Field('x', type, true, new Map([['记录人', BARE]])), list, new Map([['导出人', BARE]]));
    const run = async (t: ReturnType<typeof project>) => {
      const bound = t.bind(batch.schema);
      const out = [];
      for await (const b of bound.apply((async function* () { yield batch; })())) out.push(b);
      return { schema: bound.outputSchema, batch: out[0]! };
    };
    const bare = await run(project([{ from: 'x', metadata: { title: '附加' } }]));
    const keys: string[] = [...bare.schema.metadata.keys()];
    const walk = (f: Field): void => { keys.push(...f.metadata.keys()); for (const c of (f.type as { children?: Field[] }).children ?? []) walk(c); };
    bare.schema.fields.forEach(walk);
    expect(keys).toEqual(['title']);
    expect(bare.batch.getChildAt(0)?.toJSON().length).toBe(ROWS);
    expect(bare.batch.getChildAt(0)?.data[0]?.valueOffsets).toBe(list.valueOffsets);
    const kept = await run(project([{ from: 'x' }], { keepSourceMetadata: true }));
    expect(kept.schema.metadata.get('导出人')).toBe(BARE);
    expect(kept.schema.fields[0]?.metadata.get('记录人')).toBe(BARE);
  });
});

describe('tuomin scan of an empty file', () => {
  for (const name of ['in.csv', 'in.ndjson']) {
    it(`${name} of 0 bytes is not clean: exit 1 (unreadable input, as run), saying the file is empty`, async () => {
      const dir = await setup(name, (p) => writeFile(p, ''), COLUMNS);
      const scan = await tuomin(dir, ['scan', name]);
      expect(scan.code, scan.text).toBe(1);
      expect(scan.json.clean).toBeUndefined();
      expect(scan.json.error).toMatchObject({ code: 'BAD_INPUT' });
      expect(scan.text).toMatch(/the file is empty/);
      const run = await tuomin(dir, ['run', 'spec.yaml']);
      expect(run.code, run.text).toBe(1);
    });
  }
});

describe('an 18-digit number in NDJSON under a key that says nothing', () => {
  // 11010519491231002X as the number a system made of it: the X written as 0. Beyond 2^53, so a
  // double would round it (to …016); order numbers (a date and a counter) are the control.
  const ID_LOST_X = '110105194912310020';
  const ndjson = (third: (i: number) => string) => `${Array.from({ length: ROWS }, (_, i) => `{"科室":"${['内科', '外科', '儿科'][i % 3]}","门诊量":${10 + (i % 2)},"x":${third(i)}}`).join('\n')}\n`;

  it('is read digit for digit (no rounding through a double): convert, read back by DuckDB', async () => {
    const dir = await setup('in.ndjson', (p) => writeFile(p, ndjson((i) => String(202611200000000000n + BigInt(i)))), COLUMNS);
    const conv = await tuomin(dir, ['convert', 'in.ndjson', 'out.parquet']);
    expect(conv.code, conv.text).toBe(0);
    const rows = (await duck.runAndReadAll(`SELECT x::VARCHAR FROM read_parquet('${join(dir, 'out.parquet')}')`)).getRows().map((r) => String(r[0]));
    expect(rows).toEqual(Array.from({ length: ROWS }, (_, i) => String(202611200000000000n + BigInt(i))));
  });

  it('an ID whose X was lost is found: scan and a run of the column as integer exit 3, the number printed nowhere', async () => {
    const dir = await setup('in.ndjson', (p) => writeFile(p, ndjson((i) => (i === 7 ? ID_LOST_X : String(202611200000000000n + BigInt(i))))), COLUMNS.replace('x: { name: x,', 'x: { name: x, type: integer,'));
    const scan = await tuomin(dir, ['scan', 'in.ndjson']);
    expect(scan.code, scan.text).toBe(3);
    expect(scan.json.findings).toContainEqual(expect.objectContaining({ column: 'x', type: 'cn_id', rows: [8] }));
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(3);
    expect(run.json.error.reviews[0].reasons).toContainEqual(expect.objectContaining({ code: 'privacy/pii-pattern', column: 'x', type: 'cn_id' }));
    expect(scan.text + run.text).not.toContain(ID_LOST_X);
  });

  it('order numbers of 18 digits (a date and a counter) and text codes of 17 digits are no IDs: scan exits 0', async () => {
    const dir = await setup('in.ndjson', (p) => writeFile(p, ndjson((i) => (i % 2 ? String(202611200000000000n + BigInt(i)) : `"${String(12345678901234560n + BigInt(i))}"`))), COLUMNS);
    const scan = await tuomin(dir, ['scan', 'in.ndjson']);
    expect(scan.code, scan.text).toBe(0);
  });
});

describe('a header that is a two-character name alone (张伟)', () => {
  // One column per person, counts in the cells: the values are no names, the header is one.
  const source = (header: string) => `科室,门诊量,${header}\n${Array.from({ length: ROWS }, (_, i) => `${['内科', '外科', '儿科'][i % 3]},${10 + (i % 2)},${i % 7}`).join('\n')}\n`;

  it('scan reports it as column #3 without repeating it; a run that renames it but keeps it as the title exits 3', async () => {
    const dir = await setup('in.csv', (p) => writeFile(p, source(BARE)), `  科室: { name: dept, description: 科室 }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n  ${BARE}: { name: x, type: integer, description: 附加 }\n`);
    const scan = await tuomin(dir, ['scan', 'in.csv']);
    expect(scan.code, scan.text).toBe(3);
    expect(scan.json.findings).toContainEqual(expect.objectContaining({ column: 'column #3', type: 'person_name', place: 'header' }));
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(3);
    expect(run.json.error.reviews[0].reasons).toContainEqual(expect.objectContaining({ code: 'privacy/pii-in-metadata', type: 'person_name' }));
    expect(scan.text + run.text).not.toContain(BARE);
  });

  it('with a title of its own the column publishes, and the name is in no file of the package', async () => {
    const dir = await setup('in.csv', (p) => writeFile(p, source(BARE)), `  科室: { name: dept, description: 科室 }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n  ${BARE}: { name: x, title: 次数, type: integer, description: 附加 }\n`);
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    expect((await publishedTexts(run.json.packageDir)).includes(BARE)).toBe(false);
  });

  it('two-character headers that are words (周一, 沈阳, 性别, 金额, 单位) scan clean', async () => {
    for (const header of ['周一', '沈阳', '性别', '金额', '单位']) {
      const dir = await setup('in.csv', (p) => writeFile(p, source(header)), COLUMNS);
      const scan = await tuomin(dir, ['scan', 'in.csv']);
      expect(scan.code, `${header}: ${scan.text}`).toBe(0);
    }
  });
});
