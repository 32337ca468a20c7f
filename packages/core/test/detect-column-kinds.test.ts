/**
 * Column-level detectors of issue #13, usable under any header: person names (from the values'
 * surnames, length and characters), record/case numbers (code-shaped, near-unique) and the
 * sensitive categories of PIPL Art. 28 / GB/T 35273.
 */
import { describe, expect, it } from 'vitest';
import { codeShaped, nameColumnScore, nameSurname, recordNumberScore, sensitiveCategory } from '../src/internal.js';

const DOCTORS = ['汤伟诚', '李娜', '王建国', '欧阳明华', '陈静', '赵丽', '周杰', '吴敏', '郑凯', '孙婷', '马超', '朱玉涵'];
/** Many rows, few distinct doctors: the attending-doctor column of an admissions roster. */
const ATTENDING = Array.from({ length: 300 }, (_, i) => DOCTORS[(i * 7) % DOCTORS.length]!);

describe('nameColumnScore', () => {
  it('a column of names under a non-name header scores high, counted over distinct values', () => {
    const s = nameColumnScore(ATTENDING);
    expect(s.distinct).toBe(DOCTORS.length);
    expect(s.distinctShare).toBe(1);
    expect(s.surnames).toBeGreaterThanOrEqual(10);
    expect(s.confidence).toBeGreaterThan(0.9);
  });
  it('nulls, blanks and a few non-names lower the share, not the verdict', () => {
    const s = nameColumnScore([...ATTENDING, null, '', '  ', '不详', '无']);
    expect(s.values).toBe(302);
    expect(s.confidence).toBeGreaterThan(0.8);
  });
  it('categories, places, diagnoses and organisations are not names', () => {
    for (const column of [
      ['高中', '初中', '小学', '大专', '本科', '硕士'],
      ['汉族', '回族', '满族', '蒙古族', '维吾尔族'],
      ['心血管内科', '骨科', '妇产科', '精神科', '感染科'],
      ['HIV感染', '精神分裂症', '2型糖尿病', '肺结核', '抑郁症'],
      ['滨城区', '邹平市', '彭李街道', '小张村', '王家村'],
      ['山东鸿涛机械制造有限公司', '滨州市生态环境局', '滨州市市场监督管理局'],
      ['男', '女', '男', '女'],
      ['党员', '群众', '团员'],
      ['张某', '李某某', '王某'],
    ]) expect(nameColumnScore(column).confidence, column.join(',')).toBeLessThan(0.3);
  });
  it('one surname everywhere is weak evidence (王府井, 王家村 …)', () => {
    expect(nameColumnScore(['王府井', '王庄', '王楼', '王集', '王岗', '王店']).confidence).toBeLessThan(0.5);
  });
  it('nameSurname: single, compound, ambiguous and dotted names', () => {
    expect(nameSurname('张伟')).toBe('张');
    expect(nameSurname('欧阳明华')).toBe('欧阳');
    expect(nameSurname('高中')).toBe('');
    expect(nameSurname('高伟')).toBe('高');
    expect(nameSurname('阿依古丽·买买提')).toBe('买买提');
    expect(nameSurname('张三丰和李四')).toBe('');
  });
});

describe('recordNumberScore', () => {
  const n = 200;
  it('near-unique codes of a fixed length are record numbers, whatever the header', () => {
    const ids = Array.from({ length: n }, (_, i) => `ZY2024${String(i + 1).padStart(6, '0')}`);
    const s = recordNumberScore(ids, '备注');
    expect(s.share).toBe(1);
    expect(s.distinctRatio).toBe(1);
    expect(s.confidence).toBeGreaterThan(0.9);
    expect(recordNumberScore(ids, '住院号').header).toBe(true);
    expect(recordNumberScore(Array.from({ length: n }, (_, i) => `滨环罚〔2024〕${i + 1}号`), '').confidence).toBeGreaterThan(0.6);
    expect(recordNumberScore(Array.from({ length: n }, (_, i) => `${2300000 + i * 7}`), '').confidence).toBeGreaterThan(0.9);
  });
  it('identifiers masked upstream still single out records', () => {
    const masked = Array.from({ length: n }, (_, i) => `370104********${String(1000 + i)}`);
    expect(recordNumberScore(masked).confidence).toBeGreaterThan(0.9);
  });
  it('dates, amounts, small integers, categories and repeated codes are not', () => {
    const dates = Array.from({ length: n }, (_, i) => `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`);
    const amounts = Array.from({ length: n }, (_, i) => (1000 + i * 13.37).toFixed(2));
    const small = Array.from({ length: n }, (_, i) => String(i + 1));
    const repeated = Array.from({ length: n }, (_, i) => `DEPT${String(i % 5).padStart(3, '0')}`);
    for (const v of [dates, amounts, small, repeated, ['男', '女']]) expect(recordNumberScore(v).confidence).toBeLessThan(0.2);
    expect(codeShaped('20240131')).toBe(false);
    expect(codeShaped('12345.67')).toBe(false);
    expect(codeShaped('LHGSHDWBEVPVY78H1')).toBe(true);
  });
});

