/**
 * A seventh sweep over domains no bundled spec covers (fixtures/lib/domains/unseen-7.ts): a dog
 * register (犬只登记, UTF-8 BOM, CRLF), funeral records (殡葬服务记录, GB18030), employment
 * registrations (就业登记, upper-case pinyin initials), an elderly-subsidy payment roll
 * (老年人补贴发放, GB18030, tab-delimited) and an admissions list (高考录取名单, English headers,
 * minors). As a user: profile → draft → catalogue metadata only → run, every format; then the
 * independent checker (test/support/published-check.ts: DuckDB reads, plain counting, counts
 * never values) looks for every planted name and identifier in every file of the package and
 * counts classes over the columns an attacker knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'yaml';
import { draftSpec, profileFile } from '@tuomin/publish';
import { cellLeaks, namesInPackage } from './support/published-check.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { detectValue } from '@tuomin/core';
import { isNameHeader } from '../packages/core/src/detect/header-modes.js';
import { quasiIdentifierHeader } from '../packages/core/src/detect/quasi-header.js';
import { attemptRun, belowK, castTo, d, dataset, describeDraftedRelease, drop, expectNoPlanted, privacy, readBack, runCli, type Spec } from './support/sweep-flow.js';
import {
  admissionList, dogRegister, elderlySubsidies, employmentRegistrations, extractBytes, funeralRecords, type Extract7,
} from '../fixtures/lib/domains/unseen-7.js';

const ROWS = 1500;
const K = 5;

let dir = '';
let duck: DuckDBConnection;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-unseen7-'));
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => {
  duck?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const DOMAINS: Record<string, { x: Extract7; file: string }> = {
  '犬只登记 dog register (UTF-8 BOM, CRLF, sfzh/lxdh)': { x: dogRegister(ROWS, 17), file: 'dogs.csv' },
  '殡葬服务记录 funeral records (GB18030, CRLF)': { x: funeralRecords(ROWS, 17), file: 'funerals.csv' },
  '就业登记 employment registrations (XM, SFZH, CSRQ …)': { x: employmentRegistrations(ROWS, 17), file: 'employment.csv' },
  '老年人补贴发放 elderly subsidies (GB18030, tabs)': { x: elderlySubsidies(ROWS, 17), file: 'elderly.tsv' },
  '高考录取名单 admissions list (English headers, minors)': { x: admissionList(ROWS, 17), file: 'admissions.csv' },
};

describeDraftedRelease(DOMAINS, { scratch: () => ({ dir, duck }), bytes: extractBytes, rows: ROWS, k: K });

// ------------------------------------------------------------------ the fixes, one by one

const draftOf = async (key: string): Promise<Spec> => {
  const { x, file } = DOMAINS[key]!;
  writeFileSync(join(dir, file), extractBytes(x));
  return parse(draftSpec(await profileFile(join(dir, file)), join(dir, 'probe.yaml'), '2026-12-01')) as Spec;
};
const [DOGS, FUNERALS, JOBS, ELDERLY] = Object.keys(DOMAINS) as [string, string, string, string, string];

describe('the draft and the headers behind the fixes', () => {
  it('a remark blank in most records is judged over its written cells: names in 10 % of them drop it (before: redacted, and 85, 94 and 110 names no context word announced were published)', async () => {
    for (const [key, remark] of [[DOGS, '备注'], [JOBS, 'BZ'], [ELDERLY, '备注']] as const) {
      expect((await draftOf(key)).columns[remark].drop, key).toBe(true);
    }
  });

  it('headers an attacker knows: a dog\'s breed, colour and name; the employer and the post by name and by pinyin initials (before: none)', () => {
    const attr = (h: string): string | null => quasiIdentifierHeader(h)?.attribute ?? null;
    expect(['犬种', '毛色', '犬名', '宠物品种', 'dog_breed', 'coat_colour'].map(attr)).toEqual(Array(6).fill('pet'));
    expect(['就业单位', 'JYDW', 'gzdw'].map(attr)).toEqual(Array(3).fill('employer'));
    expect(['岗位', 'GW', '应聘岗位'].map(attr)).toEqual(Array(3).fill('occupation'));
    expect(['录取批次', '科类', 'admission_batch'].map(attr)).toEqual(Array(3).fill('school'));
    // Still what they were: the dog's sex and birth date; a crop's variety and a staff ID are no pet.
    expect(['犬只性别', '犬只出生日期', '作物品种', 'gwy', '生产批次', 'batch'].map(attr)).toEqual(['sex', 'birth-date', null, null, null, null]);
  });

  it('a dog\'s name column is no column of persons\' names: dog_name, pet_name, 犬名 (before: name mode, whole cells read as names)', () => {
    expect(['dog_name', 'pet name', 'PetName', '犬名', '宠物名'].map(isNameHeader)).toEqual([false, false, false, false, false]);
    expect(['owner_name', '犬主姓名', 'name', '宠物主人姓名'].map(isNameHeader)).toEqual([true, true, true, true]);
  });

  it('a cause of death is health information: l-diverse in the funeral draft (before: published as plain content)', async () => {
    const spec = await draftOf(FUNERALS);
    expect(spec.privacy.sensitive).toContain('死亡原因');
  });

  it('a category that states an age band (80-89周岁高龄津贴) is a quasi-identifier of the draft (before: kept as it is beside an age the search had hidden, 832 recipients alone)', async () => {
    const spec = await draftOf(ELDERLY);
    expect(spec.privacy.quasiIdentifiers).toContain('补贴类别');
    // A category with no age in it stays content.
    expect(spec.privacy.quasiIdentifiers).not.toContain('开户行');
    // The payment month (2025-07 as text) is an event's date as the review reads it by its values
    // (core date-text.ts): the draft hands it to the search too (session 11).
    expect(spec.privacy.quasiIdentifiers).toContain('发放月份');
  });
});

// ------------------------------------------------------------------ hand-written specs

describe('hand-written specs, as a data engineer writes them from docs/spec.md', () => {
  const dogs = DOMAINS[DOGS]!.x;
  const dogSpec = (privacy?: Spec): Spec => ({
    ...dataset('dog-register', '滨州市犬只登记统计', 'dogs.csv', '滨州市公安局'),
    columns: {
      djzh: drop, 犬主姓名: drop, sfzh: drop, lxdh: drop, 免疫证号: drop, 芯片号: drop, 备注: drop, 犬只出生日期: drop,
      养犬地址: d('养犬地址（区县）', { name: 'district', rule: { type: 'mask', preset: 'cn.address', fixedWidth: 3 } }),
      犬名: d('犬名', { name: 'dog_name' }), 犬种: d('犬种', { name: 'breed' }), 毛色: d('毛色', { name: 'colour' }), 犬只性别: d('犬只性别', { name: 'dog_sex' }),
      登记日期: d('登记月份', { name: 'registered', rule: { type: 'generalize', method: 'date', unit: 'month' } }),
      年审状态: d('年审状态', { name: 'status' }),
    },
    ...(privacy ? { privacy } : {}),
  });

  it('犬只登记: breed, colour and the dog\'s name kept raw beside the district and month, no privacy block: refused, counting them among what an attacker knows, never a value (before: not counted)', async () => {
    writeFileSync(join(dir, 'dogs.csv'), extractBytes(dogs));
    const o = await attemptRun(dogSpec(), { dir });
    for (const v of [...dogs.direct].slice(0, 300)) expect(o.message.includes(v), 'a value in the message').toBe(false);
    expect(o.exit, o.message).toBe(3);
    expect(o.reasons, o.message).toContain('privacy/published-risk privacy');
    expect(/attacker can know \([^)]*dog_name, breed, colour/.test(o.message), o.message).toBe(true);
  });

  it('犬只登记: the same columns under k = 5 publish (no false refusal), every owner in a class of 5 (before: refused, 473 dogs\' names under dog_name read as persons\')', async () => {
    writeFileSync(join(dir, 'dogs.csv'), extractBytes(dogs));
    const o = await attemptRun(dogSpec(privacy(['养犬地址', '犬名', '犬种', '毛色', '犬只性别'], ['登记日期'])), { dir });
    expect(o.exit, o.message).toBe(0);
    const { p } = await readBack(duck, o.result!, '', { header: [], attacker: [] });
    expect(belowK(p, ['district', 'dog_name', 'breed', 'colour', 'dog_sex', 'registered'], K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
    expect(cellLeaks(p, dogs.direct)).toEqual({});
  });
});

// ------------------------------------------------------------------ known gaps (name detection: another helper's area)

/** Planted names in a remark column that detectValue does not find where they are (a redact rule would publish them). */
function unfoundRemarkNames(x: Extract7, remark: string): number {
  const at = x.header.indexOf(remark);
  let missed = 0;
  for (const row of x.rows) {
    const cell = row[at]!;
    if (!cell) continue;
    const spans = detectValue(cell).filter((h) => h.type === 'person_name');
    for (const name of x.direct) {
      if (name.length > 6) continue;
      const i = cell.indexOf(name);
      if (i < 0) continue;
      if (!spans.some((h) => h.start <= i && h.end >= i + name.length)) missed++;
    }
  }
  return missed;
}

