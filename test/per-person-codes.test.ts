/**
 * A person's own number published as it is: a library card over the reader's loans, a patient's
 * card over their visits, a student number over their courses. Such a code repeats over the
 * person's records (10-80 % distinct), so the near-unique limit never stopped it, and a redact rule
 * finds nothing in it: a hand-written loan list published 1,996 card numbers with exit 0. The
 * published-risk review now refuses such a column (privacy/person-key, review/person-key.ts) by
 * its header or by how its values repeat, unless it is dropped, pseudonymized with a key, masked
 * or declared public. Category codes (12 division codes, a cause-of-action code, a product code, a
 * company's credit code declared public) still publish.
 *
 * Whole runs through publishRun (test/support/sweep-flow.ts), the published CSV read back by
 * DuckDB (test/support/published-check.ts). Also: names after 涉事人 and the like in a complaints
 * log's text are redacted (detect/tables.ts).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellLeaks, packageLeaks, type Published } from './support/published-check.js';
import { stringify } from 'yaml';
import { csvText, d, dataset, drop, publishedCsv, runCli, runCsvExtract, scratchWithDuck, type Outcome, type Spec } from './support/sweep-flow.js';
import { pad, worldFor } from '../fixtures/lib/domains/extract.js';
import { dateBetween, isoDate } from '../fixtures/lib/dates.js';

const ROWS = 2000;
const KEY_ENV = { TUOMIN_KEY: '000102030405060708090a0b0c0d0e0f' };

const scratch = scratchWithDuck('tuomin-person-key-');

interface Extract {
  header: string[];
  rows: string[][];
  /** The per-person codes, for the read-back. */
  keys: Set<string>;
  /** Every person's name, for the read-back. */
  names: Set<string>;
}

/**
 * `rows` records of `persons` persons (every person has at least one), `key` making each person's
 * code: the distinct share of the key is persons / rows.
 */
function people<P>(rows: number, persons: number, make: (i: number) => P, rng: { int(n: number): number }): P[] {
  const all = Array.from({ length: persons }, (_, i) => make(i));
  return Array.from({ length: rows }, (_, i) => (i < persons ? all[i]! : all[rng.int(persons)]!));
}

const BRANCHES = ['滨州市图书馆总馆', '滨城区分馆', '邹平市分馆', '惠民县分馆', '博兴县分馆'];
const BOOKS = ['平凡的世界', '活着', '三体', '围城', '红楼梦', '百年孤独', '人类简史', '乡土中国', '时间简史', '小王子', '骆驼祥子', '白鹿原'];

/** A library's loans: 31.6 % distinct card numbers (JY2023 + 6 digits), the reader's name and ID beside them. */
function libraryLoans(seed: number): Extract {
  const { world, rng } = worldFor(seed, 701);
  const x: Extract = { header: ['借阅证号', '读者姓名', '身份证号', '分馆', '书名', '借出日期'], rows: [], keys: new Set(), names: new Set() };
  const loans = people(ROWS, Math.round(0.316 * ROWS), () => ({ p: world.person([1950, 1, 1], [2012, 12, 31]), card: `JY2023${rng.digits(6)}` }), rng);
  for (const r of loans) {
    x.keys.add(r.card);
    x.names.add(r.p.name);
    x.rows.push([r.card, r.p.name, r.p.id, rng.pick(BRANCHES), rng.pick(BOOKS), isoDate(dateBetween(rng, [2025, 1, 1], [2025, 9, 30]))]);
  }
  return x;
}

const DEPTS = ['呼吸内科', '心血管内科', '内分泌科', '消化内科', '儿科', '妇科', '骨科', '皮肤科'];

/** Outpatient visits: a patient's card number (12 digits) over 1-8 visits, 25 % distinct. */
function outpatientVisits(seed: number): Extract {
  const { world, rng } = worldFor(seed, 702);
  const x: Extract = { header: ['就诊卡号', '患者姓名', '性别', '就诊科室', '医疗费用', '就诊日期'], rows: [], keys: new Set(), names: new Set() };
  const visits = people(ROWS, ROWS / 4, () => ({ p: world.person([1940, 1, 1], [2020, 12, 31]), card: `3716${rng.digits(8)}` }), rng);
  for (const v of visits) {
    x.keys.add(v.card);
    x.names.add(v.p.name);
    x.rows.push([v.card, v.p.name, v.p.male ? '男' : '女', rng.pick(DEPTS), `${rng.range(20, 900)}.${pad(rng.int(100), 2)}`, isoDate(dateBetween(rng, [2025, 1, 1], [2025, 6, 30]))]);
  }
  return x;
}