describe('sensitiveCategory', () => {
  const asOf = new Date('2025-06-30');
  it('diagnoses by values under any header, and ICD-10 codes', () => {
    const dx = ['HIV感染', '精神分裂症', '2型糖尿病', '社区获得性肺炎', '股骨颈骨折', '足月妊娠'];
    expect(sensitiveCategory(dx, '备注')).toMatchObject({ category: 'health', by: 'values' });
    expect(sensitiveCategory(dx, '诊断')).toMatchObject({ category: 'health', by: 'header+values', confidence: 0.95 });
    expect(sensitiveCategory(['B20', 'F20.0', 'E11.9', 'J18.9', 'S72.0'], 'code')).toMatchObject({ category: 'health' });
  });
  it('a health column that is mostly 健康 is still one (its other values are diagnoses)', () => {
    const v = [...Array(40).fill('健康'), '癫痫', '哮喘', '先天性心脏病', '过敏性鼻炎'];
    expect(sensitiveCategory(v, '特殊情况')?.category).toBe('health');
  });
  it('religion, biometrics, financial accounts, whereabouts', () => {
    expect(sensitiveCategory(['佛教', '无宗教信仰', '伊斯兰教', '基督教'], 'x')?.category).toBe('religion');
    expect(sensitiveCategory(['a1b2', 'c3d4'], '指纹特征')).toMatchObject({ category: 'biometric', by: 'header' });
    expect(sensitiveCategory(['6228480402564890018', '6222021234567890128', '4111111111111111'], '卡')?.category).toBe('financial');
    expect(sensitiveCategory(['117.123456,36.654321', '117.223344,36.771122'], '')?.category).toBe('whereabouts');
    expect(sensitiveCategory(['2024-03-01 08:15 济南西站', '2024-03-01 12:40 北京南站'], '')?.category).toBe('whereabouts');
    expect(sensitiveCategory(['济南西站→北京南站', '滨州→淄博'], '')?.category).toBe('whereabouts');
  });
  it('minors under 14: ages, birth dates under a birth header, ages written 岁', () => {
    expect(sensitiveCategory(['8', '35', '41'], '年龄', { asOf })).toMatchObject({ category: 'minor' });
    expect(sensitiveCategory(['2016-05-01', '1980-01-01'], '出生日期', { asOf })).toMatchObject({ category: 'minor', by: 'values' });
    expect(sensitiveCategory(['6岁', '9岁'], '', { asOf })?.category).toBe('minor');
    expect(sensitiveCategory(['1990-05-01', '1980-01-01'], '出生日期', { asOf })).toBeNull();
    expect(sensitiveCategory(['35', '41', '20'], '年龄', { asOf })).toBeNull();
  });
  it('ordinary columns have no category', () => {
    for (const [v, h] of [
      [['滨城区', '邹平市'], '所在区县'],
      [['一般项目：机械设备研发；建筑材料销售。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）'], '经营范围'],
      [['超速', '未系安全带'], '违法行为'],
      [['8', '9', '12'], '数量'],
      [['1234.50', '88.00'], '金额'],
    ] as [string[], string][]) expect(sensitiveCategory(v, h, { asOf }), h).toBeNull();
  });
});
