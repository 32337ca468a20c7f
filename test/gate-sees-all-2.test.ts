/**
 * The gate sees everything it publishes, second sweep (session 10, H5): personal data outside the
 * ordinary text cell — in the spec's own texts, in a header, in a comment line above the header,
 * in a source's schema and field metadata, in values of a column that looks like dates, numbers
 * or booleans, in a dictionary entry no row uses, in the rows a rule rejects. Runs go through the
 * CLI in this process; published packages are read back with DuckDB, apache-arrow and SheetJS
 * (test/support/published-check.ts), never with tuomin's own readers. What must hold: each place
 * is refused (exit 3, naming the place, never the value) or published without the value.
 */
import { describe, expect, it } from 'vitest';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Dictionary, Field, Int32, Utf8, makeData, vectorFromArray, type Data } from 'apache-arrow';
import { fileTexts } from './support/published-check.js';
import { clinicDataset } from './support/sweep-flow.js';
import { CARE_COLUMNS, scratchWithSpills, type Folder } from './support/spill-folder.js';
import { ID, MOBILE, NAME, PLANTED, ROWS, arrowFileBytes, arrowStreamBytes, careBatch, careCsv, parquetBytes } from './support/formats-sweep-data.js';

const scratch = scratchWithSpills('tuomin-gate-sees-all-2');

const X = '  x: { name: note, description: 备注 }\n';
const FORMATS = '[csv, parquet, ndjson, arrow, xlsx]';
const HEADER = 'jiedao,fuwu_xm,cishu,x';

const folder = (source: string, bytes: Uint8Array | string, column = X, dataset = clinicDataset('gate-sees-all-2')): Promise<Folder> =>
  scratch.folder(source, bytes, `${dataset}source: { path: ${source}, acquiredAt: 2026-11-20 }\ncolumns:\n${CARE_COLUMNS}${column}output: { folder: out, formats: ${FORMATS} }\n`);

const tuomin = (f: Folder, args: string[]) => scratch.run(f, args);

const leftovers = (f: Folder): Promise<string[]> => scratch.leftovers(f);

/** Every text a reader gets out of a published package: cells, names, key-value and field metadata, workbook parts, metadata and reports. */
async function publishedTexts(packageDir: string): Promise<string> {
  let all = '';
  for (const f of await readdir(packageDir, { recursive: true })) {
    const p = join(packageDir, String(f));
    if (!(await stat(p)).isDirectory()) all += `${(await fileTexts(scratch.duck, p)).join('\n')}\n`;
  }
  return all;
}

type Run = Awaited<ReturnType<typeof tuomin>>;
const errorReasons = (r: Run): Array<{ code: string; path?: string; column?: string; type?: string }> =>
  (r.json.error?.reviews ?? []).flatMap((x: { reasons: Array<{ severity: string }> }) => x.reasons.filter((y) => y.severity === 'error'));

// ---------------------------------------------------------------------------------------------

