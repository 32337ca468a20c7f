/**
 * What an attacker knows, session 10 (docs/privacy.md "Business forms", docs/detection.md
 * "Origin by values"): the business form of a sole trader or a small shop (主体业态, 经营类别,
 * ztyt, jylb, business_type, or a neutral header over 食品摊贩/小餐饮/个体工商户) is what a
 * neighbour sees; an enterprise register's industry is no one's. Extracts of domains no fixture
 * covers, generated here: market stalls (集贸市场摊位), taxi licences by pinyin initials, street
 * vendors under English headers, an enterprise register with no person in it; and origins (籍贯)
 * by values beside columns that start with a province and are no one's origin (issuing
 * authorities, business locations, events' places, institutions).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { draftSpec, profileFile } from '@tuomin/publish';
import { parse } from 'yaml';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { attemptRun, belowK, d, dataset, drop, privacy, readBack, scratchWithDuck, type Spec } from './support/sweep-flow.js';
import { extractBytes, type Extract7 } from '../fixtures/lib/domains/unseen-7.js';
import { Rng } from '../fixtures/lib/rng.js';
import { quasiIdentifierHeader } from '../packages/core/src/detect/quasi-header.js';
import { quasiByValues } from '../packages/core/src/detect/quasi-values.js';

const K = 5;
const ROWS = 1200;
const scratch = scratchWithDuck('tuomin-known-10-');

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '高'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '霞', '建', '国'];
const PINYIN = ['Zhang Wei', 'Wang Fang', 'Li Na', 'Liu Yang', 'Chen Jie', 'Zhao Min', 'Sun Lei', 'Zhou Tao'];
const personName = (rng: Rng): string => rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
const idNo = (rng: Rng): string => `3716${rng.digits(14)}`;
const pad2 = (n: number): string => String(n).padStart(2, '0');
const UTF8: Extract7['shape'] = { encoding: 'utf-8', bom: false, eol: '\n', delimiter: ',' };
const GB: Extract7['shape'] = { encoding: 'gb18030', bom: false, eol: '\r\n', delimiter: ',' };
const extract = (header: string[], rows: string[][], shape: Extract7['shape'], direct: Set<string>, attacker: string[]): Extract7 =>
  ({ domain: '', header, rows, direct, canonical: new Set(), attacker, shape });

// ------------------------------------------------------------------ generators
const MARKETS = ['滨城区北镇农贸市场', '滨城区中海集贸市场', '沾化区富源市场', '惠民县城关大集', '博兴县乐安市场', '邹平市黛溪市场'];
const STALL_FORMS = ['食品摊贩', '小餐饮', '食杂店', '食品小作坊', '个体工商户'];
/** 集贸市场摊位登记: the stall holder, the market, the business form under a neutral header (类型), the month registered. */
function marketStalls(rows: number, seed: number): Extract7 {
  const rng = new Rng(seed, 1);
  const direct = new Set<string>();
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const name = personName(rng);
    const id = idNo(rng);
    const phone = `13${rng.digits(9)}`;
    direct.add(name); direct.add(id); direct.add(phone);
    out.push([`TW${String(10000 + i)}`, name, id, phone, rng.pick(MARKETS), rng.pick(STALL_FORMS), `2025-${pad2(rng.range(1, 12))}-${pad2(rng.range(1, 28))}`]);
  }
  return extract(['摊位号', '摊主', '身份证号', '联系电话', '市场名称', '类型', '登记日期'], out, UTF8, direct, ['市场名称', '类型', '登记日期']);
}
const stallSpec = (file: string, 类型: Spec): Spec => ({
  ...dataset('market-stalls-2025', '滨州市集贸市场摊位登记统计', file, '滨州市市场监督管理局'),
  columns: {
    摊位号: drop, 摊主: drop, 身份证号: drop, 联系电话: drop,
    市场名称: d('市场名称', { name: 'market' }), 类型,
    登记日期: d('登记月份', { name: 'month', rule: { type: 'generalize', method: 'date', unit: 'month' } }),
  },
  privacy: privacy(['市场名称', '登记日期']),
});

