import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small dataset that passes both reviews: a pseudonymized case number, a category, an amount
 * and a fully masked resident ID (the raw value must never be found in a leftover file).
 */
export const RAW_ID_PREFIX = '110105';

export function datasetCsv(rows: number, seed = 1): string {
  let x = seed;
  const next = (): number => (x = (x * 1103515245 + 12345) % 2147483648);
  const lines = ['编号,类别,金额,证件号码'];
  for (let i = 0; i < rows; i++) {
    const id = `${RAW_ID_PREFIX}19${String(60 + (next() % 40))}0${1 + (next() % 9)}1${next() % 3}${String(1000 + (next() % 9000))}`;
    lines.push(`A${String(i).padStart(7, '0')},${['甲', '乙', '丙', '丁'][next() % 4]},${100 * (1 + (next() % 50))},${id}`);
  }
  return `${lines.join('\n')}\n`;
}

export const SPEC = `dataset:
  id: crash-test
  title: 崩溃测试
  description: 测试数据
  publisher: { name: 滨州市市场监督管理局, uscc: 11371600MB28503171 }
  contact: { phone: 0543-3160000, email: open@binzhou.gov.cn }
  domain: 行政处罚
  keywords: [测试]
  updateFrequency: monthly
openAttribute: unconditional
source:
  path: in.csv
  acquiredAt: 2026-11-20
columns:
  编号: { name: case_no, description: 编号, rule: { type: pseudonymize } }
  类别: { name: category, description: 类别 }
  金额: { name: amount, description: 金额, type: integer }
  证件号码: { name: id_number, description: 已脱敏, sensitivity: L4, rule: { type: mask, preset: cn.id, keepFirst: 0, keepLast: 0 } }
output:
  folder: out
  formats: [csv, parquet]
`;

export const KEY = '000102030405060708090a0b0c0d0e0f';

/** A folder with spec.yaml and in.csv; out/crash-test is the dataset folder, work/ the work root. */
export async function makeDataset(rows = 300): Promise<{ dir: string; spec: string; datasetDir: string; work: string; env: NodeJS.ProcessEnv }> {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-rel-'));
  await writeFile(join(dir, 'in.csv'), datasetCsv(rows));
  await writeFile(join(dir, 'spec.yaml'), SPEC);
  const work = join(dir, 'work');
  return { dir, spec: join(dir, 'spec.yaml'), datasetDir: join(dir, 'out', 'crash-test'), work, env: { ...process.env, TUOMIN_KEY: KEY, TUOMIN_WORK_DIR: work } };
}
