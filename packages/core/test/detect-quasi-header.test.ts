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
      // A department (科室) is where a patient is treated: a neighbour saw them go (session 11).
      ['费用总额', null], ['科室', 'place', 'plain'],
    ];
    for (const [header, attribute, levels] of cases) {
      const q = quasiIdentifierHeader(header);
      expect(q?.attribute ?? null, header).toBe(attribute);
      if (levels) expect(q!.levels, header).toBe(levels);
    }
  });
  it('where an event happened or a guest stayed is a place; what a neighbour sees of a car is a vehicle; the kind of ID shown tells nationality (a traffic and a hotel extract published them raw)', () => {
    for (const h of ['违法地点', '发生地点', '经营场所', 'hotel_name', '入住酒店', '宾馆名称']) expect(quasiIdentifierHeader(h)?.attribute, h).toBe('place');
    for (const h of ['车辆品牌', '车身颜色', '号牌种类', '车辆类型', 'vehicle_make', 'Vehicle Colour', 'plate_type']) expect(quasiIdentifierHeader(h)?.attribute, h).toBe('vehicle');
    for (const h of ['证件类型', '证件种类', 'id_type', 'ID Type', 'document_type']) expect(quasiIdentifierHeader(h)?.attribute, h).toBe('nationality');
    // Still the travel of a trip, not a car's looks.
    expect(quasiIdentifierHeader('交通工具')?.attribute).toBe('travel');
    expect(quasiIdentifierHeader('vehicle')?.attribute).toBe('travel');
  });
  it('a rank within a school or class is what a notice board tells (an exam extract published 校内排名 raw beside the school: every pupil alone)', () => {
    for (const h of ['校内排名', '班级排名', '年级名次', '位次', 'school_rank', 'Rank', 'ranking']) expect(quasiIdentifierHeader(h)?.attribute, h).toBe('rank');
    for (const h of ['frank_name', 'ranked_by', '姓名']) expect(quasiIdentifierHeader(h)?.attribute, h).not.toBe('rank');
  });

  it('the age at death a funeral register states (享年, 终年) is an age (published raw beside the sex and the place of registration: test/unseen-domains-13)', () => {
    for (const h of ['享年', '终年', '逝者享年', '享年（岁）']) expect(quasiIdentifierHeader(h), h).toMatchObject({ attribute: 'age', levels: 'age', demographic: true });
  });

  it('demographics are evidence of persons; places and event dates are not', () => {
    expect(quasiIdentifierHeader('性别')!.demographic).toBe(true);
    expect(quasiIdentifierHeader('现住址')!.demographic).toBe(false);
    expect(quasiIdentifierHeader('登记日期')!.demographic).toBe(false);
  });
});
