/**
 * Per-person codes the review still published (test/per-person-codes.test.ts has the first round):
 *
 * 1. Short numbers (3-5 digits: a member's 10234, a card's 0815) under a header that names a
 *    number and nothing else (编号, 序号2, 代码, code, no.), repeated over the person's records.
 *    Five digits are no code shape (quantities, years), so neither the person-key rule nor the
 *    near-unique limit judged them: published, exit 0.
 * 2. A per-person code under a header the values path trusted as a thing's (读者条码: 条码 is a
 *    product's barcode; 缴费编号: 费 names an amount), or under a thing's name (车辆编号, 设备号,
 *    案卷号) that repeats per person.
 * 3. Codes with Han characters (粤公积金字第0012345号, 京医保卡A123456, 沪房租赁备字(2023)第01234号):
 *    no ASCII token, so no code key; under a redact rule (which finds nothing in them) they were
 *    judged as free text and published as they are.
 *
 * Each extract is of a domain the bundled samples do not have (gym visits, parking, provident-fund
 * payments, rentals, exam registrations, archives), written as CSV, run through the real draft →
 * publish flow (test/support/sweep-flow.ts) and, when published, read back by DuckDB.
 * Controls that must still publish: a row counter 1..N, product codes, a document number shared by
 * many records, case numbers masked whole, division codes, years and counts.
 */
import { describe, expect, it } from 'vitest';
import { cellLeaks } from './support/published-check.js';
import { d, drop, publishedCsv, runCsvExtract, scratchWithDuck, type Outcome, type Spec } from './support/sweep-flow.js';
import { stillCodes } from '../packages/publish/src/review/person-key.js';
import { rowCounter } from '@tuomin/core/internal';
import { pad, worldFor } from '../fixtures/lib/domains/extract.js';
import { dateBetween, isoDate } from '../fixtures/lib/dates.js';
import type { Rng } from '../fixtures/lib/rng.js';

const ROWS = 2000;
const KEY_ENV = { TUOMIN_KEY: '000102030405060708090a0b0c0d0e0f' };

const scratch = scratchWithDuck('tuomin-person-key-2-');

interface Extract {
  header: string[];
  rows: string[][];
  /** The codes under test, for the read-back. */
  keys: Set<string>;
}

interface Person { name: string; male: boolean; born: number; code: string }

/**
 * `ROWS` records of `persons` persons (each has one at least, the rest drawn at random), each
 * record `[code, name, sex, ...rest(rng, person)]`: the code's distinct share is persons / ROWS.
 */
function perPerson(seed: number, stream: number, header: string[], persons: number, code: (rng: Rng, i: number) => string, rest: (rng: Rng, p: Person) => string[]): Extract {
  const { world, rng } = worldFor(seed, stream);
  const all: Person[] = Array.from({ length: persons }, (_, i) => {
    const p = world.person([1950, 1, 1], [2008, 12, 31]);
    return { name: p.name, male: p.male, born: p.birth.year, code: code(rng, i) };
  });
  const x: Extract = { header, rows: [], keys: new Set() };
  for (let i = 0; i < ROWS; i++) {
    const p = i < persons ? all[i]! : all[rng.int(persons)]!;
    x.keys.add(p.code);
    x.rows.push([p.code, p.name, p.male ? '男' : '女', ...rest(rng, p)]);
  }
  return x;
}

/** Distinct codes of `n` digits, scattered over their range (an agency's numbers, not a row counter). */
function scattered(rng: Rng, n: number, digits: number): string[] {
  const seen = new Set<string>();
  while (seen.size < n) seen.add(String(10 ** (digits - 1) + rng.int(9 * 10 ** (digits - 1))));
  return [...seen];
}

const VENUES = ['游泳馆', '羽毛球馆', '健身房', '乒乓球馆', '瑜伽室'];
const when = (rng: Rng): string => isoDate(dateBetween(rng, [2025, 1, 1], [2025, 9, 30]));

/** A sports centre's visits: a member's number of `digits` digits over ~6 visits each (16.7 % distinct). */
function gymVisits(seed: number, header: string, digits = 5): Extract {
  const { rng } = worldFor(seed, 801);
  const numbers = scattered(rng, Math.round(ROWS / 6), digits);
  return perPerson(seed, 802, [header, '会员姓名', '性别', '场馆', '到店日期'], numbers.length, (_r, i) => numbers[i]!, (r) => [r.pick(VENUES), when(r)]);
}

