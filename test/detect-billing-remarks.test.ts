/**
 * A water-billing register's remarks (代缴人孟英，电话…, 户主阎晓芳, 萧英宏反映水表漏水), written by
 * the lead as a user would and published with a hand-written `redact`: 364 payers' names after
 * 代缴人, the surnames 萧, 阎 and 赖 (赖 is in the top hundred) never read as surnames, and mobiles of
 * a segment not in the table (194…) after 电话 were published with exit 0. Each now found whole;
 * ordinary words with those characters are not names.
 */
import { describe, expect, it } from 'vitest';
import { detectValue } from '@tuomin/core';
import { Rng } from '../fixtures/lib/rng.js';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红玉春梅海燕德胜宏晓东子涵浩然欣怡梓轩雨桐';

function remark(rng: Rng): { text: string; planted: string[] } {
  const name = SURNAMES[rng.int(SURNAMES.length)]! + GIVEN[rng.int(GIVEN.length)]! + (rng.chance(0.5) ? GIVEN[rng.int(GIVEN.length)]! : '');
  const phone = `1${'3589'[rng.int(4)]}${rng.digits(9)}`;
  const odd = `19${'4'}${rng.digits(8)}`;
  switch (rng.int(5)) {
    case 0: return { text: `代缴人${name}，电话${phone}`, planted: [name, phone] };
    case 1: return { text: `代缴人${name}，电话${odd}`, planted: [name, odd] };
    case 2: return { text: `${name}反映水表漏水`, planted: [name] };
    case 3: return { text: `欠费两期，户主${name}`, planted: [name] };
    default: return { text: `缴款人${name}（手机${odd}）已补缴`, planted: [name, odd] };
  }
}

const covered = (text: string, value: string): boolean => {
  const at = text.indexOf(value);
  return detectValue(text).some((h) => h.start <= at && h.end >= at + value.length);
};

describe('a billing register\'s remarks', () => {
  it('payers, householders and callers named, and every phone after its label, are found whole (2,000 remarks; at most 0.5 % missed)', () => {
    const rng = new Rng(12, 7);
    let planted = 0;
    const missed: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const r = remark(rng);
      for (const v of r.planted) { planted++; if (!covered(r.text, v)) missed.push(r.text.replace(v, '〇')); }
    }
    expect(planted).toBeGreaterThan(3000);
    // Left (9 of 3,200 at this seed): a two-character name ending in 东 or 子 that opens the cell
    // (毛东反映…, 杜子反映…) and 户主文明, which is also a word. Before (cd3b7d5): 1,686 missed.
    expect(missed.length, `missed (values hidden): ${missed.slice(0, 5).join(' | ')}`).toBeLessThanOrEqual(planted * 0.005);
  });

  it.each(['依赖性强，需长期服药', '客户赖账不还', '无赖行为已报警', '信赖保护原则', '萧条的市场', '阎王殿景区门票', '订单号19409048049', '流水号19409048049已核销'])('%s: nothing found', (text) => {
    expect(detectValue(text).filter((h) => h.type === 'person_name' || h.type === 'cn_mobile')).toEqual([]);
  });
});