const COLLEGES = ['机械工程学院', '信息工程学院', '经济管理学院', '外国语学院', '化学工程学院', '航空工程学院'];
const COURSES = ['高等数学', '大学英语', '线性代数', '大学物理', '程序设计基础', '思想道德与法治', '概率论', '工程制图', '电路原理', '体育'];

/** Course grades: a student number (2023 + 6 digits) over 8 courses each, 12.5 % distinct. */
function courseGrades(seed: number): Extract {
  const { world, rng } = worldFor(seed, 703);
  const x: Extract = { header: ['学号', '姓名', '学院', '课程名称', '成绩'], rows: [], keys: new Set(), names: new Set() };
  const grades = people(ROWS, ROWS / 8, () => ({ p: world.person([2003, 1, 1], [2006, 12, 31]), no: `2023${rng.digits(6)}`, college: rng.pick(COLLEGES) }), rng);
  for (const g of grades) {
    x.keys.add(g.no);
    x.names.add(g.p.name);
    x.rows.push([g.no, g.p.name, g.college, rng.pick(COURSES), String(rng.range(40, 100))]);
  }
  return x;
}

interface Domain {
  title: string;
  make: () => Extract;
  /** The per-person code's column. */
  key: string;
  /** The spec's other columns: names, IDs and dates dropped; what a publisher would keep. */
  others: Spec;
}

const DOMAINS: Domain[] = [
  { title: 'library loans (借阅证号)', make: () => libraryLoans(31), key: '借阅证号', others: { 读者姓名: drop, 身份证号: drop, 分馆: d('借阅分馆'), 书名: d('所借图书'), 借出日期: drop } },
  { title: 'outpatient visits (就诊卡号)', make: () => outpatientVisits(32), key: '就诊卡号', others: { 患者姓名: drop, 性别: drop, 就诊科室: d('就诊科室'), 医疗费用: d('本次医疗费用（元）', { type: 'number' }), 就诊日期: drop } },
  { title: 'course grades (学号)', make: () => courseGrades(33), key: '学号', others: { 姓名: drop, 学院: d('所在学院'), 课程名称: d('课程'), 成绩: d('课程成绩', { type: 'integer' }) } },
];

let serial = 0;
/** The extract written as CSV, a spec over it with `key` as given, run as `tuomin run` does. */
async function run(x: Extract, columns: Spec, rename: Record<string, string> = {}, workers = 1): Promise<Outcome> {
  const id = `person-key-${++serial}`;
  const header = x.header.map((h) => rename[h] ?? h);
  return runCsvExtract({ header, rows: x.rows }, id, '借阅与就诊记录', columns, { dir: scratch.dir, env: KEY_ENV, workers, partitionBytes: 16 * 1024 });
}

const published = (o: Outcome): Promise<Published> => publishedCsv(scratch.duck, o.result!);

describe.each(DOMAINS)('$title: a per-person code published as it is is refused', ({ make, key, others }) => {
  const x = make();

  it.each([
    ['with a redact rule (which finds nothing in a code)', { rule: { type: 'redact' } }],
    ['with no rule', {}],
    ['with a tidy rule only (trim)', { rule: { type: 'trim' } }],
  ])('%s: exit 3, naming the column, nothing published', async (_how, rule) => {
    const o = await run(x, { [key]: d('证件编号', rule), ...others });
    // Before: exit 0, and every code in the published CSV.
    expect(o.exit, o.message).toBe(3);
    expect(o.reasons).toContain(`privacy/person-key columns.${key}`);
    // The reason names the column and counts, never a value.
    for (const v of [...x.keys].slice(0, 50)) expect(o.message).not.toContain(v);
  });

  it('over partitions on two workers: refused the same way (the roles are decided once, the distinct counts merged)', async () => {
    const o = await run(x, { [key]: d('证件编号', { rule: { type: 'redact' } }), ...others }, {}, 2);
    expect(o.exit, o.message).toBe(3);
    expect(o.reasons).toContain(`privacy/person-key columns.${key}`);
  });

  it('by its values alone, under a header that names nothing (编码): refused', async () => {
    const o = await run(x, { 编码: d('编码', { rule: { type: 'redact' } }), ...others }, { [key]: '编码' });
    expect(o.exit, o.message).toBe(3);
    expect(o.reasons).toContain('privacy/person-key columns.编码');
  });

  it('pseudonymized with a key: publishes, and no code or name is in any published cell or file', async () => {
    const o = await run(x, { [key]: d('证件编号的密钥假名', { rule: { type: 'pseudonymize', method: 'hmac-sha256', output: 'base32', length: 16 } }), ...others });
    expect(o.exit, o.message).toBe(0);
    const p = await published(o);
    expect(p.rows.length).toBe(ROWS);
    expect(cellLeaks(p, x.keys)).toEqual({});
    expect(cellLeaks(p, x.names)).toEqual({});
    expect(await packageLeaks(scratch.duck, o.result!.packageDir, x.keys)).toEqual({});
    // Still linkable: one pseudonym per person.
    const at = p.columns.indexOf(key);
    expect(new Set(p.rows.map((r) => r[at])).size).toBe(x.keys.size);
  });

  it('declared public with a reason: publishes the codes (the publisher\'s decision, recorded)', async () => {
    const o = await run(x, { [key]: d('证件编号', { public: { reason: '测试：依法公开的编号' } }), ...others });
    expect(o.exit, o.message).toBe(0);
    const p = await published(o);
    expect(Object.values(cellLeaks(p, x.keys)).reduce((a, b) => a + b, 0)).toBe(ROWS);
  });
});