let serial = 0;
async function run(x: Extract, columns: Spec, title = '会员到店记录', workers = 1): Promise<Outcome> {
  const id = `person-key-2-${++serial}`;
  return runCsvExtract(x, id, title, columns, { dir: scratch.dir, env: KEY_ENV, workers, partitionBytes: 16 * 1024 });
}

/** How many published cells hold one of the codes (0 when refused). */
async function codesPublished(o: Outcome, keys: ReadonlySet<string>): Promise<number> {
  if (o.exit !== 0) return 0;
  const p = await publishedCsv(scratch.duck, o.result!);
  return Object.values(cellLeaks(p, keys)).reduce((a, b) => a + b, 0);
}

async function expectRefused(o: Outcome, column: string, keys: ReadonlySet<string>): Promise<void> {
  // Before the fix: exit 0 and the codes in the published CSV.
  expect(await codesPublished(o, keys), o.message).toBe(0);
  expect(o.exit, o.message).toBe(3);
  expect(o.reasons.some((r) => r.endsWith(` columns.${column}`) && /^privacy\/(person-key|near-unique-column) /.test(r)), o.reasons.join('; ')).toBe(true);
  // Reasons name the column and counts, never a value.
  for (const v of [...keys].slice(0, 50)) expect(o.message).not.toContain(v);
}

const gymOthers: Spec = { 会员姓名: drop, 性别: d('性别'), 场馆: d('场馆'), 到店日期: drop };

describe('1. short numbers under a header that names a number and nothing else', () => {
  it.each([
    ['编号', {}],
    ['序号2', {}],
    ['代码', { rule: { type: 'redact' } }],
    ['code', {}],
    ['no.', { rule: { type: 'trim' } }],
    ['卡片编码', {}],
  ])('a five-digit member number over ~6 visits under %s: refused, privacy/person-key', async (header, rule) => {
    const x = gymVisits(50 + serial, header);
    const o = await run(x, { [header]: d('编号', rule), ...gymOthers });
    await expectRefused(o, header, x.keys);
    expect(o.reasons).toContain(`privacy/person-key columns.${header}`);
  });

  it('over partitions on two workers: refused the same way, and a row counter still publishes', async () => {
    const x = gymVisits(59, '编号');
    const o = await run(x, { 编号: d('编号'), ...gymOthers }, '会员到店记录', 2);
    await expectRefused(o, '编号', x.keys);
    const c = perPerson(60, 832, ['序号', '会员姓名', '性别'], ROWS, (_r, i) => String(i + 1), () => []);
    expect((await run(c, { 序号: d('序号'), 会员姓名: drop, 性别: d('性别') }, '会员名单', 2)).exit).toBe(0);
  });

  it('a four-digit number with leading zeros (0815) under 编号: refused', async () => {
    const { rng } = worldFor(61, 803);
    const numbers = [...new Set(Array.from({ length: 600 }, () => pad(rng.int(10000), 4)))].slice(0, 400);
    const x = perPerson(61, 804, ['编号', '会员姓名', '性别', '场馆', '到店日期'], numbers.length, (_r, i) => numbers[i]!, (r) => [r.pick(VENUES), when(r)]);
    const o = await run(x, { 编号: d('编号'), ...gymOthers });
    await expectRefused(o, '编号', x.keys);
  });

  it.each(['会员号', '编号'])('full-width member numbers (ＨＹ０１０２３４ and １０２３４) under %s: refused', async (header) => {
    const wide = (s: string): string => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const { rng } = worldFor(66, 829);
    const numbers = scattered(rng, 400, 5).map((v, i) => wide(i % 2 ? `HY0${v}` : v));
    const x = perPerson(66, 830, [header, '会员姓名', '性别', '场馆', '到店日期'], numbers.length, (_r, i) => numbers[i]!, (r) => [r.pick(VENUES), when(r)]);
    const o = await run(x, { [header]: d('编号'), ...gymOthers });
    await expectRefused(o, header, x.keys);
  });

  it('one record per member, a scattered five-digit number under no.: refused (near-unique)', async () => {
    const { rng } = worldFor(62, 805);
    const numbers = scattered(rng, ROWS, 5);
    const x = perPerson(62, 806, ['no.', '会员姓名', '性别', '会员等级', '入会日期'], ROWS, (_r, i) => numbers[i]!, (r) => [r.pick(['普通', '银卡', '金卡']), when(r)]);
    const o = await run(x, { 'no.': d('编号'), 会员姓名: drop, 性别: d('性别'), 会员等级: d('会员等级'), 入会日期: drop });
    await expectRefused(o, 'no.', x.keys);
  });
});

