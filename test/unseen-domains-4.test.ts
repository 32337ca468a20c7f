/**
 * A fourth sweep over domains no bundled spec covers, in input shapes the earlier sweeps did not
 * use (test/support/unseen-4.ts): outpatient visits (门诊号, 医保卡号, ICD-10, doctors, visit times to
 * the second, door addresses); a 低保 roll with a whole household in one cell and the members' IDs
 * in another; traffic violations with new-energy, 使, 领, 警, 学 and 挂 plates, VINs, licence (= ID)
 * and engine numbers; hotel check-ins as NDJSON and as Parquet (typed dates, a zoned timestamp, a
 * JSON text column, some of it escaped as \uXXXX); a school enrolment list as Excel saves CSV
 * (GB18030, ="…" cells, 3.71602E+17, full-width digits) — XLSX itself is refused with a reason.
 *
 * Two flows per domain. As a new user: profile → draft → catalogue metadata only → run with one
 * worker and with two (the same data bytes), every format the spec writes. And a hand-written spec
 * one plausible mistake away from a good one, which must publish nothing identifying or be refused
 * with a reason that names the column and never a value. An independent checker
 * (test/support/published-check.ts: DuckDB reads, plain counting) looks for every planted
 * identifier in every file of the package, in any spelling, and counts the classes over what an
 * attacker knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { stringify } from 'yaml';
import XLSX from 'xlsx';
import { loadSpec, publishRun, type PublishResult } from '@tuomin/publish';
import { cellLeaks, classesOver, packageLeaks, publishedNames, readPublishedCsv, type Published } from './support/published-check.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import {
  attemptRun, belowK, castTo, d, dataFiles, dataset, draftedSpec, drop, expectNoPlanted, privacy as privacyOf, readBack as readBackOf, runCli, type Outcome, type Spec,
} from './support/sweep-flow.js';
import {
  allowanceRoll, csvBytes, excelCsvBytes, hotelCheckIns, outpatientVisits, schoolEnrolment, trafficViolations, type Extract4,
} from './support/unseen-4.js';

const ROWS = 2500;
const K = 5;

let dir = '';
let duck: DuckDBConnection;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-unseen4-'));
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => {
  duck?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

/** A domain: its extract, and how its source file is written (returns the file name in `dir`). */
interface Domain {
  x: Extract4;
  write(): Promise<string>;
}

const hotels = hotelCheckIns(ROWS, 7);
const hotelExtract: Extract4 = { header: Object.keys(hotels.records[0]!), rows: [], direct: hotels.direct, canonical: hotels.canonical, attacker: hotels.attacker };