describe('short numbers and pinyin headers', () => {
  /** A sports centre's visits: a member's number of five digits (no code shape alone) over ~6 visits. */
  function memberVisits(seed: number, header: string): Extract {
    const { world, rng } = worldFor(seed, 707);
    const x: Extract = { header: [header, '会员姓名', '会员等级', '场馆'], rows: [], keys: new Set(), names: new Set() };
    const visits = people(ROWS, Math.round(ROWS / 6), (i) => ({ name: world.person([1960, 1, 1], [2005, 12, 31]).name, no: String(10000 + i * 7) }), rng);
    for (const v of visits) {
      x.keys.add(v.no);
      x.names.add(v.name);
      x.rows.push([v.no, v.name, rng.pick(['一级', '二级', '三级']), rng.pick(['游泳馆', '羽毛球馆', '健身房'])]);
    }
    return x;
  }

  it.each(['会员号', 'hyh'])('a five-digit member number under %s with a redact rule: exit 3', async (header) => {
    const x = memberVisits(47, header);
    const o = await run(x, { [header]: d('会员编号', { rule: { type: 'redact' } }), 会员姓名: drop, 会员等级: d('会员等级'), 场馆: d('场馆') });
    // Before: exit 0, the members' numbers in every row.
    expect(o.exit, o.message).toBe(3);
    expect(o.reasons).toContain(`privacy/person-key columns.${header}`);
  });

  it('the same numbers under a header that names a number and nothing else (编号): exit 3 (was published, a known gap; test/per-person-codes-2.test.ts)', async () => {
    const x = memberVisits(48, '编号');
    const o = await run(x, { 编号: d('编号'), 会员姓名: drop, 会员等级: d('会员等级'), 场馆: d('场馆') });
    expect(o.exit, o.message).toBe(3);
    expect(o.reasons).toContain('privacy/person-key columns.编号');
  });
});

describe('through the CLI: tuomin run', () => {
  it('a loan list with the card number under redact exits 3, in English and in Chinese, naming columns.借阅证号 and no card', async () => {
    const x = libraryLoans(34);
    writeFileSync(join(scratch.dir, 'cli-loans.csv'), csvText(x.header, x.rows));
    const spec = { ...dataset('cli-loans', '图书借阅记录', 'cli-loans.csv'), output: { folder: 'cli-out', formats: ['csv'] }, columns: { 借阅证号: d('借阅证号', { rule: { type: 'redact' } }), ...DOMAINS[0]!.others } };
    writeFileSync(join(scratch.dir, 'cli-loans.yaml'), stringify(spec));
    for (const env of [{}, { LANG: 'zh_CN.UTF-8' }]) {
      const r = await runCli(['run', 'cli-loans.yaml'], scratch.dir, env);
      expect(r.code, r.err).toBe(3);
      expect(r.err).toContain('privacy/person-key');
      expect(r.err).toContain('columns.借阅证号');
      if ('LANG' in env) expect(r.err).toContain('个人的编号');
      for (const v of x.keys) expect(r.err.includes(v) || r.out.includes(v)).toBe(false);
    }
  });
});