describe('what a row counter is (core rowCounter)', () => {
  const run1 = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => String(from + i));
  it.each([
    ['1..2000', run1(1, 2000), true],
    ['0..1999', run1(0, 2000), true],
    ['0001..2000, padded', run1(1, 2000).map((v) => v.padStart(4, '0')), true],
    ['1..2000 with 3 % of the rows suppressed', run1(1, 2000).filter((_, i) => i % 33 !== 5), true],
    ['members\' numbers sorted, from 10001', run1(10001, 2000), false],
    ['1..2000 with a tenth of the steps skipped', run1(1, 2200).filter((_, i) => i % 10 !== 5), false],
    ['2000..1, descending', run1(1, 2000).reverse(), false],
    ['1..2000 with one repeat', [...run1(1, 1000), '1000', ...run1(1001, 999)], false],
    ['fewer than 20 values', run1(1, 19), false],
  ] as const)('%s: %s', (_what, values, expected) => {
    expect(rowCounter(values)).toBe(expected);
  });
});

describe('controls for 1: what still publishes', () => {
  it('a row counter 1..N under 序号 in a list of members (one row each): exit 0', async () => {
    const x = perPerson(63, 807, ['序号', '会员姓名', '性别', '会员等级'], ROWS, (_r, i) => String(i + 1), (r) => [r.pick(['普通', '银卡', '金卡'])]);
    const o = await run(x, { 序号: d('序号'), 会员姓名: drop, 性别: d('性别'), 会员等级: d('会员等级') });
    expect(o.exit, o.message).toBe(0);
  });

  it('a year (年度) and a count (次数) beside a member\'s records: exit 0', async () => {
    const x = perPerson(64, 808, ['会员号', '会员姓名', '性别', '年度', '次数'], 300, (r) => `HY${r.digits(8)}`, (r) => [String(r.range(2015, 2025)), String(r.range(1, 400))]);
    const o = await run(x, { 会员号: drop, 会员姓名: drop, 性别: d('性别'), 年度: d('年度', { type: 'integer' }), 次数: d('到店次数', { type: 'integer' }) });
    expect(o.exit, o.message).toBe(0);
  });

  it.each(['room_no', '房间号'])('a hotel\'s room number (3-4 digits, 510 rooms) under %s over guests\' check-ins, beside their sex: exit 0', async (header) => {
    const x = perPerson(67, 831, ['guest', 'guest_name', 'gender', header], 1500, (r) => `G${r.digits(9)}`, (r) => [`${r.range(2, 18)}${pad(r.range(1, 30), 2)}`]);
    const o = await run(x, { guest: drop, guest_name: drop, gender: d('性别'), [header]: d('房间号') }, '入住记录');
    expect(o.exit, o.message).toBe(0);
  });

  it('a short product number under 货号 in an order list (400 products over the orders): exit 0', async () => {
    const { rng } = worldFor(65, 809);
    const products = scattered(rng, 400, 5);
    const x = perPerson(65, 810, ['买家', '买家姓名', '性别', '货号', '数量'], 500, (r) => `U${r.digits(9)}`, (r) => [r.pick(products), String(r.range(1, 9))]);
    const o = await run(x, { 买家: drop, 买家姓名: drop, 性别: d('性别'), 货号: d('货号'), 数量: d('数量', { type: 'integer' }) });
    expect(o.exit, o.message).toBe(0);
  });
});

const LOTS = ['滨城区政务中心停车场', '市立医院停车场', '万达广场停车场', '高铁站停车场'];
const BOOKS = ['平凡的世界', '活着', '三体', '围城', '红楼梦', '百年孤独', '人类简史', '乡土中国'];

