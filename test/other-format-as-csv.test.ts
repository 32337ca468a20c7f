/**
 * Another data format under a .csv name (a Parquet or Arrow file renamed, a gzip'd export): read as
 * text its magic bytes became a header and its data no rows, so `scan` called the file clean (exit
 * 0) and `convert` wrote an empty file while the data held an ID and a mobile. Each is refused now,
 * at line 1, saying which format it is and what to do, in English and Chinese, with nothing left
 * behind. Real files: Parquet from our writer, Arrow from apache-arrow, gzip from zlib.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Field, Utf8, vectorFromArray } from 'apache-arrow';
import { clinicDataset, runCliJson } from './support/sweep-flow.js';
import { CARE_COLUMNS, scratchWithSpills, type Folder } from './support/spill-folder.js';
import { ID, MOBILE, PLANTED, ROWS, arrowFileBytes, arrowStreamBytes, careBatch, careCsv } from './support/formats-sweep-data.js';
import { writeParquetFile } from './support/cell-types.js';

const scratch = scratchWithSpills('tuomin-other-format-as-csv');
const NOTE = '  x: { name: note, description: 备注 }\n';
const spec = `${clinicDataset('other-format-as-csv')}source: { path: in.csv, acquiredAt: 2026-11-20 }\ncolumns:\n${CARE_COLUMNS}${NOTE}output: { folder: out, formats: [csv] }\n`;

const notes = (): string[] => Array.from({ length: ROWS }, (_, i) => (i === PLANTED ? `身份证${ID}，电话${MOBILE}` : '无'));
const batch = () => careBatch(new Field('x', new Utf8(), true), vectorFromArray(notes(), new Utf8()).data[0]!);

async function parquetBytes(dir: string): Promise<Uint8Array> {
  const p = join(dir, 'made.parquet');
  await writeParquetFile(p, batch());
  return new Uint8Array(await readFile(p));
}

const CASES: Array<[string, (dir: string) => Promise<Uint8Array>, RegExp, RegExp]> = [
  ['a Parquet file', parquetBytes, /Parquet under a \.csv name/, /\.parquet extension/],
  ['an Arrow IPC file', async () => arrowFileBytes(batch()), /Arrow IPC file under a \.csv name/, /\.arrow extension/],
  ['an Arrow IPC stream', async () => arrowStreamBytes(batch()), /Arrow IPC stream under a \.csv name/, /\.arrows extension/],
  ['a gzip\'d CSV', async () => new Uint8Array(gzipSync(careCsv((i) => (i === PLANTED ? `身份证${ID}` : '无')))), /gzip archive under a \.csv name/, /gunzip/],
];

describe('another data format under a .csv name is refused by every reader, never read as an empty CSV', () => {
  for (const [what, bytes, says, hint] of CASES) {
    it(`${what}: scan, profile, convert and run exit 1 at line 1 naming the format and the fix; nothing written, nothing printed of the data`, async () => {
      const dir = (await scratch.folder('seed.txt', '', spec)).dir;
      const f: Folder = await scratch.folder('in.csv', await bytes(dir), spec);
      for (const args of [['scan', 'in.csv'], ['profile', 'in.csv'], ['convert', 'in.csv', 'o.ndjson'], ['run', 'spec.yaml']]) {
        const r = await scratch.run(f, args);
        const where = `${args.join(' ')}: ${r.text}`;
        expect(r.code, where).toBe(1);
        expect(r.json.error, where).toMatchObject({ code: 'BAD_INPUT', line: 1 });
        expect(r.json.error.message, where).toMatch(says);
        expect(r.json.error.hint, where).toMatch(hint);
        expect(r.text.includes(ID) || r.text.includes(MOBILE), `${where}: printed a value`).toBe(false);
      }
      expect(await scratch.leftovers(f)).toEqual([]);
    });
  }

  it('in Chinese: the format named in Chinese, and the fix', async () => {
    const dir = (await scratch.folder('seed.txt', '', spec)).dir;
    const f = await scratch.folder('in.csv', await parquetBytes(dir), spec);
    const r = await runCliJson(f.dir, ['scan', 'in.csv'], { TUOMIN_WORK_DIR: f.work, LANG: 'zh_CN.UTF-8' });
    expect(r.code, r.text).toBe(1);
    expect(r.json.error.message, r.text).toMatch(/以 \.csv 命名的 Parquet 文件/);
    expect(r.json.error.hint, r.text).toMatch(/扩展名改为 \.parquet/);
  });

  it('a CSV whose first cell happens to start with PAR (PARK,…) is still read as CSV', async () => {
    const f = await scratch.folder('in.csv', careCsv(() => '无', 'PARK,fuwu_xm,cishu,x'), spec.replace('  jiedao:', '  PARK:'));
    const r = await scratch.run(f, ['scan', 'in.csv']);
    expect(r.code, r.text).toBe(0);
  });
});