async function writeNdjson(): Promise<string> {
  writeFileSync(join(dir, 'hotel.ndjson'), `${hotels.records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return 'hotel.ndjson';
}

/** The same check-ins as Parquet, typed as a hotel system's export is: DATE, BIGINT, TIMESTAMPTZ. */
async function writeParquet(): Promise<string> {
  const nd = join(dir, await writeNdjson());
  const cols = hotelExtract.header.map((h) => `${h}:'${h === 'phone' ? 'BIGINT' : 'VARCHAR'}'`).join(',');
  await duck.run(`COPY (SELECT * REPLACE (CAST(birth_date AS DATE) AS birth_date, CAST(check_in_time AS TIMESTAMPTZ) AS check_in_time,
    CAST(check_out_time AS TIMESTAMPTZ) AS check_out_time) FROM read_json('${nd}', format = 'newline_delimited', columns = {${cols}}))
    TO '${join(dir, 'hotel.parquet')}' (FORMAT parquet)`);
  return 'hotel.parquet';
}

const csv = (name: string, x: Extract4, bytes: (x: Extract4) => Buffer) => async (): Promise<string> => {
  writeFileSync(join(dir, name), bytes(x));
  return name;
};

const outpatient = outpatientVisits(ROWS, 7);
const allowance = allowanceRoll(ROWS, 7);
const traffic = trafficViolations(ROWS, 7);
const school = schoolEnrolment(ROWS, 7);
const DOMAINS: Record<string, Domain> = {
  'outpatient visits (CSV)': { x: outpatient, write: csv('outpatient.csv', outpatient, csvBytes) },
  '低保 roll, households in one cell (CSV)': { x: allowance, write: csv('allowance.csv', allowance, csvBytes) },
  'traffic violations, every kind of plate (CSV)': { x: traffic, write: csv('traffic.csv', traffic, csvBytes) },
  'hotel check-ins (NDJSON)': { x: hotelExtract, write: writeNdjson },
  'hotel check-ins (Parquet)': { x: hotelExtract, write: writeParquet },
  'school enrolment as Excel saves CSV (GB18030, ="…", 3.7E+17, full-width)': { x: school, write: csv('school.csv', school, excelCsvBytes) },
};

/** The published CSV read back, with the attacker's columns under their published names. */
const readBack = (r: PublishResult, specText: string, x: Extract4): Promise<{ p: Published; attacker: string[] }> => readBackOf(duck, r, specText, x);

describe.each(Object.keys(DOMAINS))('unseen domain %s: profile → draft → catalogue metadata only → run', (name) => {
  const { x, write } = DOMAINS[name]!;
  const slug = name.replace(/[^a-zA-Z]+/g, '-').replace(/^-|-$/g, '');
  let one: PublishResult | undefined;
  let specText = '';

  it('publishes every format, with one worker and with two (the same data bytes)', async () => {
    const source = join(dir, await write());
    const specPath = join(dir, `${slug}.yaml`);
    specText = await draftedSpec(source, specPath);
    one = await publishRun(await loadSpec(specPath), { outputFolder: join(dir, `${slug}-w1`), env: {}, workers: 1 });
    expect(one.rows).toBeGreaterThan(ROWS * 0.9);
    const two = await publishRun(await loadSpec(specPath), { outputFolder: join(dir, `${slug}-w2`), env: {}, workers: 2, partitionBytes: 128 * 1024 });
    expect(dataFiles(two)).toEqual(dataFiles(one));
  });

  it('no planted identifier in any file of the package (cells of every format, metadata, reports), in any spelling', async () => {
    expect(one, 'the run above failed').toBeDefined();
    // Counts per file, never values.
    await expectNoPlanted(duck, one!, specText, x);
  });

  it(`every published record is in a class of at least ${K} over the columns an attacker knows`, async () => {
    expect(one, 'the run above failed').toBeDefined();
    const { p, attacker } = await readBack(one!, specText, x);
    expect(belowK(p, attacker, K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });
});

// ------------------------------------------------------------------ hand-written specs, one mistake each

const attempt = (spec: Spec, workers: number): Promise<Outcome> => attemptRun(spec, { dir, workers, partitionBytes: 128 * 1024 });
const privacy = (plain: string[], dates: string[] = [], counts: Record<string, number[]> = {}, sensitive: string[] = []): Spec => privacyOf(plain, dates, counts, sensitive, K);

/** [case, domain, spec, the source column the mistake is in] */
const HAND: Array<[string, string, () => Spec, string]> = [
  ['outpatient visits: the visit time generalized only to the day, left out of the quasi-identifiers', 'outpatient visits (CSV)', () => ({
    ...dataset('outpatient', '门诊就诊统计', 'outpatient.csv'),
    columns: {
      门诊号: drop, 患者姓名: drop, 身份证号: drop, 医保卡号: drop, 联系电话: drop, 接诊医生: drop, 现住址: drop, 费用合计: drop,
      性别: d('性别', { name: 'sex' }),
      出生日期: d('出生日期（按 k-匿名泛化）', { name: 'birth', rule: castTo('date') }),
      年龄: d('年龄（按 k-匿名泛化）', { name: 'age', rule: castTo('int32') }),
      就诊科室: d('就诊科室', { name: 'department' }),
      就诊时间: d('就诊日期', { name: 'visit_date', rule: { type: 'generalize', method: 'date', unit: 'day' } }),
      诊断编码: d('诊断编码', { name: 'icd10', sensitivity: 'L4' }),
      诊断名称: d('诊断名称', { name: 'diagnosis', sensitivity: 'L4' }),
      医保类型: d('医保类型', { name: 'insurance' }),
    },
    privacy: privacy(['性别'], ['出生日期'], { 年龄: [5, 10, 20] }, ['诊断编码', '诊断名称']),
  }), '就诊时间'],
  ['outpatient visits: the doctor who saw the patient (接诊医生) kept as a department figure', 'outpatient visits (CSV)', () => ({
    ...dataset('outpatient', '门诊就诊统计', 'outpatient.csv'),
    columns: {
      门诊号: drop, 患者姓名: drop, 身份证号: drop, 医保卡号: drop, 联系电话: drop, 现住址: drop, 费用合计: drop, 就诊时间: drop,
      接诊医生: d('接诊医生', { name: 'doctor' }),
      性别: d('性别', { name: 'sex' }),
      出生日期: d('出生日期（按 k-匿名泛化）', { name: 'birth', rule: castTo('date') }),
      年龄: d('年龄（按 k-匿名泛化）', { name: 'age', rule: castTo('int32') }),
      就诊科室: d('就诊科室', { name: 'department' }),
      诊断编码: d('诊断编码', { name: 'icd10', sensitivity: 'L4' }),
      诊断名称: d('诊断名称', { name: 'diagnosis', sensitivity: 'L4' }),
      医保类型: d('医保类型', { name: 'insurance' }),
    },
    privacy: privacy(['性别'], ['出生日期'], { 年龄: [5, 10, 20] }, ['诊断编码', '诊断名称']),
  }), '接诊医生'],
  ['低保 roll: the household cell redacted instead of dropped', '低保 roll, households in one cell (CSV)', () => ({
    ...dataset('allowance', '低保对象统计', 'allowance.csv'),
    columns: {
      序号: drop, 户主姓名: drop, 身份证号码: drop, 成员身份证号: drop, 银行账号: drop, 联系电话: drop, 残疾证号: drop, 备注: drop, '村（社区）': drop,
      '乡镇（街道）': d('乡镇（街道）', { name: 'town' }),
      性别: d('户主性别', { name: 'sex' }),
      家庭成员: d('家庭成员（姓名已遮盖）', { name: 'household', rule: { type: 'redact' } }),
      保障人数: d('保障人数', { name: 'members', rule: castTo('int32') }),
      致贫原因: d('致贫原因', { name: 'reason', sensitivity: 'L4' }),
      月保障金额: d('月保障金额', { name: 'monthly' }),
      开户银行: d('开户银行', { name: 'bank' }),
    },
    privacy: privacy(['乡镇（街道）', '性别'], [], { 保障人数: [2, 4] }, ['致贫原因']),
  }), '家庭成员'],
  ['traffic violations: the engine number kept (taken for a part number)', 'traffic violations, every kind of plate (CSV)', () => ({
    ...dataset('traffic', '交通违法统计', 'traffic.csv'),
    columns: {
      决定书编号: drop, 号牌号码: drop, 车辆识别代号: drop, 当事人: drop, 驾驶证号: drop, 联系电话: drop, 住所: drop,
      号牌种类: d('号牌种类', { name: 'plate_kind' }),
      发动机号: d('发动机型号', { name: 'engine' }),
      违法时间: d('违法时间（按 k-匿名泛化）', { name: 'time', rule: castTo('timestamp') }),
      违法地点: d('违法地点', { name: 'place' }),
      违法行为: d('违法行为', { name: 'offence' }),
      处理说明: d('处理说明（已遮盖）', { name: 'note', rule: { type: 'redact' } }),
      罚款金额: d('罚款金额', { name: 'fine' }),
      记分: d('记分', { name: 'points' }),
      车辆品牌: d('车辆品牌', { name: 'make' }),
      车身颜色: d('车身颜色', { name: 'colour' }),
    },
    privacy: privacy(['号牌种类', '违法地点', '车辆品牌', '车身颜色'], ['违法时间']),
  }), '发动机号'],
  ['hotel check-ins (NDJSON): the JSON column redacted (names under keys, some escaped as \\uXXXX)', 'hotel check-ins (NDJSON)', () => ({
    ...dataset('hotel', '住宿登记统计', 'hotel.ndjson'),
    columns: {
      record_id: drop, guest_name: drop, id_no: drop, phone: drop, room_no: drop, check_out_time: drop, id_type: drop,
      hotel_name: d('酒店', { name: 'hotel' }),
      gender: d('性别', { name: 'sex' }),
      birth_date: d('出生日期（按 k-匿名泛化）', { name: 'birth', rule: castTo('date') }),
      nationality: d('国籍', { name: 'nationality' }),
      check_in_time: d('入住时间（按 k-匿名泛化）', { name: 'check_in', rule: castTo('timestamp') }),
      guests_extra: d('附加信息（已遮盖）', { name: 'extra', rule: { type: 'redact' } }),
    },
    privacy: privacy(['hotel_name', 'gender', 'nationality'], ['birth_date', 'check_in_time']),
  }), 'guests_extra'],
  ['hotel check-ins (Parquet): the NDJSON spec reused as it is (casts to date and timestamp on typed columns)', 'hotel check-ins (Parquet)', () => {
    const spec = HAND.find(([c]) => c.startsWith('hotel check-ins (NDJSON)'))![2]();
    return { ...spec, source: { ...spec.source, path: 'hotel.parquet' } };
  }, 'guests_extra'],
  ['school enrolment: the guardian ID masked to its region code, its cells wrapped as ="…"', 'school enrolment as Excel saves CSV (GB18030, ="…", 3.7E+17, full-width)', () => ({
    ...dataset('school', '学籍统计', 'school.csv'),
    columns: {
      学籍号: drop, 学生姓名: drop, 身份证件号: drop, 家庭住址: drop, 监护人: drop, 监护人电话: drop, 班级: drop,
      性别: d('性别', { name: 'sex' }),
      出生日期: d('出生日期（按 k-匿名泛化）', { name: 'birth', rule: castTo('date') }),
      民族: d('民族', { name: 'ethnicity' }),
      学校名称: d('学校', { name: 'school' }),
      年级: d('年级', { name: 'grade' }),
      监护人身份证: d('监护人户籍地（身份证前六位）', { name: 'guardian_region', rule: { type: 'mask', preset: 'cn.id', keepFirst: 6, keepLast: 0 } }),
      户口性质: d('户口性质', { name: 'hukou' }),
      是否随迁子女: d('是否随迁子女', { name: 'migrant' }),
    },
    privacy: privacy(['性别', '民族', '学校名称', '年级', '户口性质', '监护人身份证'], ['出生日期']),
  }), '监护人身份证'],
];

describe('hand-written specs, one plausible mistake each: published with nothing identifying, or refused with a reason', () => {
  it.each(HAND)('%s', async (_case, domain, spec, column) => {
    const { x, write } = DOMAINS[domain]!;
    await write();
    for (const workers of [1, 2]) {
      const o = await attempt(spec(), workers);
      // A refusal names the rule and the column, and never a value.
      for (const v of [...x.canonical].slice(0, 300)) expect(o.message.includes(v), 'a value in the message').toBe(false);
      if (o.exit !== 0) {
        expect(o.exit, o.message).toBe(3);
        expect(o.reasons.some((r) => r.includes(`columns.${column}`)), o.message).toBe(true);
        continue;
      }
      const r = o.result!;
      expect(await packageLeaks(duck, r.packageDir, x.canonical)).toEqual({});
      const specText = stringify(spec());
      const { p } = await readBack(r, specText, x);
      expect(cellLeaks(p, x.direct)).toEqual({});
      const names = publishedNames(specText, x.header);
      // Over what the attacker knows, declared or not.
      const c = classesOver(p, x.attacker.map((a) => names.get(a) ?? a), K);
      expect({ classesBelowK: c.classesBelowK, recordsBelowK: c.recordsBelowK }).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
    }
  });
});

// ------------------------------------------------------------------ the CLI

const cli = (args: string[], cwd = dir): Promise<{ code: number; out: string; err: string }> => runCli(args, cwd);

describe('through the CLI', () => {
  // The sources as the library test wrote them (its domains run first): a CSV, NDJSON and Parquet.
  it.each([
    ['the Excel CSV', 'school.csv', 'school'],
    ['the NDJSON check-ins', 'hotel.ndjson', 'hotel'],
    ['the Parquet check-ins', 'hotel.parquet', 'hotel'],
  ] as const)('%s: profile --write-spec, metadata filled, run --workers 1 and 2, scan: clean release, findings in the source', async (_what, file, which) => {
    const x = which === 'school' ? school : hotelExtract;
    const stem = file.replace('.', '-');
    const cwd = join(dir, `cli-${stem}`);
    mkdirSync(cwd, { recursive: true });
    if (file === 'school.csv') writeFileSync(join(dir, file), excelCsvBytes(school));
    else await (file === 'hotel.ndjson' ? writeNdjson() : writeParquet());
    writeFileSync(join(cwd, file), readFileSync(join(dir, file)));
    const p = await cli(['profile', file, '--write-spec', `${stem}.yaml`], cwd);
    expect(p.code, p.err).toBe(0);
    expect(cellLeaks({ columns: ['out'], rows: [[p.out + p.err]] }, x.direct)).toEqual({});
    const spec = join(cwd, `${stem}.yaml`);
    writeFileSync(spec, fillCatalogMetadata(readFileSync(spec, 'utf8')));
    const r1 = await cli(['run', `${stem}.yaml`, '--workers', '1', '--json'], cwd);
    expect(r1.code, r1.err).toBe(0);
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^(\s+)folder: releases$/m, '$1folder: releases-w2'));
    const r2 = await cli(['run', `${stem}.yaml`, '--workers', '2', '--json'], cwd);
    expect(r2.code, r2.err).toBe(0);
    const out1 = join(JSON.parse(r1.out).packageDir as string, `data/${file.replace(/\.\w+$/, '.csv')}`);
    const out2 = join(JSON.parse(r2.out).packageDir as string, `data/${file.replace(/\.\w+$/, '.csv')}`);
    expect(readFileSync(out2).equals(readFileSync(out1))).toBe(true);
    expect(await packageLeaks(duck, JSON.parse(r1.out).packageDir as string, x.canonical)).toEqual({});
    expect(cellLeaks(await readPublishedCsv(duck, out1), x.direct)).toEqual({});
    const clean = await cli(['scan', out1, '--json'], cwd);
    expect({ code: clean.code, clean: JSON.parse(clean.out).clean }).toEqual({ code: 0, clean: true });
    const raw = await cli(['scan', file, '--json'], cwd);
    expect(raw.code).toBe(3);
    for (const r of [r1, r2, clean, raw]) expect(cellLeaks({ columns: ['out'], rows: [[r.out + r.err]] }, x.canonical)).toEqual({});
  });

  it('an XLSX source is read by every verb that reads one (test/xlsx-input.test.ts has the reader\'s own cases); no value in what they print', async () => {
    const cwd = join(dir, 'cli-xlsx');
    mkdirSync(cwd, { recursive: true });
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([school.header, ...school.rows.slice(0, 20)]), 'Sheet1');
    writeFileSync(join(cwd, 'school.xlsx'), XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    for (const args of [['profile', 'school.xlsx', '--write-spec', 's.yaml'], ['scan', 'school.xlsx'], ['convert', 'school.xlsx', 'school.csv']]) {
      const r = await cli(args, cwd);
      // scan exits 3: the roster's identifiers are found in the source, as in its CSV.
      expect(r.code, `${args[0]}: ${r.err}`).toBe(args[0] === 'scan' ? 3 : 0);
      expect(cellLeaks({ columns: ['err'], rows: [[r.out + r.err]] }, school.direct)).toEqual({});
    }
    expect(readFileSync(join(cwd, 'school.csv'), 'utf8').split('\n')[0]).toContain(school.header[0]!);
  });
});

it('the generated sources keep the shapes they are meant to test', () => {
  const all = (x: Extract4): string[] => x.rows.flat();
  expect(all(school).some((c) => /^="\d{17}[\dX]"$/.test(c))).toBe(true);
  expect(all(school).some((c) => /^\d\.\d{5}E\+17$/.test(c))).toBe(true);
  expect(all(school).some((c) => /[０-９]{17}/.test(c))).toBe(true);
  expect(excelCsvBytes(school).includes(Buffer.from('学籍号', 'utf8'))).toBe(false); // GB18030, not UTF-8
  const plates = traffic.rows.map((r) => r[1]!);
  for (const re of [/^鲁[A-Z][DF][A-Z0-9]\d{4,5}$/, /^使\d{6}$/, /领$/, /警$/, /学$/, /挂$/]) expect(plates.some((p) => re.test(p)), String(re)).toBe(true);
  expect(allowance.rows.some((r) => /户主 .+；配偶 .+；/.test(r[6]!))).toBe(true);
  expect(hotels.records.some((r) => String(r.guests_extra).includes('\\u'))).toBe(true);
  expect(hotels.records.every((r) => /\+08:00$/.test(String(r.check_in_time)))).toBe(true);
});