describe('2. a per-person code under a thing\'s header is judged by its values', () => {
  it.each([
    ['车辆编号', (r: Rng) => `CL${r.digits(7)}`],
    ['设备号', (r: Rng) => `OBU${r.digits(10)}`],
    ['案卷号', (r: Rng) => `DA2019-${r.digits(6)}`],
  ])('a parking permit holder\'s %s over ~5 entries each: refused', async (header, code) => {
    const x = perPerson(70 + serial, 811, [header, '车主姓名', '性别', '停车场', '入场日期'], ROWS / 5, code, (r) => [r.pick(LOTS), when(r)]);
    const o = await run(x, { [header]: d('编号'), 车主姓名: drop, 性别: d('性别'), 停车场: d('停车场'), 入场日期: drop }, '停车记录');
    await expectRefused(o, header, x.keys);
  });

  it('a reader\'s barcode under 读者条码 (条码 names a product\'s barcode) beside the reader\'s sex: refused', async () => {
    // The sex follows each code: the records a code groups share it, as a person's do and a product's buyers do not.
    const x = perPerson(74, 812, ['读者条码', '读者姓名', '性别', '书名'], ROWS / 4, (r) => `BZ${r.digits(8)}`, (r) => [r.pick(BOOKS)]);
    const o = await run(x, { 读者条码: d('读者条码'), 读者姓名: drop, 性别: d('性别'), 书名: d('书名') }, '图书借阅记录');
    await expectRefused(o, '读者条码', x.keys);
  });

  it('a contributor\'s number under 缴费编号 (费 names an amount) beside their sex: refused', async () => {
    const x = perPerson(75, 813, ['缴费编号', '姓名', '性别', '缴费月份', '缴费金额'], Math.round(ROWS / 6), (r) => `JF${r.digits(9)}`, (r) => [`2025-${pad(r.range(1, 9), 2)}`, `${r.range(200, 900)}.00`]);
    const o = await run(x, { 缴费编号: d('缴费编号'), 姓名: drop, 性别: d('性别'), 缴费月份: drop, 缴费金额: d('缴费金额（元）', { type: 'number' }) }, '社保缴费记录');
    await expectRefused(o, '缴费编号', x.keys);
  });
});

describe('controls for 2: a thing\'s code beside persons still publishes', () => {
  it('a product\'s barcode (商品条码) over orders, beside the buyer\'s sex: exit 0', async () => {
    const { rng } = worldFor(76, 814);
    const codes = Array.from({ length: 300 }, () => `69${rng.digits(11)}`);
    const x = perPerson(76, 815, ['买家', '买家姓名', '性别', '商品条码'], 600, (r) => `U${r.digits(9)}`, (r) => [r.pick(codes)]);
    const o = await run(x, { 买家: drop, 买家姓名: drop, 性别: d('性别'), 商品条码: d('商品条码') }, '订单记录');
    expect(o.exit, o.message).toBe(0);
  });

  it('a course code (课程编号) over students\' grades, beside their sex and birth year: exit 0', async () => {
    const { rng } = worldFor(77, 816);
    const courses = Array.from({ length: 150 }, () => `KC${rng.digits(6)}`);
    const x = perPerson(77, 817, ['学生', '姓名', '性别', '出生年份', '课程编号', '成绩'], 400, (r) => `S${r.digits(9)}`, (r, p) => [String(p.born), r.pick(courses), String(r.range(50, 100))]);
    const o = await run(x, { 学生: drop, 姓名: drop, 性别: d('性别'), 出生年份: drop, 课程编号: d('课程编号'), 成绩: d('成绩', { type: 'integer' }) }, '课程成绩');
    expect(o.exit, o.message).toBe(0);
  });
});

/** 粤公积金字第0012345号: a provident-fund account's certificate, one per person. */
const fundCode = (r: Rng): string => `粤公积金字第${r.digits(7)}号`;
/** 京医保卡A123456: a medical-insurance card. */
const insuranceCard = (r: Rng): string => `京医保卡${String.fromCharCode(65 + r.int(26))}${r.digits(6)}`;
/** G + an ID number: a student's national registration number (学籍号). */
const registration = (r: Rng): string => `G37160${r.range(2008, 2012)}${pad(r.range(1, 12), 2)}${pad(r.range(1, 28), 2)}${r.digits(4)}`;