// A name after a word that says who the person is to the record (原犬主X转让, 经X推荐入职, 由其孙X代领)
// or at a cell's start before 已于 (X已于2025年8月去世). Before these words were context words, at
// seed 17, 1,500 rows: 90 (dogs), 96 (employment), 111 (elderly) names unfound; now 0, 0, 2. The two
// left are 已于 names whose given characters are rare after a surname that is also a word (杨宁, 向耀杰):
// the rule that keeps 费用已于 and 安装已于 from being names (packages/core/src/detect/cjk-bytes.ts).
it('names in remarks after 原犬主, 经…推荐, 其孙 and before 已于 are found where redact looks (at most 2 of ~300 missed)', () => {
  expect(unfoundRemarkNames(DOMAINS[DOGS]!.x, '备注') + unfoundRemarkNames(DOMAINS[JOBS]!.x, 'BZ')).toBe(0);
  expect(unfoundRemarkNames(DOMAINS[ELDERLY]!.x, '备注')).toBeLessThanOrEqual(2);
});

// ------------------------------------------------------------------ more hand-written specs and the CLI

describe('hand-written specs one plausible mistake away from a good one', () => {
  const funerals = DOMAINS[FUNERALS]!.x;
  const funeralSpec = (more: Spec): Spec => ({
    ...dataset('funeral-services', '滨州市殡葬服务统计', 'funerals.csv', '滨州市民政局'),
    source: { path: 'funerals.csv', acquiredAt: '2026-11-20', csv: { encoding: 'gb18030' } },
    columns: {
      业务编号: drop, 逝者姓名: drop, 身份证号码: drop, 火化证编号: drop, 家属联系电话: drop, 经办人: drop,
      性别: d('性别', { name: 'sex' }), 年龄: d('年龄（岁，按 k-匿名要求分段）', { name: 'age', rule: castTo('int32') }),
      户籍地址: d('户籍所在区县', { name: 'county', rule: { type: 'mask', preset: 'cn.address', fixedWidth: 3 } }),
      死亡日期: d('死亡月份', { name: 'died', rule: { type: 'generalize', method: 'date', unit: 'month' } }),
      火化日期: drop, 死亡原因: d('死亡原因', { name: 'cause' }), 与逝者关系: d('经办家属与逝者关系', { name: 'relation' }),
      骨灰处理方式: d('骨灰处理方式', { name: 'ashes' }), '服务费用(元)': drop, 惠民殡葬减免: d('惠民殡葬减免', { name: 'waived' }),
      ...more,
    },
    privacy: privacy(['性别', '户籍地址'], ['死亡日期'], { 年龄: [5, 10, 20] }, ['死亡原因']),
  });

  it('殡葬: the relative\'s name and the remark redacted instead of dropped: published without a name of the relatives it lists, or refused naming the column', async () => {
    writeFileSync(join(dir, 'funerals.csv'), extractBytes(funerals));
    const o = await attemptRun(funeralSpec({ 家属姓名: d('家属姓名（已遮盖）', { name: 'relative', rule: { type: 'redact' } }), 备注: d('备注（个人信息已遮盖）', { name: 'remark', rule: { type: 'redact' } }) }), { dir });
    for (const v of [...funerals.direct].slice(0, 300)) expect(o.message.includes(v), 'a value in the message').toBe(false);
    if (o.exit !== 0) {
      expect(o.exit, o.message).toBe(3);
      expect(o.reasons.some((r) => /columns\.(家属姓名|备注)/.test(r)), o.message).toBe(true);
      return;
    }
    await expectNoPlanted(duck, o.result!, '', { header: [], attacker: [], canonical: funerals.canonical, direct: funerals.direct });
  });

  // 家属黄聪健要求延期取灰 and 骨灰由侄子X（…）领取: before 要求 ended a name after 家属 and 侄子 was a
  // context word, at seed 17, 1,500 rows, 123 names in 122 remarks were published, exit 0.
  it('殡葬: the remark alone redacted (家属X要求…, 联系人X, 由侄子X（电话）领取): published without a name or phone it holds', async () => {
    writeFileSync(join(dir, 'funerals.csv'), extractBytes(funerals));
    const o = await attemptRun(funeralSpec({ 家属姓名: drop, 备注: d('备注（个人信息已遮盖）', { name: 'remark', rule: { type: 'redact' } }) }), { dir });
    expect(o.exit, o.message).toBe(0);
    await expectNoPlanted(duck, o.result!, '', { header: [], attacker: [], canonical: funerals.canonical, direct: funerals.direct });
  });

  it('殡葬: a careful spec (relatives and remarks dropped, the cause of death l-diverse) publishes (no false refusal), every record in a class of 5', async () => {
    writeFileSync(join(dir, 'funerals.csv'), extractBytes(funerals));
    const o = await attemptRun(funeralSpec({ 家属姓名: drop, 备注: drop }), { dir });
    expect(o.exit, o.message).toBe(0);
    await expectNoPlanted(duck, o.result!, '', { header: [], attacker: [], canonical: funerals.canonical, direct: funerals.direct });
    const { p } = await readBack(duck, o.result!, '', { header: [], attacker: [] });
    expect(belowK(p, ['sex', 'age', 'county', 'died'], K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });
});

describe('through the CLI', () => {
  it.each([['elderly.tsv', ELDERLY], ['funerals.csv', FUNERALS]] as const)('%s (GB18030): profile --write-spec, metadata filled, run with one worker and two (same data bytes), scan of the package clean, no value printed', async (file, key) => {
    const x = DOMAINS[key]!.x;
    const cwd = join(dir, `cli-${file.replace('.', '-')}`);
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, file), extractBytes(x));
    const p = await runCli(['profile', file, '--write-spec', 's.yaml'], cwd);
    expect(p.code, p.err).toBe(0);
    writeFileSync(join(cwd, 's.yaml'), fillCatalogMetadata(readFileSync(join(cwd, 's.yaml'), 'utf8')));
    const one = await runCli(['run', 's.yaml', '--json', '--workers', '1', '--out', 'w1'], cwd);
    expect(one.code, one.err).toBe(0);
    const two = await runCli(['run', 's.yaml', '--json', '--workers', '2', '--out', 'w2'], cwd);
    expect(two.code, two.err).toBe(0);
    const data = (out: string): Array<[string, string]> => (JSON.parse(out).files as Array<{ path: string; sha256: string }>).filter((f) => f.path.startsWith('data/')).map((f) => [f.path, f.sha256]);
    expect(data(two.out)).toEqual(data(one.out));
    const packageDir = JSON.parse(one.out).packageDir as string;
    const scan = await runCli(['scan', packageDir, '--json'], cwd);
    expect(scan.code, scan.out).toBe(0);
    expect(await namesInPackage(duck, packageDir, x.direct)).toEqual({});
    for (const o of [p, one, two, scan]) expect(cellLeaks({ columns: ['out'], rows: [[o.out + o.err]] }, x.direct)).toEqual({});
  });
});