const COUNTIES = ['滨城区', '沾化区', '惠民县', '阳信县', '无棣县', '博兴县', '邹平市'];
const TAXI_KINDS = ['巡游出租汽车（个体）', '巡游出租汽车（公司）', '网络预约出租汽车', '农村客运'];
/** 出租汽车经营许可 by pinyin initials (GB18030): jylb 经营类别 under a header only, its values in no vocabulary. */
function taxiLicences(rows: number, seed: number): Extract7 {
  const rng = new Rng(seed, 2);
  const direct = new Set<string>();
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const name = personName(rng);
    const id = idNo(rng);
    direct.add(name); direct.add(id);
    out.push([`鲁交运管许可滨字${String(371600000 + i)}号`, name, id, rng.pick(COUNTIES), rng.pick(TAXI_KINDS), `${rng.range(2015, 2025)}`]);
  }
  return extract(['xkzh', 'jyz', 'sfzh', 'xq', 'jylb', 'fznf'], out, GB, direct, ['xq', 'jylb']);
}
const taxiSpec = (file: string, jylb: Spec): Spec => ({
  ...dataset('taxi-licences', '滨州市出租汽车经营许可统计', file, '滨州市交通运输局'),
  source: { path: file, acquiredAt: '2026-11-20', csv: { encoding: 'gb18030' } },
  columns: { xkzh: drop, jyz: drop, sfzh: drop, xq: d('区县', { name: 'county' }), jylb, fznf: d('发证年份', { name: 'year' }) },
  privacy: privacy(['xq', 'fznf']),
});

const VENDOR_KINDS = ['fruit stall', 'breakfast cart', 'shoe repair', 'key cutting', 'newspaper kiosk', 'snack cart', 'flower stall'];
/** Street-vendor permits under English headers (a vendor's name in pinyin): business_type under its header only. */
function streetVendors(rows: number, seed: number): Extract7 {
  const rng = new Rng(seed, 3);
  const direct = new Set<string>();
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const id = idNo(rng);
    direct.add(id);
    out.push([`SV${String(2025000 + i)}`, rng.pick(PINYIN), id, rng.pick(COUNTIES), rng.pick(VENDOR_KINDS), `${rng.range(2019, 2025)}`]);
  }
  return extract(['permit_no', 'vendor_name', 'id_no', 'district', 'business_type', 'permit_year'], out, UTF8, direct, ['district', 'business_type']);
}
const vendorSpec = (file: string, business: Spec): Spec => ({
  ...dataset('street-vendors', 'Street vendor permits 2019-2025', file, '滨州市城市管理局'),
  columns: { permit_no: drop, vendor_name: drop, id_no: drop, district: d('district', { name: 'district' }), business_type: business, permit_year: d('permit year', { name: 'year' }) },
  privacy: privacy(['district', 'permit_year']),
});

const INDUSTRIES = ['金属结构制造', '淀粉及淀粉制品制造', '道路货物运输', '应用软件开发', '其他土木工程建筑施工', '纺织服装制造', '化学原料制造', '农副食品加工'];
const FIRM_KINDS = ['有限责任公司', '有限责任公司（自然人投资或控股）', '股份有限公司', '有限责任公司（国有独资）'];
/** 企业登记信息: companies only (no 个体户, no person's column), 行业类型 under its header. */
function enterprises(rows: number, seed: number): Extract7 {
  const rng = new Rng(seed, 4);
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const county = rng.pick(COUNTIES);
    out.push([`91371600MA${String(3000000 + i)}`.slice(0, 18), `滨州${county}${rng.pick(['鑫源', '宏达', '金海', '恒通', '鲁北', '兴业', '瑞丰', '盛和'])}${rng.pick(['实业', '科技', '建材', '物流', '食品'])}有限公司${i}`,
      rng.pick(FIRM_KINDS), rng.pick(INDUSTRIES), String(rng.pick([50, 100, 200, 500, 1000, 3000])), county, `${rng.range(2000, 2025)}`, `${county}市场监督管理局`]);
  }
  return extract(['统一社会信用代码', '企业名称', '企业类型', '行业类型', '注册资本（万元）', '所在区县', '成立年份', '登记机关'], out, UTF8, new Set(), []);
}
const enterpriseSpec = (file: string): Spec => ({
  ...dataset('enterprises-2025', '滨州市企业登记信息', file, '滨州市市场监督管理局'),
  columns: {
    统一社会信用代码: d('统一社会信用代码', { name: 'uscc', allow: ['cn_uscc'], public: { reason: '市场主体登记管理条例 第三十五条（登记信息依法公示）' } }),
    企业名称: d('企业名称', { name: 'company', public: { reason: '市场主体登记管理条例 第三十五条（登记信息依法公示）' } }),
    企业类型: d('企业类型', { name: 'kind' }), 行业类型: d('行业类型', { name: 'industry' }),
    '注册资本（万元）': d('注册资本（万元）', { name: 'capital' }), 所在区县: d('所在区县', { name: 'county' }),
    成立年份: d('成立年份', { name: 'founded' }), 登记机关: d('登记机关', { name: 'authority' }),
  },
});

