/**
 * The extract of test/sink-transfer.test.ts, shared with the worker thread that runs partition
 * sinks there: rows are a function of their number, so a worker builds its own part's batches
 * and no Arrow object crosses threads.
 */
import { Dictionary, Float64, Int32, Table, Utf8, vectorFromArray, type RecordBatch } from 'apache-arrow';
import type { TransferState } from '@tuomin/core/internal';
import { parseSpecText } from '../../packages/publish/src/index.js';
import { columnProfileSink } from '../../packages/publish/src/run/sinks/column-profile.js';
import { residualScanSink } from '../../packages/publish/src/run/sinks/residual-scan.js';
import { sourceSampleSink } from '../../packages/publish/src/run/sinks/source-sample.js';
import { classStatsSink, publishedRiskCollectorSink } from '../../packages/publish/src/run/privacy.js';
import type { PublishedColumn } from '../../packages/publish/src/review/published-columns.js';

export const N = 3000;
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰'];
const CITIES = ['北京市', '上海市', '武汉市', '广州市', '成都市'];
// One type object per dictionary column, so every part's schema is the same schema.
const CITY = new Dictionary(new Utf8(), new Int32());
const SEX = new Dictionary(new Utf8(), new Int32());

/** Row i of the extract: Chinese text, nulls and empties, identifiers in the notes, a near-unique case number (one duplicate). */
function row(i: number) {
  return {
    case_no: `案-2024-${String(i === 2500 ? 10 : i).padStart(6, '0')}`,
    name: i % 37 === 5 ? null : `${SURNAMES[i % 20]}${GIVEN[(i * 7) % 20]}${GIVEN[(i * 3) % 19]}`,
    city: i % 41 === 7 ? null : CITIES[(i * 13) % 5]!,
    sex: i % 53 === 9 ? null : i % 2 === 0 ? '男' : '女',
    day: i % 29 === 3 ? '不详' : i % 31 === 4 ? null : `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    note: i % 97 === 2 ? `当事人身份证 110101199003074578，住${CITIES[i % 5]}` : i === 1500 ? '联系电话 13812345678' : i % 11 === 0 ? '' : `现场检查第${i}次，未见异常`,
    amount: i % 23 === 0 ? null : Math.round(i * 137.3) / 100,
  };
}

/**
 * Rows [start, end) as a partition reader gives them: dictionaries of the part's own values,
 * batches of at most 256 rows (slices of one table: offsets, a dictionary shared by the part's batches).
 */
export function partBatches(start: number, end: number): RecordBatch[] {
  if (end <= start) return [];
  const rows = Array.from({ length: end - start }, (_, k) => row(start + k));
  const col = <K extends keyof ReturnType<typeof row>>(k: K) => rows.map((r) => r[k]);
  const t = new Table({
    case_no: vectorFromArray(col('case_no'), new Utf8()),
    name: vectorFromArray(col('name'), new Utf8()),
    city: vectorFromArray(col('city'), CITY),
    sex: vectorFromArray(col('sex'), SEX),
    day: vectorFromArray(col('day'), new Utf8()),
    note: vectorFromArray(col('note'), new Utf8()),
    amount: vectorFromArray(col('amount'), new Float64()),
  });
  return t.batches.flatMap((b) => Array.from({ length: Math.ceil(b.numRows / 256) }, (_, k) => b.slice(k * 256, Math.min(b.numRows, (k + 1) * 256))));
}

export const SPEC = parseSpecText(`dataset: { id: transfer }
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out }
openAttribute: unconditional
columns:
  case_no: { type: string, constraints: { required: true, unique: true } }
  name: { type: string, constraints: { maxLength: 3 } }
  city: { type: string, constraints: { enum: [北京市, 上海市, 武汉市, 广州市] } }
  sex: { type: string }
  day: { type: date, constraints: { required: true } }
  note: { type: string }
  amount: { type: number }
privacy: { quasiIdentifiers: [city, sex], sensitive: [day], k: 2, l: 2 }
`, 'transfer.yaml');

export const SAMPLE_ROWS = 1000;
export const MAX_IN_MEMORY = 500;

export interface PartStates {
  profile: TransferState;
  scan: TransferState;
  sample: TransferState;
  classStats: TransferState;
  publishedRisk: TransferState;
}

/** What a partition job of rows [start, end) hands back: every statistics sink fed its batches, then encoded (rows counted from 0, as a job that does not know the released rows before it). */
export async function encodePart(start: number, end: number, spillDir: string, columns: readonly PublishedColumn[]): Promise<PartStates> {
  const batches = partBatches(start, end);
  const schema = partBatches(0, 1)[0]!.schema;
  const profile = columnProfileSink(SPEC, schema, spillDir, 0, { maxInMemory: MAX_IN_MEMORY });
  const scan = residualScanSink(schema);
  const sample = sourceSampleSink(schema, SAMPLE_ROWS, start);
  const classStats = classStatsSink(SPEC);
  const publishedRisk = publishedRiskCollectorSink(SPEC, schema, columns);
  for (const b of batches) {
    for (const s of [profile, scan, sample, classStats, publishedRisk]) await s.add(b);
  }
  return { profile: await profile.encode(), scan: await scan.encode(), sample: await sample.encode(), classStats: await classStats.encode(), publishedRisk: await publishedRisk.encode() };
}
