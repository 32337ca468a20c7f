/**
 * Coordinates, QQ numbers, WeChat IDs and pinyin names inside free text (core detectors), with
 * the false-positive corpus they must leave alone: prices, ratios, versions, IPs, case numbers,
 * temperatures, English words that look like pinyin, payment words after 微信.
 */
import { describe, expect, it } from 'vitest';
import { Table, Utf8, makeVector, vectorFromArray, type RecordBatch } from 'apache-arrow';
import { detectValue, personalMailbox, profileBatches, redact, scanBatches } from '../src/internal.js';

const NEW_TYPES = new Set(['geo_coordinate', 'qq_number', 'wechat_id', 'person_name']);

/** Findings of the four kinds as `type[text]`. */
function found(text: string, column = ''): string[] {
  return detectValue(text, { column }).filter((f) => NEW_TYPES.has(f.type)).map((f) => `${f.type}[${[...text].slice(f.start, f.end).join('')}]`);
}

describe('found in free text', () => {
  it.each([
    ['contact Zhang Wei at the office', 'person_name[Zhang Wei]'],
    ['联系人 Wang Xiaoming', 'person_name[Wang Xiaoming]'],
    ['联系人：Wang Xiaoming，电话未接', 'person_name[Wang Xiaoming]'],
    ['LI Na 已到场', 'person_name[LI Na]'],
    ['Driver: Chen Jing, plate unknown', 'person_name[Chen Jing]'],
    ['passenger Wei Zhang complained', 'person_name[Wei Zhang]'],
    ['由 ZHANG XIAOMING 签收', 'person_name[ZHANG XIAOMING]'],
    ['联系人 Xiaoming Wang', 'person_name[Xiaoming Wang]'],
    ['家属：LIU Yang', 'person_name[LIU Yang]'],
    ['北纬31度13分49秒', 'geo_coordinate[31度13分49秒]'],
    ['31.2304,121.4737', 'geo_coordinate[31.2304,121.4737]'],
    ['签收位置 121.473701, 31.230416 门口', 'geo_coordinate[121.473701, 31.230416]'],
    ['东经121.47° 北纬31.23°', 'geo_coordinate[121.47°] geo_coordinate[31.23°]'],
    ['lat 31.230416 lng 121.473701', 'geo_coordinate[31.230416] geo_coordinate[121.473701]'],
    ['经纬度：121.47,31.23', 'geo_coordinate[121.47,31.23]'],
    ['北纬31°13′49″', 'geo_coordinate[31°13′49″]'],
    ['GPS -33.8688, 151.2093', 'geo_coordinate[-33.8688, 151.2093]'],
    // A lone decimal of 6 places, 10-180: what a GPS exports, in a column that says nothing.
    ['121.473701', 'geo_coordinate[121.473701]'],
    ['QQ：123456789', 'qq_number[123456789]'],
    ['qq号 12345678', 'qq_number[12345678]'],
    ['加扣扣 987654321 详谈', 'qq_number[987654321]'],
    ['微信：wxid_abc123', 'wechat_id[wxid_abc123]'],
    ['微信号 zhang_wei88', 'wechat_id[zhang_wei88]'],
    ['VX: zhangwei88', 'wechat_id[zhangwei88]'],
    ['加V信 abc_1234', 'wechat_id[abc_1234]'],
    ['wechat ID: chen-jing-2019', 'wechat_id[chen-jing-2019]'],
    ['转账来自 wxid_k2j3h4g5f6', 'wechat_id[wxid_k2j3h4g5f6]'],
  ])('%s', (text, expected) => {
    expect(found(text).join(' ')).toBe(expected);
  });
});