async function run(x: Extract7, file: string, spec: Spec) {
  writeFileSync(join(scratch.dir, file), extractBytes(x));
  return attemptRun(spec, { dir: scratch.dir });
}

// ------------------------------------------------------------------ business forms
describe('a business form of a sole trader or small shop is attacker-known, an enterprise\'s industry is not made so', () => {
  it('by header: 主体业态, 经营类别, 行业类型, pinyin initials and English spellings; no demographic (no evidence of persons by itself)', () => {
    const of = (h: string) => quasiIdentifierHeader(h);
    for (const h of ['主体业态', '经营业态', '经营类别', '行业类型', '行业类别', 'ztyt', 'JYLB', 'hylx', 'business type', 'Business_Category', 'businessForm']) {
      expect(of(h)?.attribute, h).toBe('occupation');
      expect(of(h)?.demographic, h).toBe(false);
    }
    // Neutral or enterprise headers name nothing here: 类别, category, 企业类型, 经营场所 (a place).
    expect(['类别', 'category', '企业类型', 'type'].map((h) => of(h)?.attribute ?? null)).toEqual([null, null, null, null]);
    expect(of('经营场所')?.attribute).toBe('place');
  });

  it('by values: a closed vocabulary of forms is counted when it is most of the column; enterprise kinds and industries are not', () => {
    const rng = new Rng(7, 9);
    const many = (vs: readonly string[], n = 400) => Array.from({ length: n }, () => rng.pick(vs));
    expect(quasiByValues(many(['食品销售经营者', '餐饮服务经营者', '单位食堂']))).toMatchObject({ attribute: 'occupation', demographic: false, share: 1 });
    expect(quasiByValues(many(STALL_FORMS))?.attribute).toBe('occupation');
    expect(quasiByValues(many(['食品销售经营者（网络经营）', '小餐饮', '食品摊贩']))?.attribute).toBe('occupation');
    // A market-entity register where 个体工商户 is a quarter of the kinds describes companies.
    expect(quasiByValues([...many(FIRM_KINDS, 300), ...many(['个体工商户'], 100)])).toBeNull();
    expect(quasiByValues(many(INDUSTRIES))).toBeNull();
    expect(quasiByValues(many(['便利店零售', '正餐服务', '洗染服务']))).toBeNull();
  });

  it('集贸市场摊位: the form under a neutral header (类型) kept raw beside the market and the month: refused naming it, never a value (before: exit 0, records below k)', async () => {
    const x = marketStalls(ROWS, 11);
    const o = await run(x, 'stalls.csv', stallSpec('stalls.csv', d('类型', { name: 'kind' })));
    expect(o.exit, o.message).toBe(3);
    expect(o.message).toContain('kind');
    for (const f of STALL_FORMS) expect(o.message.includes(f), 'a value in the message').toBe(false);
  });

  it('集贸市场摊位: the form declared a quasi-identifier: publishes, every record in a class of k over market, form and month', async () => {
    const x = marketStalls(ROWS, 11);
    const spec = stallSpec('stalls.csv', d('类型', { name: 'kind' }));
    spec.privacy = privacy(['市场名称', '类型', '登记日期']);
    const o = await run(x, 'stalls.csv', spec);
    expect(o.exit, o.message).toBe(0);
    const { p, attacker } = await readBack(scratch.duck, o.result!, stringify(spec), x);
    expect(belowK(p, attacker, K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });

  it('出租汽车 by pinyin initials (GB18030): jylb kept raw beside the county and the year: refused (before: exit 0)', async () => {
    const o = await run(taxiLicences(ROWS, 12), 'taxi.csv', taxiSpec('taxi.csv', d('经营类别', { name: 'kind' })));
    expect(o.exit, o.message).toBe(3);
    expect(o.message).toContain('kind');
  });

  it('street vendors, English headers: business_type kept raw beside the district and the year: refused (before: exit 0)', async () => {
    const o = await run(streetVendors(ROWS, 13), 'vendors.csv', vendorSpec('vendors.csv', d('business type', { name: 'business_type' })));
    expect(o.exit, o.message).toBe(3);
    expect(o.message).toContain('business_type');
  });

  it('the drafts of the three count the form and keep every record in a class of k over what an attacker knows', async () => {
    for (const [x, file] of [[marketStalls(ROWS, 11), 'stalls.csv'], [taxiLicences(ROWS, 12), 'taxi.csv'], [streetVendors(ROWS, 13), 'vendors.csv']] as const) {
      writeFileSync(join(scratch.dir, file), extractBytes(x));
      const spec = parse(fillCatalogMetadata(draftSpec(await profileFile(join(scratch.dir, file)), join(scratch.dir, `draft-${file}.yaml`), '2026-12-01'))) as Spec;
      spec.output = { ...spec.output, formats: ['csv'] };
      const o = await attemptRun(spec, { dir: scratch.dir });
      expect(o.exit, `${file}: ${o.message}`).toBe(0);
      const { p, attacker } = await readBack(scratch.duck, o.result!, stringify(spec), x);
      expect(belowK(p, attacker.filter((a) => p.columns.includes(a)), K), file).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
    }
  });

  it('an enterprise register (no person, no 个体户): 行业类型 and 企业类型 kept raw publish, hand-written and drafted (no false refusal)', async () => {
    const x = enterprises(ROWS, 14);
    const o = await run(x, 'firms.csv', enterpriseSpec('firms.csv'));
    expect(o.exit, o.message).toBe(0);
    const spec = parse(fillCatalogMetadata(draftSpec(await profileFile(join(scratch.dir, 'firms.csv')), join(scratch.dir, 'draft-firms.yaml'), '2026-12-01'))) as Spec;
    spec.output = { ...spec.output, formats: ['csv'] };
    const drafted = await attemptRun(spec, { dir: scratch.dir });
    expect(drafted.exit, drafted.message).toBe(0);
    expect(drafted.result!.rows).toBe(ROWS);
  });
});

// ------------------------------------------------------------------ origin by values (籍贯)
// Provinces with cities and a county or district of each.
const PLACES: ReadonlyArray<readonly [string, string, string, ReadonlyArray<readonly [string, string]>]> = [
  ['山东', '省', '', [['滨州', '惠民县'], ['济南', '历下区'], ['德州', '乐陵市'], ['临沂', '沂水县'], ['菏泽', '曹县']]],
  ['河南', '省', '', [['周口', '郸城县'], ['商丘', '睢县'], ['南阳', '邓州市'], ['信阳', '固始县']]],
  ['河北', '省', '', [['沧州', '献县'], ['邯郸', '磁县'], ['保定', '涿州市']]],
  ['安徽', '省', '', [['阜阳', '临泉县'], ['六安', '霍邱县']]],
  ['四川', '省', '', [['成都', '双流区'], ['南充', '阆中市'], ['绵阳', '三台县']]],
  ['江苏', '省', '', [['徐州', '沛县'], ['盐城', '阜宁县']]],
  ['黑龙江', '省', '', [['哈尔滨', '呼兰区'], ['齐齐哈尔', '讷河市']]],
  ['内蒙古', '自治区', '', [['赤峰', '宁城县'], ['通辽', '开鲁县']]],
  ['广西', '壮族自治区', '', [['南宁', '武鸣区'], ['桂林', '阳朔县']]],
  ['新疆', '维吾尔自治区', '', [['喀什', '疏勒县']]],
];
const AGENCY_CITY = ['公安局', '市场监督管理局', '卫生健康委员会', '交通运输局', '自然资源和规划局', '人力资源和社会保障局', '公安局交通警察支队', '人民政府'];
const AGENCY_PROV = ['公安厅', '市场监督管理局', '卫生健康委员会', '交通运输厅', '药品监督管理局', '人民政府'];
const ROADS = ['黄河五路', '渤海七路', '人民路', '解放路', '建设街', '中山路', '和平大街', '新华路'];
const LANDMARKS = ['泉城广场', '人民公园', '火车站', '汽车站', '万达广场', '中心医院', '第一中学', '体育中心', '农贸市场'];
const INSTITUTIONS = ['大学', '师范大学', '农业大学', '省立医院', '黄金集团', '高速集团', '电力公司', '职业学院', '广播电视台'];


/** 籍贯 as forms write it: 山东, 山东滨州, 山东省滨州市, 山东省滨州市惠民县, 广西壮族自治区南宁市, 内蒙古赤峰. */
function origin(rng: Rng): string {
  const [p, suf, , cities] = rng.pick(PLACES);
  const [c, x] = rng.pick(cities);
  const r = rng.float();
  if (r < 0.1) return p;
  if (r < 0.15) return `${p}${suf}`;
  if (r < 0.45) return `${p}${c}`;
  if (r < 0.75) return `${p}${suf}${c}市`;
  if (r < 0.9) return `${p}${suf}${c}市${x}`;
  return `${p}${c}${x}`;
}
/** 发证机关: 山东省滨州市公安局, 山东省公安厅. */
function authority(rng: Rng): string {
  const [p, suf, , cities] = rng.pick(PLACES);
  const [c] = rng.pick(cities);
  return rng.chance(0.7) ? `${p}${suf}${c}市${rng.pick(AGENCY_CITY)}` : `${p}${suf}${rng.pick(AGENCY_PROV)}`;
}
/** 经营场所 to the street or the door: 山东省滨州市惠民县人民路, …人民路128号. */
function businessPlace(rng: Rng): string {
  const [p, suf, , cities] = rng.pick(PLACES);
  const [c, x] = rng.pick(cities);
  const head = rng.chance(0.5) ? `${p}${suf}${c}市${x}` : `${p}${c}${x}`;
  return rng.chance(0.5) ? `${head}${rng.pick(ROADS)}` : `${head}${rng.pick(ROADS)}${1 + Math.floor(rng.float() * 600)}号`;
}
/** 事发地点: 山东省济南市历下区泉城广场. */
function eventPlace(rng: Rng): string {
  const [p, suf, , cities] = rng.pick(PLACES);
  const [c, x] = rng.pick(cities);
  return rng.chance(0.6) ? `${p}${suf}${c}市${x}${rng.pick(LANDMARKS)}` : `${p}${c}${rng.pick(LANDMARKS)}`;
}
/** Institutions named after a province: 山东大学, 山东省立医院, 河南高速集团. */
function institution(rng: Rng): string {
  const [p] = rng.pick(PLACES);
  return `${p}${rng.pick(INSTITUTIONS)}`;
}

describe('an origin by values (籍贯: 山东滨州, 河南省周口市) is told from authorities, locations, events\' places and institutions', () => {
  // Before (a province then any one or two runs of up to six characters), at seed 5, 50 columns of
  // 200 values each: origins 10,000/10,000 values; authorities 8,974, business locations 5,036,
  // events' places 10,000, institutions 10,000 values read as an origin, and 50 of 50 columns of
  // each counted (docs/detection.md, "Origin by values").
  it('generated: every origin spelling read, no column of the four others counted', () => {
    const rng = new Rng(5, 5);
    const figures: Record<string, [number, number]> = {};
    for (const [name, gen] of [['origin', origin], ['authority', authority], ['business', businessPlace], ['event', eventPlace], ['institution', institution]] as const) {
      let values = 0;
      let columns = 0;
      for (let c = 0; c < 50; c++) {
        const vs = Array.from({ length: 200 }, () => gen(rng));
        if (quasiByValues(vs)?.attribute === 'origin') columns++;
        for (const v of vs) if (quasiByValues([v])?.attribute === 'origin') values++;
      }
      figures[name] = [values, columns];
    }
    expect(figures).toEqual({ origin: [10000, 50], authority: [0, 0], business: [0, 0], event: [0, 0], institution: [0, 0] });
  });

  it('held out (spellings and places the rule was not tuned on): 20/20 origins, 3/20 others (two district-level places a 籍贯 can be)', () => {
    const origins = ['重庆市万州区', '上海市浦东新区', '北京市', '吉林省延边朝鲜族自治州', '湖南省湘西土家族苗族自治州', '湖北黄冈', '湖北省黄冈市麻城市', '黑龙江省齐齐哈尔市', '黑龙江齐齐哈尔', '内蒙古呼和浩特',
      '新疆乌鲁木齐', '河南周口市', '江苏南京', '山东省菏泽市', '浙江温州', '福建省泉州市晋江市', '甘肃省定西市', '云南省大理白族自治州', '广东潮汕', '辽宁省大连市'];
    const others = ['山东省滨州市中级人民法院', '山东省滨州市滨城区人民检察院', '河南省郑州市金水区花园路', '山东省济南市第一人民医院', '山东鲁花集团', '广东省深圳市腾讯科技', '浙江杭州西湖',
      '山东省滨州市惠民县石庙镇', '北京市朝阳区三里屯', '山东省滨州市人力资源市场', '江苏省苏州市工业园区', '上海市黄浦区外滩', '山东省滨州市公安局交警支队', '四川省成都市武侯祠',
      '山东省济南市历下区', '河北省石家庄市长安区', '湖南省长沙市岳麓书院', '陕西省西安市兵马俑', '山东省体育局', '广东省深圳市南山区科技园'];
    const read = (v: string): boolean => quasiByValues([v])?.attribute === 'origin';
    expect(origins.filter((v) => !read(v))).toEqual([]);
    expect(others.filter(read)).toEqual(['浙江杭州西湖', '山东省济南市历下区', '河北省石家庄市长安区']);
  });
});

// ------------------------------------------------------------------ a bare English weight or height
const castFloat = [{ type: 'cast', to: 'float64' }];
/** A courier's pickup log under English headers: a parcel's weight beside a waybill, no person's demographic. */
function courierLog(rows: number, seed: number): Extract7 {
  const rng = new Rng(seed, 6);
  const direct = new Set<string>();
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const phone = `13${rng.digits(9)}`;
    direct.add(phone);
    out.push([`SF${rng.digits(12)}`, rng.pick(PINYIN), phone, rng.pick(COUNTIES), (0.1 + rng.float() * 29.9).toFixed(2), `2025-${pad2(rng.range(1, 12))}-${pad2(rng.range(1, 28))}`]);
  }
  return extract(['waybill_no', 'sender_name', 'sender_phone', 'district', 'weight', 'pickup_date'], out, UTF8, direct, ['district', 'pickup_date']);
}
const courierSpec = (file: string): Spec => ({
  ...dataset('courier-pickups', 'Courier pickups 2025', file, '滨州市邮政管理局'),
  columns: {
    waybill_no: drop, sender_name: drop, sender_phone: drop, district: d('district', { name: 'district' }),
    weight: d('weight', { name: 'weight', type: 'number', rule: castFloat, measure: { reason: '包裹重量：寄件人以外无人知道' } }),
    pickup_date: d('pickup month', { name: 'month', rule: { type: 'generalize', method: 'date', unit: 'month' } }),
  },
  privacy: privacy(['district', 'pickup_date']),
});
/** A school health check under English abbreviations: wt and ht beside the sex and the age. */
function healthCheck(rows: number, seed: number): Extract7 {
  const rng = new Rng(seed, 7);
  const direct = new Set<string>();
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const id = idNo(rng);
    direct.add(id);
    const age = rng.range(7, 15);
    out.push([id, rng.chance(0.5) ? 'M' : 'F', String(age), rng.pick(COUNTIES), (18 + age * 3 + rng.float() * 12).toFixed(1), (110 + age * 5 + rng.float() * 20).toFixed(1)]);
  }
  return extract(['id_no', 'sex', 'age', 'district', 'wt', 'ht'], out, UTF8, direct, ['sex', 'age', 'district', 'wt', 'ht']);
}
const healthSpec = (file: string): Spec => ({
  ...dataset('school-health-2025', 'School health checks 2025', file, '滨州市卫生健康委员会'),
  columns: {
    id_no: drop, sex: d('sex', { name: 'sex' }), age: d('age', { name: 'age' }), district: d('district', { name: 'district' }),
    wt: d('wt', { name: 'wt', type: 'number', rule: castFloat, measure: { reason: '体检结果：外人无从知道' } }),
    ht: d('ht', { name: 'ht', type: 'number', rule: castFloat, measure: { reason: '体检结果：外人无从知道' } }),
  },
  privacy: privacy(['sex', 'age', 'district']),
});

