/**
 * The files of test/parallel-verbs*.test.ts: a seeded extract of a few thousand rows with Chinese
 * text, resident ID numbers, mobile numbers and quoted newlines, as UTF-8 CSV, NDJSON and Parquet
 * (several row groups, so each format is cut into several partitions).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource, writeOutput } from '@tuomin/io';
import { csvLine } from '../../fixtures/lib/csv-out.js';
import { residentIdCheckChar } from '../../fixtures/lib/ids.js';

export const ROWS = 4000;
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰'];
const CITIES = ['北京市朝阳区', '上海市浦东新区', '武汉市洪山区', '广州市天河区', '成都市武侯区'];

/** A resident ID number with a valid check digit, a function of `i`. */
export function residentId(i: number): string {
  const body = `110105${1960 + (i % 40)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i % 1000).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

/**
 * The CSV text of `rows` rows; `ragged` puts a row with one field too many at that row (1-based),
 * `notANumber` an amount that is not a number.
 */
export function csvText(rows = ROWS, bad: { ragged?: number; notANumber?: number } = {}): string {
  const lines = ['案号,姓名,身份证号,手机,城市,备注,金额'];
  for (let i = 1; i <= rows; i++) {
    const note = i % 13 === 0 ? `第${i}次检查\n当事人称"已整改"` : i % 17 === 0 ? `联系人电话 139${String(10000000 + i * 37).slice(0, 8)}，地址${CITIES[i % 5]}` : i % 11 === 0 ? '' : `现场检查第${i}次，未见异常`;
    const cells = [`案-2024-${String(i).padStart(6, '0')}`, `${SURNAMES[i % 20]}${GIVEN[(i * 7) % 20]}${GIVEN[(i * 3) % 19]}`, residentId(i),
      `13${(i % 7) + 3}${String(10000000 + ((i * 7919) % 89999999)).slice(0, 8)}`, CITIES[(i * 13) % 5]!, note, i === bad.notANumber ? '不详' : String(Math.round(i * 137.3) / 100)];
    if (i === bad.ragged) cells.push('多余');
    lines.push(csvLine(cells));
  }
  return `${lines.join('\n')}\n`;
}

/** The extract as CSV, NDJSON and Parquet (row groups of 400 rows), in a fresh folder. */
export async function writeExtract(): Promise<{ dir: string; csv: string; ndjson: string; parquet: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-pverbs-'));
  const csv = join(dir, 'extract.csv');
  await writeFile(csv, csvText());
  const ndjson = join(dir, 'extract.ndjson');
  const parquet = join(dir, 'extract.parquet');
  for (const [path, options] of [[ndjson, {}], [parquet, { parquet: { rowGroupSize: 400 } }]] as const) {
    const src = await openSource(csv);
    await writeOutput(path, src.schema, src.batches(), options);
  }
  return { dir, csv, ndjson, parquet };
}