describe('the spec\'s own texts are published in every metadata file: the gate reads them', () => {
  const base = clinicDataset('gate-sees-all-2');
  const CASES: Array<[string, string, string, string?]> = [
    ['a mobile in dataset.description', base.replace('各科室门诊量汇总。', `各科室门诊量汇总，咨询${MOBILE}。`), 'dataset.description'],
    ['a landline with a doctor\'s name in dataset.description', base.replace('各科室门诊量汇总。', '各科室门诊量汇总，咨询张医生0543-3168421。'), 'dataset.description'],
    ['a name as a keyword', base.replace('[门诊, 统计]', `[门诊, ${NAME}]`), 'dataset.keywords[1]'],
    // Before: exit 0, the name in README.md, datapackage.json, catalog.jsonld and the Arrow and Parquet metadata.
    ['a name in brackets after the title', base.replace('title: 滨州市门诊量统计', `title: 滨州市门诊量统计（${NAME}）`), 'dataset.title'],
    ['a three-character name in brackets in the description', base.replace('各科室门诊量汇总。', '各科室门诊量汇总（王建国）。'), 'dataset.description'],
    ['a name in brackets in a column\'s description', base, 'columns.x.description', `  x: { name: note, description: 备注（${NAME}） }\n`],
  ];
  for (const [name, dataset, path, column] of CASES) {
    it(`${name}: the run exits 3 at ${path}, the value printed nowhere, nothing left`, async () => {
      const f = await folder('in.csv', careCsv(() => '无', HEADER), column ?? X, dataset);
      const run = await tuomin(f, ['run', 'spec.yaml']);
      expect(run.code, run.text).toBe(3);
      expect(errorReasons(run)).toContainEqual(expect.objectContaining({ code: 'privacy/pii-in-metadata', path }));
      for (const v of [MOBILE, NAME, '3168421', '王建国']) expect(run.text.includes(v), v).toBe(false);
      expect(await leftovers(f)).toEqual([]);
    });
  }

  it('brackets that hold no name (（试行）, 【2025年版】, (含市直), （张店区）) publish', async () => {
    const f = await folder('in.csv', careCsv(() => '无', HEADER), '  x: { name: note, description: 备注（张店区） }\n', base.replace('title: 滨州市门诊量统计', 'title: 滨州市门诊量统计（试行）【2025年版】').replace('各科室门诊量汇总。', '各科室门诊量汇总(含市直)。'));
    const run = await tuomin(f, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    expect(await publishedTexts(run.json.packageDir)).toContain('滨州市门诊量统计（试行）【2025年版】');
  });
});

describe('personal data in values of a column typed as text that looks like dates, numbers or booleans', () => {
  const CASES: Array<[string, (i: number) => string, string, string]> = [
    ['an ID among dates', (i) => (i === PLANTED ? ID : `2025-0${1 + (i % 9)}-1${i % 10}`), 'cn_id', X],
    ['a mobile among counts', (i) => (i === PLANTED ? MOBILE : String(100 + i)), 'cn_mobile', X],
    ['a mobile among 是/否', (i) => (i === PLANTED ? MOBILE : i % 2 ? '是' : '否'), 'cn_mobile', X],
    ['a mobile in a column declared integer', (i) => (i === PLANTED ? MOBILE : String(100 + i)), 'cn_mobile', '  x: { name: note, type: integer, description: 备注 }\n'],
    ['an ID in a column declared date', (i) => (i === PLANTED ? ID : `2025-0${1 + (i % 9)}-1${i % 10}`), 'cn_id', '  x: { name: note, type: date, description: 备注 }\n'],
  ];
  for (const [name, value, type, column] of CASES) {
    it(`${name}: scan and run exit 3 naming the column, the value printed nowhere`, async () => {
      const f = await folder('in.csv', careCsv(value, HEADER), column);
      const scan = await tuomin(f, ['scan', 'in.csv']);
      expect(scan.code, scan.text).toBe(3);
      expect(scan.json.findings).toContainEqual(expect.objectContaining({ column: 'x', type, rows: [PLANTED + 1] }));
      const run = await tuomin(f, ['run', 'spec.yaml']);
      expect(run.code, run.text).toBe(3);
      expect(errorReasons(run)).toContainEqual(expect.objectContaining({ code: 'privacy/pii-pattern', column: 'note', type }));
      expect(scan.text + run.text).not.toMatch(new RegExp(`${ID}|${MOBILE}`));
      expect(await leftovers(f)).toEqual([]);
    });
  }
});

describe('a dictionary entry no row uses is still in the published dictionary: the gate reads it', () => {
  const column = (): Data => makeData({
    type: new Dictionary(new Utf8(), new Int32()), length: ROWS, data: Int32Array.from({ length: ROWS }, (_, i) => i % 2),
    dictionary: vectorFromArray(['助餐', '助浴', `老人身份证${ID}`], new Utf8()),
  } as never) as Data;
  const field = new Field('x', new Dictionary(new Utf8(), new Int32()), true);
  for (const [file, bytes] of [['in.arrow', () => arrowFileBytes(careBatch(field, column()))], ['in.arrows', () => arrowStreamBytes(careBatch(field, column()))]] as const) {
    it(`${file}: scan and run exit 3, the run naming the unused entry, nothing left`, async () => {
      const f = await folder(file, bytes());
      const scan = await tuomin(f, ['scan', file]);
      expect(scan.code, scan.text).toBe(3);
      const run = await tuomin(f, ['run', 'spec.yaml']);
      expect(run.code, run.text).toBe(3);
      expect(run.json.error.message).toMatch(/dictionary entr(y|ies) of column "note" that no row uses/);
      expect(scan.text + run.text).not.toContain(ID);
      expect(await leftovers(f)).toEqual([]);
    });
  }

  it('the same dictionary written to Parquet by parquet-wasm keeps no unused entry: the source holds no ID, and the run publishes none', async () => {
    const bytes = parquetBytes(careBatch(field, column()), true);
    expect(Buffer.from(bytes).includes(ID)).toBe(false);
    const f = await folder('in.parquet', bytes);
    const run = await tuomin(f, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    expect(await publishedTexts(run.json.packageDir)).not.toContain(ID);
  });
});

describe('a source\'s schema and field metadata, in every output format (XLSX custom properties too)', () => {
  const withMetadata = (): ReturnType<typeof careBatch> => careBatch(
    new Field('x', new Utf8(), true, new Map([['记录人', `${NAME}${MOBILE}`]])),
    vectorFromArray(Array.from({ length: ROWS }, () => '无'), new Utf8()).data[0]!,
    new Map([['导出人', NAME], ['联系电话', MOBILE]]),
  );
  for (const [file, bytes] of [['in.arrow', () => arrowFileBytes(withMetadata())], ['in.parquet', () => parquetBytes(withMetadata())]] as const) {
    it(`${file}: scan exits 3; the run publishes, and no published file holds the name or the mobile`, async () => {
      const f = await folder(file, bytes());
      const scan = await tuomin(f, ['scan', file]);
      expect(scan.code, scan.text).toBe(3);
      const run = await tuomin(f, ['run', 'spec.yaml']);
      expect(run.code, run.text).toBe(0);
      const texts = await publishedTexts(run.json.packageDir);
      expect(texts).toContain('滨州市门诊量统计');
      expect(texts.includes(NAME)).toBe(false);
      expect(texts.includes(MOBILE)).toBe(false);
      expect(scan.text + run.text).not.toMatch(new RegExp(`${NAME}|${MOBILE}`));
    });
  }
});

describe('a comment line above the CSV header (# 导出人 … and a mobile)', () => {
  it('with one field: it is read as the header, the run is refused as not matching the spec, the mobile printed nowhere', async () => {
    const f = await folder('in.csv', `# 导出人 ${NAME} ${MOBILE}\r\n${careCsv(() => '无', HEADER)}`);
    for (const args of [['scan', 'in.csv'], ['run', 'spec.yaml']]) {
      const r = await tuomin(f, args);
      expect(r.code, r.text).toBe(1);
      expect(r.text).not.toContain(MOBILE);
      expect(r.text).not.toContain(NAME);
      expect(await leftovers(f)).toEqual([]);
    }
  });

  it('with as many fields as the header: its cells are headers, and a header holding the mobile is refused at its column number', async () => {
    const f = await folder('in.csv', `# 导出人,${NAME},${MOBILE},备注\r\n${careCsv(() => '无', HEADER)}`);
    const scan = await tuomin(f, ['scan', 'in.csv']);
    expect(scan.code, scan.text).toBe(3);
    expect(scan.json.findings).toContainEqual(expect.objectContaining({ type: 'cn_mobile', place: 'header' }));
    expect(scan.text).not.toContain(MOBILE);
  });
});

describe('rows a rule rejects are raw: kept out of the package, private, named in the review by path only', () => {
  it('a cast with onInvalid: reject-row on a row holding an ID', async () => {
    const f = await folder('in.csv', careCsv((i) => (i === PLANTED ? `x${ID}` : String(i)), HEADER), '  x: { name: note, type: integer, description: 备注, rule: { type: cast, to: int64, onInvalid: reject-row } }\n');
    const run = await tuomin(f, ['run', 'spec.yaml']);
    expect(run.code, run.text).toBe(0);
    expect(run.json.rows).toBe(ROWS - 1);
    expect(run.text).not.toContain(ID);
    expect(await publishedTexts(run.json.packageDir)).not.toContain(ID);
    const kept = run.json.rejects as Array<{ path: string; rows: number }>;
    expect(kept).toHaveLength(1);
    expect(kept[0]!.path.startsWith(run.json.packageDir)).toBe(false);
    expect((await stat(kept[0]!.path)).mode & 0o077).toBe(0);
    // The publisher's copy holds the row as it was, to fix the source.
    expect(await readFile(kept[0]!.path, 'utf8')).toContain(ID);
  });
});