describe('a bare English weight or height is a person\'s by the columns beside it', () => {
  it('by header and siblings: a demographic beside it makes it a body measure, a waybill or grams a thing\'s; no context: weight fails closed, wt names nothing', () => {
    const body = (h: string, siblings?: string[]): boolean => quasiIdentifierHeader(h, siblings)?.label.startsWith('body') ?? false;
    expect(body('weight', ['waybill_no', 'sender_name', 'district'])).toBe(false);
    expect(body('weight', ['快递单号', '寄件人'])).toBe(false);
    expect(body('weight (g)', ['name', 'district'])).toBe(false);
    expect(body('weight', ['name', 'sex', 'age'])).toBe(true);
    expect(body('Height (cm)', ['student_id', 'gender'])).toBe(true);
    expect(body('wt', ['id_no', 'sex', 'age'])).toBe(true);
    expect(body('ht', ['xm', 'xb', 'csrq'])).toBe(true);
    expect(body('ht', ['合同编号', '金额'])).toBe(false);
    expect(body('weight', ['name', 'district'])).toBe(true);
    expect(body('weight')).toBe(true);
    expect(body('wt')).toBe(false);
    expect(['parcel_weight', 'gross weight', 'Net Weight (kg)', 'item_height'].map((h) => body(h))).toEqual([false, false, false, false]);
    expect(['patient_weight', 'weight_kg', '体重', 'body_mass'].map((h) => body(h))).toEqual([true, true, true, true]);
  });

  it('a courier log: the parcel weight declared a measure no one knows publishes (before: refused as a body measure a declaration cannot cover)', async () => {
    const o = await run(courierLog(ROWS, 15), 'courier.csv', courierSpec('courier.csv'));
    expect(o.exit, o.message).toBe(0);
  });

  it('a health check: wt and ht declared measures beside the sex and the age are refused as body measures (before: exit 0, exact weights and heights published)', async () => {
    const o = await run(healthCheck(ROWS, 16), 'health.csv', healthSpec('health.csv'));
    expect(o.exit, o.message).toBe(3);
    expect(o.message).toMatch(/\bwt\b/);
    expect(o.message).toMatch(/body measurement/);
  });
});

