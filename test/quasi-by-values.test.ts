/**
 * Attacker-known columns the review finds by their values, whatever the header (review/quasi-values.ts,
 * docs/privacy.md "Attacker-known by values"). Three hand-written specs over extracts of domains no
 * fixture covers, each with a column under a neutral header (备注1, col_5, 类别) whose values state
 * what an attacker knows: a scholarship list with the student's year and class (2021级计算机3班), a
 * vaccination list with the age band (６０岁以上, 6-12月龄; GB18030, full-width digits), a
 * public-housing list with the origin (籍贯: 河南省周口市, 四川成都). Published raw beside the declared
 * quasi-identifiers under k = 5, each left records alone with exit 0 before; now refused, naming
 * the column. The same extracts with ordinary categories under the same headers (product types,
 * case types, amount bands) publish: no false refusal.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attemptRun, belowK, d, dataset, drop, privacy, readBack, scratchWithDuck, type Spec } from './support/sweep-flow.js';
import { extractBytes, type Extract7 } from '../fixtures/lib/domains/unseen-7.js';
import { Rng } from '../fixtures/lib/rng.js';
import { quasiByValues, QUASI_VALUE_SHARE } from '../packages/publish/src/review/quasi-values.js';

const K = 5;
const scratch = scratchWithDuck('tuomin-quasi-values-');

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞'];
const personName = (rng: Rng): string => rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
const idNo = (rng: Rng): string => `3716${rng.digits(14)}`;

/** An extract: the header, rows of cells, the names and numbers planted, written as `shape` says. */
function extract(header: string[], rows: string[][], shape: Extract7['shape'], direct: Set<string>): Extract7 {
  return { domain: '', header, rows, direct, canonical: new Set(), attacker: [], shape };
}

const UTF8: Extract7['shape'] = { encoding: 'utf-8', bom: false, eol: '\n', delimiter: ',' };
const GB: Extract7['shape'] = { encoding: 'gb18030', bom: false, eol: '\r\n', delimiter: ',' };

/** A neutral column's values: what an attacker knows (`stated`) or an ordinary category. */
type Neutral = (rng: Rng) => string;

// ------------------------------------------------------------------ scholarship list (学生资助)
const COLLEGES = ['计算机学院', '机电工程学院', '外国语学院', '经济管理学院', '化工学院', '文学院'];
const MAJORS: Record<string, string[]> = {
  计算机学院: ['计算机', '软件', '网络'], 机电工程学院: ['机械', '电气'], 外国语学院: ['英语', '日语'],
  经济管理学院: ['会计', '金融', '工商'], 化工学院: ['化工', '材料'], 文学院: ['汉语言', '新闻'],
};
function scholarships(rows: number, seed: number, neutral: (rng: Rng, college: string) => string): Extract7 {
  const rng = new Rng(seed, 1);
  const direct = new Set<string>();
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const name = personName(rng);
    const id = idNo(rng);
    direct.add(name); direct.add(id);
    const college = rng.pick(COLLEGES);
    out.push([`2021${String(100000 + i)}`, name, id, college, rng.chance(0.5) ? '男' : '女', neutral(rng, college), rng.pick(['一等奖学金', '二等奖学金', '三等奖学金']), String(rng.pick([2000, 4000, 8000]))]);
  }
  return extract(['学号', '姓名', '身份证号', '学院', '性别', '备注1', '奖项', '奖金（元）'], out, UTF8, direct);
}
const classOf = (rng: Rng, college: string): string => `${rng.pick(['2021', '2022', '2023', '2024'])}级${rng.pick(MAJORS[college]!)}${rng.range(1, 3)}班`;
const scholarshipSpec = (file: string, declareNeutral = false): Spec => ({
  ...dataset('scholarships-2025', '滨州学院2025年奖学金获得者统计', file, '滨州学院'),
  columns: {
    学号: drop, 姓名: drop, 身份证号: drop,
    学院: d('学院', { name: 'college' }), 性别: d('性别', { name: 'sex' }), 备注1: d('备注1', { name: 'note1' }),
    奖项: d('奖项', { name: 'award' }), '奖金（元）': d('奖金（元）', { name: 'amount' }),
  },
  privacy: privacy(['学院', '性别', ...(declareNeutral ? ['备注1'] : [])]),
});

