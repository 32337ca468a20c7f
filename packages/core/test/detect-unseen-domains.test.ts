import { describe, expect, it } from 'vitest';
import { detectValue, quasiIdentifierHeader } from '../src/detect/index.js';

/** Found on generated extracts of domains no bundled spec covers (test/unseen-domains-2.test.ts). */
describe('detectors on unseen domains', () => {
  it('pinyin and initials headers of a legacy social-insurance roll name what an attacker knows', () => {
    const cases: Array<[string, string | null]> = [
      ['xb', 'sex'], ['xingbie', 'sex'], ['csrq', 'birth-date'], ['chushengriqi', 'birth-date'], ['nl', 'age'], ['mz', 'ethnicity'],
      ['dwmc', 'employer'], ['danweimingcheng', 'employer'], ['单位名称', 'employer'], ['cbrq', 'event-date'], ['canbaoriqi', 'event-date'],
      ['xl', 'education'], ['hyzk', 'marital-status'], ['addr', 'place'], ['jtzz', 'place'],
      // Two letters inside a word or an unrelated code say nothing.
      ['xbox', null], ['jfjs', null], ['khh', null], ['yhzh', null], ['grbh', null], ['jfzt', null], ['amount', null],
    ];
    for (const [header, attribute] of cases) expect(quasiIdentifierHeader(header)?.attribute ?? null, header).toBe(attribute);
  });

  it('names after parties of enforcement, sales and petitions, and before the words that follow them there', () => {
    const names = (t: string): string[] => detectValue(t).filter((h) => h.type === 'person_name').map((h) => t.slice(h.start, h.end));
    expect(names('共同被执行人刘雨欣下落不明')).toEqual(['刘雨欣']);
    expect(names('案外人孟博超提出执行异议')).toEqual(['孟博超']);
    expect(names('其配偶石伟祺提出执行异议')).toEqual(['石伟祺']);
    expect(names('其妻戴雨涵知情。')).toEqual(['戴雨涵']);
    expect(names('前夫王强拒不支付抚养费')).toEqual(['王强']);
    expect(names('物业经理赵雪松知情。')).toEqual(['赵雪松']);
    expect(names('包工头苏海燕知情。')).toEqual(['苏海燕']);
    expect(names('村支书林波知情。')).toEqual(['林波']);
    expect(names('反映秦智辉长期拖欠其工资')).toEqual(['秦智辉']);
    expect(names('投诉谢晶违规出租房屋')).toEqual(['谢晶']);
    // The words alone are no names.
    expect(names('反映问题已解决')).toEqual([]);
    expect(names('举报高空抛物')).toEqual([]);
    expect(names('反映王某长期拖欠')).toEqual([]);
    expect(names('投诉噪音扰民')).toEqual([]);
    expect(names('总经理办公会')).toEqual([]);
    expect(names('组长会议')).toEqual([]);
    expect(names('被执行人名下房产已查封')).toEqual([]);
    expect(names('案外人提出异议')).toEqual([]);
    expect(names('执行人员到场')).toEqual([]);
  });

  it('door addresses without a street number or with building-unit-room as one number', () => {
    const spans = (t: string): string[] => detectValue(t).filter((h) => h.type === 'address').map((h) => t.slice(h.start, h.end));
    expect(spans('山东省滨州市惠民县孙武街道幸福小区3栋2单元402')).toEqual(['山东省滨州市惠民县孙武街道幸福小区3栋2单元402']);
    expect(spans('家住滨城区黄河五路288号阳光花园12-2-301，常年独居')).toEqual(['滨城区黄河五路288号阳光花园12-2-301']);
    expect(spans('住锦绣城5幢1单元1102')).toEqual(['锦绣城5幢1单元1102']);
    // Counts of buildings, a bare estate and codes are no addresses.
    expect(spans('共建成12栋住宅')).toEqual([]);
    expect(spans('小区3栋楼下有积水')).toEqual([]);
    expect(spans('编号12-2-301')).toEqual([]);
    expect(spans('学校3栋教学楼')).toEqual([]);
  });
});