describe('3. codes with Han characters', () => {
  it.each([
    ['公积金账号', 'redact', fundCode],
    ['证明编号', 'redact', fundCode],
    ['证明编号', 'none', fundCode],
    ['医保卡号', 'redact', insuranceCard],
    ['编码', 'redact', insuranceCard],
    ['编码', 'none', insuranceCard],
  ] as const)('a per-person code under %s (%s rule) over ~4 records each: refused, or masked by the redaction', async (header, rule, code) => {
    const x = perPerson(80 + serial, 818, [header, '姓名', '性别', '业务类型', '办理日期'], ROWS / 4, code, (r) => [r.pick(['缴存', '提取', '转移', '贷款']), when(r)]);
    const o = await run(x, { [header]: d('编号', rule === 'redact' ? { rule: { type: 'redact' } } : {}), 姓名: drop, 性别: d('性别'), 业务类型: d('业务类型'), 办理日期: drop }, '公积金业务记录');
    // A detector that reads 公积金字第 as a label may mask the serial under redact (粤公积金字第*******号):
    // published then, with no code in it. Otherwise the review refuses the codes as they are.
    if (rule === 'redact' && o.exit === 0) expect(await codesPublished(o, x.keys)).toBe(0);
    else await expectRefused(o, header, x.keys);
  });

  it.each([['公积金账号', fundCode], ['医保卡号', insuranceCard], ['编码', insuranceCard], ['备案编号', (r: Rng) => `沪房租赁备字(${r.range(2021, 2025)})第${r.digits(5)}号`]] as const)(
    'codes in a Han frame left as they are by a redaction are still codes (judged as published as they are): %s', (header, code) => {
      const x = perPerson(95, 827, [header, '姓名', '性别'], ROWS / 4, code, () => []);
      // Before: false (no ASCII token), so the column was judged as redacted free text.
      expect(stillCodes(x.rows.map((r) => r[0]!), [header])).toBe(true);
    });

  it('addresses with a house number and amounts with a unit are no framed codes', () => {
    const { rng } = worldFor(96, 828);
    // Three streets: each frame (滨城区黄河五路#号) is shared by a third of the values.
    const streets = ['黄河五路', '渤海七路', '长江二路'];
    const addresses = Array.from({ length: 1000 }, () => `滨城区${rng.pick(streets)}${rng.range(1000, 2999)}号`);
    const amounts = Array.from({ length: 1000 }, () => `${rng.range(1000, 99999)}元`);
    expect(stillCodes(addresses, ['编码'])).toBe(false);
    expect(stillCodes(amounts, ['编码'])).toBe(false);
  });

  it('a lease registration number (沪房租赁备字(2023)第01234号), one per lease, under a redact rule: refused', async () => {
    const x = perPerson(86, 819, ['备案编号', '承租人', '性别', '区', '月租金'], ROWS, (r) => `沪房租赁备字(${r.range(2021, 2025)})第${r.digits(5)}号`, (r) => [r.pick(['黄浦区', '徐汇区', '静安区', '浦东新区']), String(r.range(20, 120) * 100)]);
    const o = await run(x, { 备案编号: d('备案编号', { rule: { type: 'redact' } }), 承租人: drop, 性别: d('性别'), 区: d('区'), 月租金: d('月租金（元）', { type: 'integer' }) }, '房屋租赁备案');
    await expectRefused(o, '备案编号', x.keys);
  });

  it('a student\'s registration number (G + ID) over ~4 exam subjects, under 学籍号 with a redact rule and under 报名编码: refused', async () => {
    for (const header of ['学籍号', '报名编码']) {
      const x = perPerson(87 + serial, 820, [header, '考生姓名', '性别', '科目', '成绩'], ROWS / 4, registration, (r) => [r.pick(['语文', '数学', '英语', '物理', '化学']), String(r.range(40, 150))]);
      const o = await run(x, { [header]: d('编号', { rule: { type: 'redact' } }), 考生姓名: drop, 性别: d('性别'), 科目: d('科目'), 成绩: d('成绩', { type: 'integer' }) }, '考试报名');
      await expectRefused(o, header, x.keys);
    }
  });
});