// ------------------------------------------------------------------ vaccination list (预防接种, GB18030)
const STREETS = ['黄河街道', '市中街道', '彭李街道', '北镇街道', '市西街道', '梁才街道', '杜店街道', '里则街道'];
const AGE_BANDS = ['0-6月龄', '6-12月龄', '1-3岁', '3-6岁', '7-17岁', '18-59岁', '60-69岁', '70-79岁', '80岁以上'];
const VACCINES = ['乙肝疫苗', '百白破疫苗', '麻腮风疫苗', '流感疫苗', '肺炎球菌疫苗', '带状疱疹疫苗'];
function vaccinations(rows: number, seed: number, neutral: Neutral): Extract7 {
  const rng = new Rng(seed, 2);
  const direct = new Set<string>();
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const name = personName(rng);
    const id = idNo(rng);
    const phone = `13${rng.digits(9)}`;
    direct.add(name); direct.add(id); direct.add(phone);
    out.push([name, id, phone, rng.pick(STREETS), rng.chance(0.5) ? '男' : '女', neutral(rng), rng.pick(VACCINES), `第${rng.range(1, 3)}剂`]);
  }
  return extract(['col_1', 'col_2', 'col_3', 'col_4', 'col_5', 'col_6', 'col_7', 'col_8'], out, GB, direct);
}
/** Age bands as a clinic's system writes them, digits full-width in some rows. */
const ageBand = (rng: Rng): string => {
  const band = AGE_BANDS[Math.min(AGE_BANDS.length - 1, Math.floor(rng.float() ** 1.6 * AGE_BANDS.length))]!;
  return rng.chance(0.3) ? band.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) : band;
};
const vaccinationSpec = (file: string): Spec => ({
  ...dataset('vaccinations-2025', '滨城区2025年预防接种统计', file, '滨城区卫生健康局'),
  source: { path: file, acquiredAt: '2026-11-20', csv: { encoding: 'gb18030' } },
  columns: {
    col_1: drop, col_2: drop, col_3: drop,
    col_4: d('接种街道', { name: 'street' }), col_5: d('性别', { name: 'sex' }), col_6: d('col_6', { name: 'col_6' }),
    col_7: d('疫苗名称', { name: 'vaccine' }), col_8: d('剂次', { name: 'dose' }),
  },
  privacy: privacy(['col_4', 'col_5']),
});

// ------------------------------------------------------------------ public-housing list (公租房)
const ESTATES = ['阳光花园', '滨河小区', '锦绣城', '金色家园', '凤凰城', '渤海明珠苑'];
const ORIGINS = ['山东滨州', '山东省德州市', '山东东营', '河南省周口市', '河南商丘', '河北沧州', '安徽阜阳', '四川成都', '江苏省徐州市', '黑龙江哈尔滨', '内蒙古赤峰', '广西壮族自治区南宁市', '山东淄博', '山西运城'];
function housing(rows: number, seed: number, neutral: Neutral): Extract7 {
  const rng = new Rng(seed, 3);
  const direct = new Set<string>();
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const name = personName(rng);
    const id = idNo(rng);
    direct.add(name); direct.add(id);
    out.push([`GZF${String(20250000 + i)}`, name, id, rng.pick(ESTATES), rng.chance(0.5) ? '男' : '女', String(rng.range(1, 5)), neutral(rng), String(rng.pick([320, 450, 600, 780]))]);
  }
  return extract(['合同编号', '承租人', '证件号码', '小区', '性别', '家庭人口', '类别', '月租金（元）'], out, UTF8, direct);
}
const housingSpec = (file: string): Spec => ({
  ...dataset('public-housing-2025', '滨州市公租房保障对象统计', file, '滨州市住房和城乡建设局'),
  columns: {
    合同编号: drop, 承租人: drop, 证件号码: drop,
    小区: d('小区', { name: 'estate' }), 性别: d('性别', { name: 'sex' }), 家庭人口: d('家庭人口', { name: 'household' }),
    类别: d('类别', { name: 'kind' }), '月租金（元）': d('月租金（元）', { name: 'rent' }),
  },
  privacy: { ...privacy(['小区', '性别'], [], { 家庭人口: [2, 4] }) },
});

// ------------------------------------------------------------------ ordinary categories
const PRODUCT_TYPES = ['家用电器', '服装鞋帽', '食品饮料', '日用百货', '数码产品', '家具建材'];
const CASE_TYPES = ['行政处罚', '行政许可', '行政强制', '行政检查', '行政确认'];
const AMOUNT_BANDS = ['1000元以下', '1000-5000元', '5000-10000元', '1万元以上'];
const ordinary = (rng: Rng): string => rng.pick(rng.chance(0.4) ? PRODUCT_TYPES : rng.chance(0.5) ? CASE_TYPES : AMOUNT_BANDS);

interface Case { name: string; file: string; leak: Extract7; plain: Extract7; spec: (file: string) => Spec; neutral: string; known: string[] }
const ROWS = 1200;
const CASES: Case[] = [
  { name: '奖学金名单: 年级与班级 under 备注1', file: 'scholarships.csv', leak: scholarships(ROWS, 23, classOf), plain: scholarships(ROWS, 23, (rng) => ordinary(rng)), spec: scholarshipSpec, neutral: 'note1', known: ['college', 'sex'] },
  { name: '预防接种: 年龄段 under col_6 (GB18030, full-width digits)', file: 'vaccinations.csv', leak: vaccinations(ROWS, 29, ageBand), plain: vaccinations(ROWS, 29, ordinary), spec: vaccinationSpec, neutral: 'col_6', known: ['street', 'sex'] },
  { name: '公租房: 籍贯 under 类别', file: 'housing.csv', leak: housing(ROWS, 31, (rng) => rng.pick(ORIGINS)), plain: housing(ROWS, 31, ordinary), spec: housingSpec, neutral: 'kind', known: ['estate', 'sex', 'household'] },
];

