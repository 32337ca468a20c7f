/**
 * The gate and the readers on every cell type and on odd input, as a new user meets them: sources
 * written by other tools (apache-arrow, parquet-wasm), a spec that publishes the column without a
 * rule and one that masks or redacts it, `tuomin scan` and `tuomin run` through the CLI. A raw
 * identifier published with exit 0 is a leak; published files are read back with DuckDB and
 * apache-arrow (support/published-check.ts), never with tuomin's own readers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { Decimal, Field, Float64, Int64, Utf8, makeData, vectorFromArray } from 'apache-arrow';
import { fileTexts } from './support/published-check.js';
import { clinicDataset, runCliJson } from './support/sweep-flow.js';
import {
  CELL_CASES, ID, ID_X, ID_X_AS_NUMBER, MOBILE, NAME, PLANTED, ROWS, cellBatch, writeArrowFile, writeParquetFile,
} from './support/cell-types.js';

let duck: DuckDBConnection;
beforeAll(async () => { duck = await (await DuckDBInstance.create(':memory:')).connect(); });
afterAll(() => duck?.closeSync());

const tuomin = (cwd: string, args: string[]) => runCliJson(cwd, args);

const META = clinicDataset('cell-types');

/** A folder with the source (written by `write`) and a spec publishing 科室, 门诊量 and the given column entry. */
async function setup(source: string, write: (path: string) => Promise<void>, column: string, formats = '[csv, parquet, arrow]'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-cell-types-'));
  await write(join(dir, source));
  await writeFile(join(dir, 'spec.yaml'), `${META}source: { path: ${source}, acquiredAt: 2026-11-20 }\ncolumns:\n  科室: { name: dept, description: 科室 }\n  门诊量: { name: visits, type: integer, description: 门诊人次 }\n${column}output: { folder: out, formats: ${formats} }\n`);
  return dir;
}