describe('hand-written specs: what an attacker knows without a telling header', () => {
  const elderly = DOMAINS[ELDERLY]!.x;
  // A category whose values state an age band (百岁老人长寿补贴, 90-99周岁高龄津贴) tells the age a
  // spec dropped; published raw beside the village and the sex under k = 5 over those, the
  // centenarians and the 90-year-olds of a village stand alone. The draft makes it a
  // quasi-identifier (fixed above); the review counts it by its values (review/quasi-values.ts).
  // Before that, at seed 17, 1,500 rows: 0 records below k over town, village and sex; with the
  // category, 832 records in 423 classes below k, exit 0.
  it('老年人补贴: the age dropped, the subsidy category kept raw beside the village and the sex under k = 5: refused, naming the category', async () => {
    writeFileSync(join(dir, 'elderly.tsv'), extractBytes(elderly));
    const o = await attemptRun({
      ...dataset('elderly-subsidies', '滨州市老年人补贴发放统计', 'elderly.tsv', '滨州市民政局'),
      source: { path: 'elderly.tsv', acquiredAt: '2026-11-20', csv: { encoding: 'gb18030', delimiter: '\t' } },
      columns: {
        序号: drop, 姓名: drop, 出生年月: drop, 年龄: drop, 身份证号: drop, '社保卡号/银行卡号': drop, 开户行: drop, 代领人: drop, 代领人电话: drop, 备注: drop,
        '乡镇（街道）': d('乡镇（街道）', { name: 'town' }), '村（居）': d('村（居）', { name: 'village' }), 性别: d('性别', { name: 'sex' }),
        补贴类别: d('补贴类别', { name: 'kind' }), '发放标准（元/月）': drop, 发放金额: d('发放金额（元）', { name: 'amount' }), 发放月份: d('发放月份', { name: 'month' }),
      },
      privacy: privacy(['乡镇（街道）', '村（居）', '性别']),
    }, { dir });
    expect(o.exit, o.message).toBe(3);
    expect(o.message, o.message).toMatch(/kind|补贴类别/);
    for (const v of [...elderly.direct].slice(0, 300)) expect(o.message.includes(v), 'a value in the message').toBe(false);
  });
});

