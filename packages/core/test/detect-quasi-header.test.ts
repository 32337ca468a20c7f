import { describe, expect, it } from 'vitest';
import { quasiIdentifierHeader } from '../src/detect/index.js';

/** One list of quasi-identifier headers, used by the profile's drafts and the published-risk review. */
describe('quasiIdentifierHeader', () => {
  it('names the attribute and the hierarchy that fits it', () => {
    const cases: Array<[string, string | null, string?]> = [
      ['出生日期', 'birth-date', 'date'], ['出生地', 'origin', 'region'], ['籍贯', 'origin', 'region'], ['年龄', 'age', 'age'],
      ['patient_age', 'age', 'age'], ['page', null], ['性别', 'sex', 'plain'], ['家庭人口', 'household-size', 'count'],
      ['民族', 'ethnicity', 'plain'], ['职业', 'occupation', 'plain'], ['用人单位', 'employer', 'plain'], ['文化程度', 'education', 'plain'],
      ['就读学校', 'school', 'plain'], ['class_name', 'school', 'plain'], ['classification', null], ['婚姻状况', 'marital-status', 'plain'],
      ['现住址', 'place', 'region'], ['所在区县', 'place', 'region'], ['入院日期', 'event-date', 'date'], ['updated_at', 'event-date', 'date'],
      ['费用总额', null], ['科室', null],
    ];
    for (const [header, attribute, levels] of cases) {
      const q = quasiIdentifierHeader(header);
      expect(q?.attribute ?? null, header).toBe(attribute);
      if (levels) expect(q!.levels, header).toBe(levels);
    }
  });
  it('demographics are evidence of persons; places and event dates are not', () => {
    expect(quasiIdentifierHeader('性别')!.demographic).toBe(true);
    expect(quasiIdentifierHeader('现住址')!.demographic).toBe(false);
    expect(quasiIdentifierHeader('登记日期')!.demographic).toBe(false);
  });
});