describe('false-positive corpus: ordinary values stay unflagged', () => {
  const corpus = [
    // Decimals alone, amounts, ratios, measures with units, versions, IPs, dates, case numbers.
    '31.2304', '单价31.2304元', '金额 12.50, 13.75', '比例 0.1234,0.5678', '汇率 7.1234', '重量 12.3456kg', '面积 85.25平方米',
    '距离 3.25公里', '版本 1.2.3', 'v10.0.19041', '2024.03.15', '3.14159', '体温37.25°C', '坡度 12.5°', '(2024)京0105民初12345号',
    '运单号 SF1234567890123', '订单号 123456789', '工号 12345678', '合同编号 2024-0012345', '1:2.5000', '99.9999%',
    '12.3456 元, 13.4567 元', '得分 85.5000, 90.2500', '3.141593', '0.873421', '36.900000000000006', '12.299999999999999', '121.4737',
    // Account words without an account.
    '微信支付 200 元', 'WeChat Pay', '微信 transfer', '已加微信', 'QQ音乐会员', 'qq群', '微信公众号推送', '诚信经营', '信息 123456', 'WX-20240015', '案号 QQ-2024-000123',
    // English and brands that look like pinyin.
    'Lithium 电池', 'Li-ion 电池', 'Wang 记面馆', "Wang's Kitchen 王记", 'Hong Kong 分公司', 'Feng Shui consultant', 'Yin Yang',
    'He Said so', 'Made in China', 'Long Term Care', 'The Great Wall', 'Sun Life Insurance', 'Bank of China', 'Huawei Mate 60',
    'Li', 'Wang', 'Mr Wang', 'iPhone 15 Pro', 'Shanghai Disney', 'Tai Chi 课程', 'Kung Fu 培训', '联系人 Mike',
    'ZHONG GUO YIN HANG 营业厅', 'Zhong Shan 路', 'Huang He 大桥', 'BEI JING 分公司',
    // Degrees that are no position: whole degrees, minutes without seconds.
    '温度25度', '角度30度15分', '2024年度',
  ];
  it.each(corpus)('%s', (text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('whole columns by header', () => {
  it('QQ and WeChat columns, coordinate columns in text and as floats, pinyin names under a name header', async () => {
    const t = new Table({
      QQ: vectorFromArray(['123456789', '87654321', ''], new Utf8()),
      微信号: vectorFromArray(['zhangwei88', 'wxid_abc12345', 'li-na-1990'], new Utf8()),
      经度: vectorFromArray(['121.473701', '121.48', '121.5'], new Utf8()),
      lat: makeVector(Float64Array.from([31.230416, 31.2304, 31.2])),
      x: makeVector(Float64Array.from([121.4737, 121.47, 12.5])),
      price: makeVector(Float64Array.from([31.2304, 121.4737, 12.5])),
      订单号: vectorFromArray(['123456789', '87654321', '55555'], new Utf8()),
      姓名: vectorFromArray(['ZHANG WEI', 'Li Na', '张伟'], new Utf8()),
      // Integers under a QQ header: short numbers too (others below 10^8 are skipped).
      qq号: makeVector(Int32Array.from([12345678, 987654321, 42])),
    });
    const r = await scanBatches(t.schema, batches(t));
    const by = Object.fromEntries(r.findings.map((f) => [`${f.column} ${f.type}`, f.count]));
    expect(by).toEqual({
      'QQ qq_number': 2,
      '微信号 wechat_id': 3,
      // 121.5 is 0.1°: a district, not a person's position.
      '经度 geo_coordinate': 2,
      'lat geo_coordinate': 2,
      // Under x/y only 4 decimals or more count.
      'x geo_coordinate': 1,
      '姓名 person_name': 3,
      'qq号 qq_number': 2,
    });
  });

  it('the profile sees such columns whole (the draft drops them)', async () => {
    const n = 50;
    const t = new Table({
      qq: vectorFromArray(Array.from({ length: n }, (_, i) => String(10_000_000 + i * 7919)), new Utf8()),
      longitude: vectorFromArray(Array.from({ length: n }, (_, i) => (121 + i / 997).toFixed(6)), new Utf8()),
      备注: vectorFromArray(Array.from({ length: n }, (_, i) => (i % 2 ? `联系人 Wang Xiaoming，QQ：${123456 + i}` : '正常签收')), new Utf8()),
    });
    const p = await profileBatches(t.schema, batches(t));
    const det = (c: string, type: string) => p.columns.find((x) => x.name === c)!.detectors.find((d) => d.type === type);
    expect(det('qq', 'qq_number')).toMatchObject({ count: n, whole: n });
    expect(det('longitude', 'geo_coordinate')).toMatchObject({ count: n, whole: n });
    expect(det('备注', 'qq_number')).toMatchObject({ count: n / 2, whole: 0 });
    expect(det('备注', 'person_name')).toMatchObject({ count: n / 2, whole: 0 });
  });
});

describe('redact removes them from free text', () => {
  it('names, coordinates and accounts become tags; the rest stays', async () => {
    const t = new Table({ note: vectorFromArray(['LI Na 已到场，位置 31.230416,121.473701，QQ：123456789，微信号 zhang_wei88，运费 12.50 元'], new Utf8()) });
    const tr = redact({ columns: ['note'], replacement: 'tag' }).bind(t.schema);
    const out: string[] = [];
    for await (const b of tr.apply(batches(t))) out.push(String(b.getChildAt(0)!.get(0)));
    expect(out).toEqual(['〔姓名〕 已到场，位置 〔坐标〕，QQ：〔QQ号〕，微信号 〔微信号〕，运费 12.50 元']);
  });

  it('under a QQ, WeChat or coordinate header, what the residual scan reads there (bare accounts, 2-decimal positions)', async () => {
    const t = new Table({
      联系QQ: vectorFromArray(['123456789', '无'], new Utf8()),
      微信: vectorFromArray(['zhangwei88', '未提供'], new Utf8()),
      位置: vectorFromArray(['121.47,31.23', '门口'], new Utf8()),
    });
    const tr = redact({ columns: ['联系QQ', '微信', '位置'], replacement: 'tag' }).bind(t.schema);
    const out: string[] = [];
    for await (const b of tr.apply(batches(t))) for (let c = 0; c < 3; c++) out.push(...[0, 1].map((r) => String(b.getChildAt(c)!.get(r))));
    expect(out).toEqual(['〔QQ号〕', '无', '〔微信号〕', '未提供', '〔坐标〕', '门口']);
  });
});

describe('personalMailbox', () => {
  it.each([
    ['123456789@qq.com', 'number'], ['13812345678@163.com', 'number'], ['zhangwei88@163.com', 'name'], ['zhang.wei@gmail.com', 'name'],
    ['wei.zhang@gmail.com', 'name'], ['li_na@126.com', 'name'], ['liuyang1985@sina.com', 'name'], ['zhangwei@163.com', 'maybe-name'],
    ['hzsjj@163.com', null], ['xinfangban@126.com', null], ['huanbao@163.com', null], ['jiaoyu@163.com', null],
    ['zhangwei@bz.gov.cn', null], ['data@test.gov.cn', null], ['123456789@bzhb.gov.cn', null],
  ])('%s', (email, expected) => {
    expect(personalMailbox(email)).toBe(expected);
  });
});

async function* batches(t: Table): AsyncGenerator<RecordBatch> {
  for (const b of t.batches) yield b;
}