describe('careful hand-written specs publish (no false refusal)', () => {
  const admissions = DOMAINS['高考录取名单 admissions list (English headers, minors)']!.x;
  const admissionSpec = (quasi: string[]): Spec => ({
    ...dataset('admissions-2025', '滨州市2025年普通高校录取统计', 'admissions.csv', '滨州市教育招生考试院'),
    columns: {
      ksh: drop, name: drop, id_no: drop, guardian: drop, guardian_phone: drop, ems_no: drop, remarks: drop,
      gender: d('性别', { name: 'sex' }),
      birth_date: d('出生年份', { name: 'born', rule: { type: 'generalize', method: 'date', unit: 'year' } }),
      high_school: d('毕业中学', { name: 'school' }), admitted_university: d('录取院校', { name: 'university' }),
      major: d('录取专业', { name: 'major' }), batch: d('录取批次', { name: 'batch' }),
      total_score: d('总分（10 分一档）', { name: 'score', type: 'number', rule: [castTo('float64'), { type: 'round', base: 10 }] }),
      mailing_address: d('通知书寄送区县', { name: 'county', rule: { type: 'mask', preset: 'cn.address', fixedWidth: 3 } }),
    },
    privacy: privacy(quasi),
  });
  const KNOWN = ['sex', 'born', 'school', 'university', 'major', 'batch', 'county'];

  it('高考录取: identifiers, guardian and remarks dropped, the mailing address to the county, school to batch under k = 5, the score rounded to 10', async () => {
    writeFileSync(join(dir, 'admissions.csv'), extractBytes(admissions));
    const o = await attemptRun(admissionSpec(['gender', 'birth_date', 'high_school', 'admitted_university', 'major', 'batch', 'mailing_address']), { dir });
    expect(o.exit, o.message).toBe(0);
    await expectNoPlanted(duck, o.result!, '', { header: [], attacker: [], canonical: admissions.canonical, direct: admissions.direct });
    const { p } = await readBack(duck, o.result!, '', { header: [], attacker: [] });
    expect(belowK(p, KNOWN, K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });

  // A bare English `batch` header (录取批次 only in its description) is not read as attacker-known
  // by its header — a production batch is as often called so. Left out of the quasi-identifiers, it
  // split the classes: at seed 17, 1,500 rows, 1,211 records in 549 classes below k over what
  // classmates know, exit 0. Its values are read now (本科提前批, 普通类一段: core's quasiByValues),
  // so the review counts it in k and refuses.
  it('高考录取: the admission batch under a bare `batch` header left out of the quasi-identifiers: refused, or every record in a class of 5', async () => {
    writeFileSync(join(dir, 'admissions.csv'), extractBytes(admissions));
    const o = await attemptRun(admissionSpec(['gender', 'birth_date', 'high_school', 'admitted_university', 'major', 'mailing_address']), { dir });
    if (o.exit !== 0) return;
    const { p } = await readBack(duck, o.result!, '', { header: [], attacker: [] });
    expect(belowK(p, KNOWN, K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });

  it('就业登记: identifiers and remarks dropped, the birth and start dates cast for the search, employer and post kept under k = 5 with the sex and education, the hardship category l-diverse', async () => {
    const x = DOMAINS[JOBS]!.x;
    writeFileSync(join(dir, 'employment.csv'), extractBytes(x));
    const o = await attemptRun({
      ...dataset('employment-registrations', '滨州市就业登记统计', 'employment.csv', '滨州市人力资源和社会保障局'),
      columns: {
        XM: drop, SFZH: drop, LXDH: drop, BZ: drop,
        XB: d('性别', { name: 'sex' }), CSRQ: d('出生日期（按 k-匿名要求泛化）', { name: 'born', rule: castTo('date') }),
        MZ: d('民族', { name: 'ethnicity' }), WHCD: d('文化程度', { name: 'education' }),
        HJDZ: d('户籍所在区县', { name: 'county', rule: { type: 'mask', preset: 'cn.address', fixedWidth: 3 } }),
        JYDW: d('就业单位', { name: 'employer' }), GW: d('岗位', { name: 'post' }), JYXS: d('就业形式', { name: 'form' }),
        JYRQ: d('就业日期（按 k-匿名要求泛化）', { name: 'started', rule: castTo('date') }),
        HTQX: d('合同期限', { name: 'term' }), YX: d('月薪（千元档）', { name: 'wage', type: 'number', rule: [castTo('float64'), { type: 'round', base: 1000 }] }),
        JYKNLB: d('就业困难人员类别', { name: 'hardship' }),
      },
      privacy: privacy(['XB', 'MZ', 'WHCD', 'HJDZ', 'JYDW', 'GW'], ['CSRQ', 'JYRQ'], {}, ['JYKNLB']),
    }, { dir });
    expect(o.exit, o.message).toBe(0);
    await expectNoPlanted(duck, o.result!, '', { header: [], attacker: [], canonical: x.canonical, direct: x.direct });
    const { p } = await readBack(duck, o.result!, '', { header: [], attacker: [] });
    expect(belowK(p, ['sex', 'born', 'ethnicity', 'education', 'county', 'employer', 'post', 'started'], K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });
});
