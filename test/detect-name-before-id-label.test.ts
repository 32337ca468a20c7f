/**
 * A name right before a bracket that opens with the label of a person's number (由王小明（身份证…）代办):
 * the 社保 roster of unseen-domains-5b published 72 agents' names after redaction once the review stopped
 * refusing its mostly empty 备注 column. Counter-examples: units, places and relatives before the same bracket.
 */
import { describe, expect, it } from 'vitest';
import { detectValue } from '@tuomin/core';
import { insurancePayments } from './support/unseen-5b.js';

const names = (s: string): string[] => detectValue(s).filter((h) => h.type === 'person_name').map((h) => s.slice(h.start, h.end));
const ID = '370602194707150019';

describe('a name before （身份证…）, （电话…）, （手机…）', () => {
  it.each([
    [`由王小明（身份证${ID}）代办`, '王小明'],
    [`由高绍齐（身份证${ID}）代办`, '高绍齐'],
    [`由潘子豪（身份证${ID}）代办`, '潘子豪'],
    ['与欧阳娜娜（电话13912345678）结对', '欧阳娜娜'],
    [`由艾尼瓦尔·热合曼（身份证${ID}）代办`, '艾尼瓦尔·热合曼'],
    ['委托张三丰（手机13912345678）领取', '张三丰'],
  ])('%s: %s', (text, name) => {
    expect(names(text).some((n) => n.includes(name))).toBe(true);
  });

  it.each([`其父亲（身份证${ID}）`, `本人（身份证${ID}）`, '居委会（电话13912345678）', '由物业（电话13912345678）', `户主（身份证${ID}）`,
    '派出所（电话0543-1234567）', '由社区（电话0543-1234567）代办', '市民服务中心（联系电话0543-3160000）', `由其子女（身份证${ID}）代办`, '补办居民身份证（身份证遗失）'])('%s: no name', (text) => {
    expect(names(text)).toEqual([]);
  });

  it('every agent of the generated 社保 rosters (seeds 7-9, 3,000 rows each) is found whole', () => {
    for (const seed of [7, 8, 9]) {
      const x = insurancePayments(3000, seed);
      const at = x.header.indexOf('备注');
      const missed = x.rows.map((r) => r[at]!).filter((s) => s.startsWith('由')).filter((s) => {
        const name = s.slice(1, s.indexOf('（'));
        return !detectValue(s).some((h) => h.type === 'person_name' && h.start <= 1 && h.end >= 1 + name.length);
      });
      expect(missed, `seed ${seed}`).toEqual([]);
    }
  });
});