describe('controls for 3 and records: what still publishes', () => {
  it('a policy document number (鲁政办字〔2023〕12号) shared by many records: exit 0', async () => {
    const { rng } = worldFor(88, 821);
    const docs = Array.from({ length: 30 }, (_, i) => `鲁政办字〔${2019 + (i % 6)}〕${10 + i}号`);
    const x = perPerson(88, 822, ['申请人号', '申请人', '性别', '依据文件'], 1500, (r) => `SQ${r.digits(8)}`, (r) => [r.pick(docs)]);
    void rng;
    const o = await run(x, { 申请人号: drop, 申请人: drop, 性别: d('性别'), 依据文件: d('依据文件') }, '补贴发放');
    expect(o.exit, o.message).toBe(0);
  });

  it('lease registration numbers masked whole (one per lease): exit 0', async () => {
    const x = perPerson(89, 823, ['备案编号', '承租人', '性别', '区'], ROWS, (r) => `沪房租赁备字(${r.range(2021, 2025)})第${r.digits(5)}号`, (r) => [r.pick(['黄浦区', '徐汇区', '静安区', '浦东新区'])]);
    const o = await run(x, { 备案编号: d('备案编号', { rule: { type: 'mask', keepFirst: 0, keepLast: 0 } }), 承租人: drop, 性别: d('性别'), 区: drop }, '房屋租赁备案');
    expect(o.exit, o.message).toBe(0);
    expect(await codesPublished(o, x.keys)).toBe(0);
  });

  it('case numbers (BZ2025 + 6 digits), one per record, masked whole: exit 0', async () => {
    const x = perPerson(90, 824, ['案件编号', '当事人', '性别', '案由'], ROWS, (r) => `BZ2025${r.digits(6)}`, (r) => [r.pick(['盗窃', '诈骗', '故意伤害'])]);
    const o = await run(x, { 案件编号: d('案件编号', { rule: { type: 'mask', keepFirst: 0, keepLast: 0 } }), 当事人: drop, 性别: d('性别'), 案由: d('案由') }, '案件记录');
    expect(o.exit, o.message).toBe(0);
  });

  it('a township\'s division code (行政区划代码, 12 digits, 60 townships) and a county code under 代码 beside persons: exit 0', async () => {
    const { rng } = worldFor(91, 825);
    const towns = Array.from({ length: 60 }, (_, i) => `3716${pad(2 + (i % 5), 2)}${pad(100 + i, 3)}000`);
    const x = perPerson(91, 826, ['人员号', '姓名', '性别', '行政区划代码', '代码'], 800, (r) => `RY${r.digits(8)}`, (r) => [r.pick(towns), `3716${pad(r.range(1, 26), 2)}`]);
    void rng;
    const o = await run(x, { 人员号: drop, 姓名: drop, 性别: d('性别'), 行政区划代码: d('行政区划代码'), 代码: d('县区代码') }, '人员分布');
    expect(o.exit, o.message).toBe(0);
  });
});

describe('a person\'s card number in a note, after its label (labelled-number.ts)', () => {
  it('a library\'s overdue notes and a clinic\'s remarks under redact: published, no card number in any cell', async () => {
    const { rng } = worldFor(97, 833);
    const x: Extract = { header: ['登记号', '备注', '处理结果'], rows: [], keys: new Set() };
    const notes: Array<(code: string) => string> = [
      (c) => `读者证号${c}逾期未还，已电话提醒。`,
      (c) => `借阅证号：${c}，图书污损，按规定赔偿。`,
      (c) => `患者持京医保卡${c}就诊，费用已结算。`,
      (c) => `会员卡${c}已冻结，待本人核实。`,
      (c) => `社保卡号${c}挂失补办。`,
    ];
    const codes: Array<(r: Rng) => string> = [(r) => `JY2023${r.digits(6)}`, (r) => `JY2023${r.digits(6)}`, (r) => `A${r.digits(6)}`, (r) => `HY0${r.digits(6)}`, (r) => r.digits(7)];
    for (let i = 0; i < ROWS; i++) {
      const k = i % notes.length;
      const code = codes[k]!(rng);
      x.keys.add(code);
      x.rows.push([`DJ2025${pad(i + 1, 6)}`, notes[k]!(code), rng.pick(['已办结', '处理中'])]);
    }
    const o = await run(x, { 登记号: drop, 备注: d('备注（个人信息已遮盖）', { rule: { type: 'redact' } }), 处理结果: d('处理结果') }, '窗口登记');
    expect(o.exit, o.message).toBe(0);
    // Before: the 7-character cards (A123456, 1234567) and the reader's and member's cards after
    // their labels were published as they were (1,960 published cells held one).
    expect(await codesPublished(o, x.keys)).toBe(0);
  });
});