describe('the drafts of a health check and a courier log', () => {
  it('publish with every record in a class of k over what an attacker knows (no false refusal of the draft)', async () => {
    for (const [x, file] of [[healthCheck(ROWS, 16), 'health-d.csv'], [courierLog(ROWS, 15), 'courier-d.csv']] as const) {
      writeFileSync(join(scratch.dir, file), extractBytes(x));
      const spec = parse(fillCatalogMetadata(draftSpec(await profileFile(join(scratch.dir, file)), join(scratch.dir, `draft-${file}.yaml`), '2026-12-01'))) as Spec;
      spec.output = { ...spec.output, formats: ['csv'] };
      const o = await attemptRun(spec, { dir: scratch.dir });
      expect(o.exit, `${file}: ${o.message}`).toBe(0);
      const { p, attacker } = await readBack(scratch.duck, o.result!, stringify(spec), x);
      expect(belowK(p, attacker.filter((a) => p.columns.includes(a)), K), file).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
    }
  });
});

// ------------------------------------------------------------------ per-person codes with no attribute beside them
const STREETS = ['黄河街道', '市中街道', '彭李街道', '北镇街道', '市西街道', '梁才街道', '杜店街道', '里则街道'];
/** 托育补贴发放: a child's file number repeated over the months paid; no sex, birth or age in the extract. */
function childcarePayments(children: number, seed: number, withNames: boolean): Extract7 {
  const rng = new Rng(seed, 8);
  const direct = new Set<string>();
  const out: string[][] = [];
  for (let i = 0; i < children; i++) {
    const file = `TY2025${String(rng.range(100000, 999999))}`;
    const name = personName(rng);
    const id = idNo(rng);
    direct.add(name); direct.add(id);
    const street = rng.pick(STREETS);
    for (let m = 1, n = rng.range(1, 6); m <= n; m++) {
      out.push([...(withNames ? [name, id] : []), file, street, `2025-${pad2(m)}`, String(rng.pick([300, 500, 600]))]);
    }
  }
  return extract([...(withNames ? ['幼儿姓名', '监护人身份证号'] : []), '档案编号', '街道', '发放月份', '补贴金额'], out, UTF8, direct, ['街道', '发放月份']);
}
const childcareSpec = (file: string, withNames: boolean): Spec => ({
  ...dataset('childcare-subsidy-2025', '滨城区2025年托育补贴发放明细', file, '滨城区卫生健康局'),
  columns: {
    ...(withNames ? { 幼儿姓名: drop, 监护人身份证号: drop } : {}),
    档案编号: d('档案编号', { name: 'file_no' }), 街道: d('街道', { name: 'street' }),
    发放月份: d('发放月份', { name: 'month' }), 补贴金额: d('补贴金额（元）', { name: 'amount' }),
  },
});
/** 垂钓许可核查: a fishing spot's number (1–2 digits, a thing's, used by anglers in turn) beside the angler's permit number. */
function fishingChecks(rows: number, seed: number): Extract7 {
  const rng = new Rng(seed, 9);
  const direct = new Set<string>();
  const anglers = Array.from({ length: 300 }, () => ({ name: personName(rng), permit: `DY${rng.digits(8)}` }));
  const out: string[][] = [];
  for (let i = 0; i < rows; i++) {
    const a = rng.pick(anglers);
    direct.add(a.name);
    out.push([a.name, a.permit, rng.pick(['三河湖', '秦皇河', '小开河']), String(rng.range(1, 60)), `2025-${pad2(rng.range(4, 10))}-${pad2(rng.range(1, 28))}`]);
  }
  return extract(['姓名', '垂钓证号', '水域', '钓位号', '核查日期'], out, UTF8, direct, ['水域']);
}
const fishingSpec = (file: string, permit: Spec): Spec => ({
  ...dataset('fishing-checks-2025', '滨州市垂钓许可核查记录', file, '滨州市农业农村局'),
  columns: {
    姓名: drop, 垂钓证号: permit, 水域: d('水域', { name: 'water' }), 钓位号: d('钓位号', { name: 'spot' }),
    核查日期: d('核查月份', { name: 'month', rule: { type: 'generalize', method: 'date', unit: 'month' } }),
  },
});