/** Every file under the output folder (a version, staging or temporary files), relative; empty folders aside. */
async function leftovers(dir: string): Promise<string[]> {
  const entries = await readdir(join(dir, 'out'), { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => !e.isDirectory()).map((e) => join(e.parentPath ?? e.path, e.name));
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

const CSV_DEPTS = ['内科', '外科', '儿科'];
function csv(header: string, third: (i: number) => string): string {
  const rows = [header];
  for (let i = 0; i < ROWS; i++) rows.push(`${CSV_DEPTS[i % 3]},${10 + (i % 2)},${third(i)}`);
  return `${rows.join('\n')}\n`;
}

describe('every cell type of an Arrow or Parquet source written by another tool: tuomin scan finds the planted value', () => {
  for (const c of CELL_CASES) {
    for (const format of ['arrow', 'parquet'] as const) {
      it(`${c.name} (${format})`, async () => {
        const dir = await setup(`in.${format}`, (p) => (format === 'arrow' ? writeArrowFile(p, cellBatch(c.field, c.column())) : writeParquetFile(p, cellBatch(c.field, c.column()))), '');
        const scan = await tuomin(dir, ['scan', `in.${format}`]);
        expect(scan.code, scan.text).toBe(3);
        const x = scan.json.findings.filter((f: { column: string }) => f.column === 'x');
        expect(x.length).toBeGreaterThan(0);
        expect(x[0].rows).toContain(PLANTED + 1);
        expect(scan.text).not.toContain(c.raw);
      });
    }
  }
});

describe('an ID stored as a number whose check character X was lost is still an ID', () => {
  // 11010519491231002X in a BIGINT column: the X dropped (17 digits) or written as 0 (18 digits).
  const dropped = ID_X.slice(0, 17);
  const cases: Array<[string, 'arrow' | 'parquet', Field, () => ReturnType<typeof makeData>, string]> = [
    ['int64, X written as 0, Arrow IPC', 'arrow', new Field('x', new Int64(), true), () => makeData({ type: new Int64(), length: ROWS, data: BigInt64Array.from({ length: ROWS }, (_, i) => (i === PLANTED ? BigInt(ID_X_AS_NUMBER) : 5n)) }), ID_X_AS_NUMBER],
    ['int64, X dropped, Parquet', 'parquet', new Field('x', new Int64(), true), () => makeData({ type: new Int64(), length: ROWS, data: BigInt64Array.from({ length: ROWS }, (_, i) => (i === PLANTED ? BigInt(dropped) : 5n)) }), dropped],
    ['decimal(18,0), X written as 0, Parquet', 'parquet', new Field('x', new Decimal(0, 18, 128), true), () => {
      const words = new Uint32Array(ROWS * 4);
      for (let i = 0; i < ROWS; i++) {
        let v = i === PLANTED ? BigInt(ID_X_AS_NUMBER) : 5n;
        for (let w = 0; w < 4; w++) { words[i * 4 + w] = Number(v & 0xffffffffn); v >>= 32n; }
      }
      return makeData({ type: new Decimal(0, 18, 128), length: ROWS, data: words });
    }, ID_X_AS_NUMBER],
  ];
  for (const [name, format, field, column, raw] of cases) {
    it(`${name}: scan and run exit 3, nothing published, the number printed nowhere`, async () => {
      const write = (p: string) => (format === 'arrow' ? writeArrowFile(p, cellBatch(field, column())) : writeParquetFile(p, cellBatch(field, column())));
      const dir = await setup(`in.${format}`, write, '  x: { name: x, type: integer, description: 附加 }\n');
      const scan = await tuomin(dir, ['scan', `in.${format}`]);
      expect(scan.code, scan.text).toBe(3);
      expect(scan.json.findings).toContainEqual(expect.objectContaining({ column: 'x', type: 'cn_id', rows: [PLANTED + 1] }));
      const run = await tuomin(dir, ['run', 'spec.yaml']);
      expect(run.code, run.text).toBe(3);
      expect(run.json.error.reviews[0].reasons).toContainEqual(expect.objectContaining({ code: 'privacy/pii-pattern', column: 'x', type: 'cn_id' }));
      expect(await leftovers(dir)).toEqual([]);
      expect(scan.text + run.text).not.toContain(raw);
    });
  }

  it('large numbers that are no IDs (order numbers starting with a date, amounts in fen) publish', async () => {
    const values = [20240101123456789n, 202401011234567890n, 999999999999999999n, 123456789012345678n];
    const field = new Field('x', new Int64(), true);
    const data = () => makeData({ type: new Int64(), length: ROWS, data: BigInt64Array.from({ length: ROWS }, (_, i) => values[i % values.length]!) });
    const dir = await setup('in.arrow', (p) => writeArrowFile(p, cellBatch(field, data())), '  x: { name: x, type: integer, description: 附加 }\n', '[csv]');
    const scan = await tuomin(dir, ['scan', 'in.arrow']);
    expect(scan.code, scan.text).toBe(0);
  });
});

describe('a NUL or another control character inside an identifier does not hide it', () => {
  const split = `${ID.slice(0, 9)}\u0000${ID.slice(9)}`;
  const mobile = `${MOBILE.slice(0, 3)}\u0001${MOBILE.slice(3)}`;
  const source = () => csv('科室,门诊量,备注', (i) => (i === PLANTED ? `身份证${split}` : i === PLANTED + 1 ? `电话${mobile}` : '无'));

  it('scan and a run without a rule exit 3', async () => {
    const dir = await setup('in.csv', (p) => writeFile(p, source()), '  备注: { name: note, description: 备注 }\n');
    const scan = await tuomin(dir, ['scan', 'in.csv']);
    expect(scan.code, scan.text).toBe(3);
    expect(scan.json.findings.map((f: { type: string; rows: number[] }) => `${f.type} ${f.rows.join()}`).sort()).toEqual([`cn_id ${PLANTED + 1}`, `cn_mobile ${PLANTED + 2}`]);
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(3);
    expect(await leftovers(dir)).toEqual([]);
    expect(run.text).not.toContain(ID.slice(9));
  });

  it('redact masks them: the published files, read back with DuckDB and apache-arrow, hold neither', async () => {
    const dir = await setup('in.csv', (p) => writeFile(p, source()), '  备注: { name: note, description: 备注, rule: { type: redact } }\n');
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    // Control characters removed, as a reader's eye removes them.
    const seen = (await publishedTexts(run.json.packageDir)).replace(/[\u0000-\u001f\u007f]/g, '');
    expect(seen.includes(ID)).toBe(false);
    expect(seen.includes(MOBILE)).toBe(false);
  });
});

describe('a header that names a person (张三的电话) is personal data', () => {
  const header = `${NAME}的电话`;
  const source = () => csv(`科室,门诊量,${header}`, () => '无');

  it('tuomin scan reports the header as column #3, without repeating it', async () => {
    const dir = await setup('in.csv', (p) => writeFile(p, source()), '');
    const scan = await tuomin(dir, ['scan', 'in.csv']);
    expect(scan.code, scan.text).toBe(3);
    expect(scan.json.findings).toContainEqual(expect.objectContaining({ column: 'column #3', type: 'person_name', place: 'header' }));
    expect(scan.text).not.toContain(NAME);
  });

  it('a run that renames the column but keeps the header as its title exits 3 and says to write a title', async () => {
    const dir = await setup('in.csv', (p) => writeFile(p, source()), `  ${header}: { name: phone_of, description: 附加 }\n`);
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(3);
    const reason = run.json.error.reviews[0].reasons.find((r: { code: string }) => r.code === 'privacy/pii-in-metadata');
    expect(reason).toMatchObject({ type: 'person_name', path: 'columns (output column #3).title' });
    expect(reason.message).toMatch(/write a title:/);
    expect(run.text).not.toContain(NAME);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('with a title of its own the column publishes and the name is in no file of the package', async () => {
    const dir = await setup('in.csv', (p) => writeFile(p, source()), `  ${header}: { name: phone_of, title: 联系电话, description: 附加 }\n`);
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    expect((await publishedTexts(run.json.packageDir)).includes(NAME)).toBe(false);
    expect(run.text).not.toContain(NAME);
  });
});

describe('the key-value metadata of a Parquet source written by parquet-wasm', () => {
  const x = new Field('x', new Utf8(), true);
  const column = () => vectorFromArray(Array.from({ length: ROWS }, () => '无'), new Utf8()).data[0]!;

  // The run no longer copies a source's metadata into published files (test/metadata-gate.test.ts).
  it('a name alone as a value (导出人: 欧阳娜娜) is found by scan; the run publishes without it', async () => {
    const dir = await setup('in.parquet', (p) => writeParquetFile(p, cellBatch(x, column()), { 导出人: NAME }), '  x: { name: x, description: 附加 }\n');
    const scan = await tuomin(dir, ['scan', 'in.parquet']);
    expect(scan.code, scan.text).toBe(3);
    expect(scan.json.findings).toContainEqual(expect.objectContaining({ column: '(schema metadata)', type: 'person_name', place: 'metadata' }));
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    expect((await publishedTexts(run.json.packageDir)).includes(NAME)).toBe(false);
    expect(scan.text + run.text).not.toContain(NAME);
  });
});

describe('a mask rule on an identifier stored as a number', () => {
  const field = new Field('x', new Float64(), true);
  const column = () => makeData({ type: new Float64(), length: ROWS, data: Float64Array.from({ length: ROWS }, (_, i) => (i === PLANTED ? Number(MOBILE) : 5)) });

  it('is refused before any row is read, naming the column and the rule, with a fix that exists (no cast to text does)', async () => {
    const dir = await setup('in.arrow', (p) => writeArrowFile(p, cellBatch(field, column())), '  x: { name: x, type: number, description: 附加, rule: { type: mask, preset: cn.mobile } }\n');
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(1);
    expect(run.json.error).toMatchObject({ code: 'BAD_SPEC' });
    expect(run.json.error.message).toMatch(/column "x".*mask.*Float64/);
    expect(run.json.error.hint).toMatch(/drop: true/);
    expect(run.json.error.hint).not.toMatch(/normalize step/);
    const zh = await tuomin(dir, ['run', 'spec.yaml', '--lang', 'zh']);
    expect(zh.json.error.hint ?? '', zh.text).not.toMatch(/normalize/);
    expect(zh.text).toMatch(/drop: true/);
    expect(run.text + zh.text).not.toContain(MOBILE);
    expect(await leftovers(dir)).toEqual([]);
  });
});

describe('person names under a header that does not say so, each shared by k records', () => {
  // Six names five times each: k = 5 is met, and the residual scan reads whole-cell names only under
  // a name header (姓名). A name identifies a person however many records share it.
  const NAMES = [NAME, '王秀英', '张建国', '李秀兰', '刘德明', '陈志强'];
  const cells: Array<[string, string, (i: number) => string]> = [
    ['one name to a cell (CSV)', 'in.csv', (i) => NAMES[i % 6]!],
    ['a list of names in a cell (CSV, 、)', 'in.csv', (i) => `${NAMES[i % 6]}、${NAMES[(i + 1) % 6]}`],
    ['a nested array of names (NDJSON)', 'in.ndjson', (i) => JSON.stringify({ 成员: [NAMES[i % 6], NAMES[(i + 1) % 6]] })],
  ];
  for (const [name, source, value] of cells) {
    it(`${name}: the run exits 3 naming the column, the names printed nowhere`, async () => {
      const write = (p: string) => writeFile(p, source.endsWith('.csv')
        ? csv('科室,门诊量,x', (i) => (i % 2 === 0 ? value(i) : '无'))
        : Array.from({ length: ROWS }, (_, i) => JSON.stringify({ 科室: CSV_DEPTS[i % 3], 门诊量: 10 + (i % 2), x: i % 2 === 0 ? JSON.parse(value(i)) : {} })).join('\n'));
      for (const out of ['x', 'household']) {
        const dir = await setup(source, write, `  x: { name: ${out}, description: 附加 }\n`, '[csv]');
        const run = await tuomin(dir, ['run', 'spec.yaml']);
        expect(run.code, run.text).toBe(3);
        expect(run.json.error.reviews[0].reasons).toContainEqual(expect.objectContaining({ code: 'privacy/names-published', column: out, path: 'columns.x' }));
        expect(await leftovers(dir)).toEqual([]);
        for (const n of NAMES) expect(run.text).not.toContain(n);
      }
    });
  }

  it('a column of public place names or a handful of categories is no list of names', async () => {
    const places = ['滨城区', '沾化区', '惠民县', '阳信县', '无棣县', '博兴县'];
    const dir = await setup('in.csv', (p) => writeFile(p, csv('科室,门诊量,x', (i) => `${places[i % 6]}、${places[(i + 2) % 6]}`)), '  x: { name: x, description: 附加 }\n', '[csv]');
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.json.error?.reviews?.[0]?.reasons ?? []).not.toContainEqual(expect.objectContaining({ code: 'privacy/names-published' }));
  });

  it('a membership level (普通/银卡/金卡: 金 and 银 are surnames, 卡 ends no name) is no list of names', async () => {
    const levels = ['普通', '银卡', '金卡'];
    const dir = await setup('in.csv', (p) => writeFile(p, csv('科室,门诊量,x', (i) => levels[i % 3]!)), '  x: { name: level, description: 会员等级 }\n', '[csv]');
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.json.error?.reviews?.[0]?.reasons ?? []).not.toContainEqual(expect.objectContaining({ code: 'privacy/names-published' }));
  });
});

describe('headers the CSV reader has to rename', () => {
  it('a repeated header (x, x) and a blank one: the error says the reader named them x_2 and column_<n>, and a blank spec key is pointed at column_<n>', async () => {
    const body = csv('科室,门诊量,x', () => '无,无,无').replace('科室,门诊量,x', '科室,门诊量,x,x, ');
    const dir = await setup('in.csv', (p) => writeFile(p, body), '  x: { name: x, description: 附加 }\n  " ": { name: blank, description: 空 }\n');
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(1);
    expect(run.json.error.message).toMatch(/columns\. : no such column in the source; did you mean "column_5"\?/);
    expect(run.json.error.message).toMatch(/not described in the spec: x_2, column_5/);
    expect(run.json.error.hint).toMatch(/x_2, column_5: the reader names a blank header column_<position> and a repeated one <name>_2/);
    const zh = await tuomin(dir, ['run', 'spec.yaml', '--lang', 'zh']);
    expect(zh.text).toMatch(/读取时空白列名记为 column_<序号>/);
  });
});

describe('a text column headed 身份证号 whose ID has a wrong check digit (X written as 0 by the source system)', () => {
  // A wrong check reads as an ID after a label inside the cell (身份证号：…); the column's header is that label.
  const source = () => csv('科室,门诊量,身份证号', (i) => (i === PLANTED ? ID_X_AS_NUMBER : ''));

  it('scan and a run without a rule exit 3, the ID printed nowhere', async () => {
    const dir = await setup('in.csv', (p) => writeFile(p, source()), '  身份证号: { name: id_number, description: 身份证号 }\n');
    const scan = await tuomin(dir, ['scan', 'in.csv']);
    expect(scan.code, scan.text).toBe(3);
    expect(scan.json.findings).toContainEqual(expect.objectContaining({ column: '身份证号', type: 'cn_id', rows: [PLANTED + 1] }));
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(3);
    expect(await leftovers(dir)).toEqual([]);
    expect(scan.text + run.text).not.toContain(ID_X_AS_NUMBER);
  });

  it('redact removes it, as the gate finds it: the published files hold no trace', async () => {
    const dir = await setup('in.csv', (p) => writeFile(p, source()), '  身份证号: { name: id_number, description: 身份证号, rule: { type: redact } }\n');
    const run = await tuomin(dir, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    expect((await publishedTexts(run.json.packageDir)).includes(ID_X_AS_NUMBER)).toBe(false);
  });
});