describe.each(CASES)('$name', (c) => {
  it('kept raw beside the quasi-identifiers under k = 5: refused, naming the column (no value in the message)', async () => {
    writeFileSync(join(scratch.dir, c.file), extractBytes(c.leak));
    const o = await attemptRun(c.spec(c.file), { dir: scratch.dir });
    // Before the review read values, these published with records alone over what an attacker knows:
    // the figures show in the failure message.
    let leak = '';
    if (o.exit === 0) leak = JSON.stringify(belowK((await readBack(scratch.duck, o.result!, '', { header: [], attacker: [] })).p, [...c.known, c.neutral], K));
    expect(o.exit, leak || o.message).toBe(3);
    expect(o.message).toContain(c.neutral);
    for (const v of c.leak.direct) expect(o.message.includes(v), 'a value in the message').toBe(false);
  });

  it('the same extract with an ordinary category (product types, case types, amount bands) there: published, every record in a class of 5 over what an attacker knows', async () => {
    writeFileSync(join(scratch.dir, c.file), extractBytes(c.plain));
    const o = await attemptRun(c.spec(c.file), { dir: scratch.dir });
    expect(o.exit, o.message).toBe(0);
    const { p } = await readBack(scratch.duck, o.result!, '', { header: [], attacker: [] });
    expect(belowK(p, c.known, K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });
});

it('奖学金名单: the class column declared a quasi-identifier publishes, every record in a class of 5 with it (the fix the refusal names works)', async () => {
  const x = CASES[0]!;
  writeFileSync(join(scratch.dir, x.file), extractBytes(x.leak));
  const o = await attemptRun(scholarshipSpec(x.file, true), { dir: scratch.dir });
  expect(o.exit, o.message).toBe(0);
  const { p } = await readBack(scratch.duck, o.result!, '', { header: [], attacker: [] });
  expect(belowK(p, [...x.known, x.neutral], K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
});

describe('quasiByValues', () => {
  const many = (xs: string[], n = 200): string[] => Array.from({ length: n }, (_, i) => xs[i % xs.length]!);
  it.each([
    ['age', ['80-89周岁高龄津贴', '90-99周岁高龄津贴', '百岁老人长寿补贴', '经济困难老年人服务补贴', '失能老年人护理补贴']],
    ['age', ['６０岁以上', '18-59岁', '0-6月龄']],
    ['birth-date', ['1956年生', '80后', '1960年代出生', '90后']],
    ['sex', ['男', '女', '女性']],
    ['sex', ['M', 'F', 'F', 'M']],
    ['ethnicity', ['汉族', '回族', '维吾尔族', '满族']],
    ['origin', ['山东滨州', '河南省周口市', '广西壮族自治区南宁市', '四川']],
    ['place', ['东关村', '西安里社区', '张家村三组', '城关镇']],
    ['school', ['2021级', '22级软件', '软件2302班', '高二', '三年级二班']],
  ] as const)('%s by values: %j', (attribute, xs) => {
    expect(quasiByValues(many([...xs]))?.attribute).toBe(attribute);
  });

  it(`a category where ${QUASI_VALUE_SHARE * 100} % of the cells state an age is known; where fewer do, not`, () => {
    const at = (n: number): string[] => Array.from({ length: 100 }, (_, i) => (i < n ? '80岁以上高龄' : '低保'));
    expect(quasiByValues(at(QUASI_VALUE_SHARE * 100))?.attribute).toBe('age');
    expect(quasiByValues(at(QUASI_VALUE_SHARE * 100 - 1))).toBeNull();
  });

  it.each([
    ['product types', PRODUCT_TYPES], ['case types', CASE_TYPES], ['amount bands', AMOUNT_BANDS],
    ['sizes', ['S', 'M', 'L', 'XL', 'M', 'S']], ['awards', ['一等奖学金', '二等奖学金', '三等奖学金']],
    ['grades of disability', ['1级', '2级', '3级', '10级']], ['vaccines', VACCINES], ['doses', ['第1剂', '第2剂', '加强针']],
    ['statuses', ['已办结', '办理中', '不予受理', '已退回']], ['yes/no', ['是', '否']], ['durations', ['3个月', '6个月', '1年', '2年']],
    ['business scopes', ['批发零售', '住宿餐饮', '交通运输', '信息技术服务']],
  ] as const)('no attribute in ordinary %s', (_, xs) => {
    expect(quasiByValues(many([...xs]))).toBeNull();
  });
});