describe('category and thing codes beside persons still publish (no false refusal)', () => {
  /** Records of persons (a name dropped) with a code column of `make`'s values. */
  function withCode(seed: number, header: string, code: (rng: ReturnType<typeof worldFor>['rng'], i: number) => string): Extract {
    const { world, rng } = worldFor(seed, 704);
    const x: Extract = { header: ['姓名', header, '办理结果'], rows: [], keys: new Set(), names: new Set() };
    for (let i = 0; i < ROWS; i++) {
      const name = world.person([1950, 1, 1], [2000, 12, 31]).name;
      x.names.add(name);
      x.rows.push([name, code(rng, i), rng.pick(['办结', '退回', '转办'])]);
    }
    return x;
  }
  const DIVISIONS = Array.from({ length: 12 }, (_, i) => `37160${pad(i + 1, 1)}${pad(100 + i * 3, 3)}000`.slice(0, 12));
  const CAUSES = Array.from({ length: 120 }, (_, i) => `AY${pad(9000 + i * 7, 4)}`);
  const SKUS = Array.from({ length: 400 }, (_, i) => `SKU${pad(100000 + i * 37, 6)}`);
  const USCC = Array.from({ length: 500 }, (_, i) => `91371600MA${pad(3000000 + i * 131, 7)}X`.slice(0, 18));

  it.each([
    ['a township division code, 12 values (行政区划代码)', '行政区划代码', (rng: any) => rng.pick(DIVISIONS), {}],
    ['a cause-of-action code, 120 values (案由代码)', '案由代码', (rng: any) => rng.pick(CAUSES), {}],
    ['a product code in an order list, 400 values (商品编码)', '商品编码', (rng: any) => rng.pick(SKUS), {}],
    ['a company\'s credit code over its inspections, declared public (统一社会信用代码)', '统一社会信用代码', (rng: any) => rng.pick(USCC), { public: { reason: '企业信用信息依法公示' } }],
    ['a company\'s credit code, allow: [cn_uscc]', '统一社会信用代码', (rng: any) => rng.pick(USCC), { allow: ['cn_uscc'] }],
  ] as const)('%s: exit 0', async (_what, header, code, more) => {
    const x = withCode(40 + serial, header, code);
    const o = await run(x, { 姓名: drop, [header]: d(header, more), 办理结果: d('办理结果') });
    expect(o.exit, o.message).toBe(0);
    expect(cellLeaks(await published(o), x.names)).toEqual({});
  });

  it('a product code in a price list (one row per product, no persons): exit 0', async () => {
    const { rng } = worldFor(45, 705);
    const x: Extract = { header: ['商品编码', '商品名称', '单价'], rows: [], keys: new Set(), names: new Set() };
    for (let i = 0; i < ROWS; i++) x.rows.push([`SP${pad(200000 + i * 13, 8)}`, rng.pick(['大米', '面粉', '食用油', '鸡蛋', '牛奶']), `${rng.range(2, 90)}.${pad(rng.int(100), 2)}`]);
    const o = await run(x, { 商品编码: d('商品编码'), 商品名称: d('商品名称'), 单价: d('单价（元）', { type: 'number' }) });
    expect(o.exit, o.message).toBe(0);
  });
});

describe('names after 涉事人, 涉案人, 行为人 in a complaints log are redacted', () => {
  it('publishes (exit 0) with none of the names in any published cell', async () => {
    const { world, rng } = worldFor(46, 706);
    const x: Extract = { header: ['工单编号', '诉求内容', '办理结果'], rows: [], keys: new Set(), names: new Set() };
    const words = ['涉事人', '涉案人', '涉事人员', '行为人', '肇事人'];
    for (let i = 0; i < ROWS; i++) {
      let text = '市民来电反映小区内存在违规搭建问题，希望尽快处理。';
      if (i % 20 === 0) {
        const name = world.person([1960, 1, 1], [2000, 12, 31]).name;
        x.names.add(name);
        text = `市民来电反映${rng.pick(words)}${name}在小区内违规搭建，多次劝阻无效，希望尽快处理。`;
      }
      x.rows.push([`GD2025${pad(i + 1, 6)}`, text, rng.pick(['已转交属地街道办理', '已答复市民'])]);
    }
    const o = await run(x, { 工单编号: drop, 诉求内容: d('诉求内容（个人信息已遮盖）', { rule: { type: 'redact' } }), 办理结果: d('办理结果') });
    expect(o.exit, o.message).toBe(0);
    // Before: 100 names after these words were published as they were.
    expect(cellLeaks(await published(o), x.names)).toEqual({});
  });
});