describe('per-person codes with no attribute beside them; 1–2 digit numbers are a thing\'s', () => {
  it("托育补贴: a child's file number repeated over the months paid, names and IDs dropped, no sex, birth or age anywhere: refused as a person's number by its repeats", async () => {
    const o = await run(childcarePayments(400, 17, true), 'childcare-named.csv', childcareSpec('childcare-named.csv', true));
    expect(o.exit, o.message).toBe(3);
    expect(o.codes).toContain('privacy/person-key');
    expect(o.message).toContain('file_no');
  });

  it("托育补贴 exported with no name, no ID and nothing personal in the spec: published with a warning naming the column (nothing says the records are persons'; an enterprise's file number repeats so too)", async () => {
    const o = await run(childcarePayments(400, 17, false), 'childcare-bare.csv', childcareSpec('childcare-bare.csv', false));
    expect(o.exit, o.message).toBe(0);
    const warnings = o.result!.reviews.flatMap((r) => r.reasons).filter((r) => r.severity === 'warning' && r.code === 'privacy/no-person-data');
    expect(warnings.map((w) => w.params?.singling)).toEqual(['file_no']);
  });

  it("垂钓许可: the angler's permit number kept is refused (no attribute beside it); dropped, the fishing spot's 1–2 digit number publishes as a thing's", async () => {
    const kept = await run(fishingChecks(ROWS, 18), 'fishing.csv', fishingSpec('fishing.csv', d('垂钓证号', { name: 'permit' })));
    expect(kept.exit, kept.message).toBe(3);
    expect(kept.codes).toContain('privacy/person-key');
    expect(kept.message).toContain('permit');
    expect(kept.message).not.toContain('spot');
    const dropped = await run(fishingChecks(ROWS, 18), 'fishing.csv', fishingSpec('fishing.csv', drop));
    expect(dropped.exit, dropped.message).toBe(0);
  });
});
