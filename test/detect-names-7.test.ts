/**
 * Person names the detectors still missed after the sixth sweep, and what reading them costs on
 * text we have never seen:
 *  1. a Tibetan, Mongolian or Uyghur operator's name with no surname before a shop word
 *     (扎西多吉便利店, 阿依古丽服装店), or with a dot of another spelling (买买提・艾力烤肉店, 买买提.艾力);
 *  2. a two-character operator's name before a shop word (李强五金店, 王芳美发店), while brands,
 *     places and a given name alone (金海饭店, 黄河饭店, 国芳理发店, 老凤祥) stay clean;
 *  3. a name after a person's or a household's noun, with no lead-in word (该户张伟来电, 居民王芳反映).
 * The false positives are counted on generated shop and brand names, hotline and complaint
 * sentences, addresses and organisation names (seeded; the generators are below, not committed
 * data). The counts are asserted as measured (docs/detection.md, "Names the sixth sweep left").
 */
import { describe, expect, it } from 'vitest';
import { detectValue } from '@tuomin/core';
import { Rng } from '../fixtures/lib/rng.js';
import {
  DOTS, DOTTED, MATTERS, MINORITY_NAMES, ONE_GIVEN, PREFIXES, SHOP_WORDS, SURNAMES_BY_USE, VERBS, addresses, hotlineSentences, organisations,
  shopNamesWithoutPersons,
} from './support/names-7.js';
import { countCaught, nameFound, personNames as names, type PlantedName } from './support/name-recall.js';

const found = (t: string): string[] => detectValue(t).map((h) => `${h.type}:${[...t].slice(h.start, h.end).join('')}`);

// ---------------------------------------------------------------------------------------------

describe('1. a minority operator\'s name with no surname before a shop word', () => {
  it('the brief\'s shop names and the dots of other spellings (fail before)', () => {
    expect(found('扎西多吉便利店')).toEqual(['person_name:扎西多吉']);
    expect(found('买买提·艾力烤肉店')).toEqual(['person_name:买买提·艾力']);
    expect(found('阿依古丽服装店')).toEqual(['person_name:阿依古丽']);
    expect(found('买买提・艾力烤肉店')).toEqual(['person_name:买买提・艾力']);
    expect(found('滨城区买买提.艾力拉面馆')).toEqual(['person_name:买买提.艾力']);
    expect(found('拉萨市城关区斯琴高娃饭店')).toEqual(['person_name:斯琴高娃']);
    expect(found('巴特尔超市（二分店）')).toEqual(['person_name:巴特尔']);
    // The same dots under a name header, as a JSON name's value and after a context word (not `.` there: 王强.电话).
    const inColumn = (t: string, column: string): string[] => detectValue(t, { column }).map((h) => `${h.type}:${[...t].slice(h.start, h.end).join('')}`);
    for (const t of ['买买提・艾力', '买买提.艾力', '买买提．艾力', '阿依古丽•吐尔逊']) expect(inColumn(t, '姓名'), t).toEqual([`person_name:${t}`]);
    expect(found('{"姓名":"买买提・艾力"}')).toEqual(['person_name:买买提・艾力']);
    expect(found('联系人买买提・艾力')).toEqual(['person_name:买买提・艾力']);
    expect(found('联系人王强.电话另附')).toEqual(['person_name:王强']);
    // After a context word too, up to a boundary (斯 and 阿 are surnames: the parts are read first).
    expect(found('联系人扎西多吉')).toEqual(['person_name:扎西多吉']);
    expect(found('户主斯琴高娃，电话另附')).toEqual(['person_name:斯琴高娃']);
    expect(found('家属巴特尔陪同')).toEqual(['person_name:巴特尔']);
    expect(found('联系人阿依古丽')).toEqual(['person_name:阿依古丽']);
    expect(names('患者扎西德勒')).toEqual([]);
    // A greeting, a flower, a city, a lone part, a chain: no name.
    for (const t of ['扎西德勒饭店', '格桑花超市', '乌兰察布便利店', '乌兰超市', '新疆拉面馆', '兰州拉面馆', '1.鑫源便利店']) expect(names(t), t).toEqual([]);
  });

  it('recall on hand-written names (parts the detector does not list among them), each dot spelling', () => {
    const rng = new Rng(7, 75);
    const inShop = (name: string): PlantedName => ({ text: `${rng.pick(PREFIXES)}${name}${rng.pick(SHOP_WORDS)}`, name });
    const plain = MINORITY_NAMES.flatMap((name) => [0, 1, 2, 3].map(() => inShop(name)));
    const dotted = DOTTED.flatMap((base) => DOTS.map((dot) => inShop(base.replace('·', dot))));
    const hit = countCaught(plain, nameFound);
    const n = plain.length;
    const dotHit = countCaught(dotted, nameFound);
    const dotN = dotted.length;
    // Measured: 208 of 236 without a dot (the misses: one part of two characters, 旺堆 顿珠 强巴 嘉措 塔娜,
    // is not read alone; 阿拉坦仓 and 吐尔洪 have parts not listed), 70 of 70 dotted.
    expect(hit).toBeGreaterThanOrEqual(208);
    expect(n).toBe(236);
    expect(dotHit).toBe(dotN);
  });
});

describe('2. a two-character operator\'s name before a shop word', () => {
  it('the brief\'s shop names (fail before); brands, places and a given name alone stay clean', () => {
    expect(found('李强五金店')).toEqual(['person_name:李强']);
    expect(found('王芳美发店')).toEqual(['person_name:王芳']);
    expect(found('滨城区刘洋烧烤店')).toEqual(['person_name:刘洋']);
    expect(found('孙宁建材经营部')).toEqual(['person_name:孙宁']);
    for (const t of ['滨城区金海饭店', '滨州市无棣县国芳理发店', '黄河饭店', '张记面馆', '李家饭店', '孔府饭店', '韩国超市', '夏天便利店',
      '老凤祥便利店', '德克士快餐店', '华为维修部', '周一饭店', '江南饭店', '白云饭店', '高新超市', '万佳超市']) {
      expect(names(t), t).toEqual([]);
    }
  });

  it('recall on surname × one given character × shop word', () => {
    const rng = new Rng(7, 76);
    const N = 3000;
    const planted = Array.from({ length: N }, (): PlantedName => {
      const name = rng.pick([...SURNAMES_BY_USE]) + rng.pick([...ONE_GIVEN]);
      return { text: `${rng.pick(PREFIXES)}${name}${rng.pick(SHOP_WORDS)}`, name };
    });
    const hit = countCaught(planted, nameFound);
    // Measured 2,808 of 3,000 (93.6 %; 0 before): surnames that start brands (金 国 华 万 安 文 明 …)
    // and given characters of brands (福 发 达 金 …) are the price of a clean brand list.
    expect(hit).toBeGreaterThanOrEqual(2808);
  });
});

describe('3. a name after a person\'s or a household\'s noun, no lead-in word', () => {
  it('the brief\'s sentences (该户张伟来电 fails before); an adverb or a weekday is no name', () => {
    expect(found('该户张伟来电')).toEqual(['person_name:张伟']);
    expect(found('经查刘洋于2023年3月5日到场')).toEqual(['person_name:刘洋']);
    expect(found('其妻陈静称')).toEqual(['person_name:陈静']);
    expect(found('居民王芳反映楼上漏水')).toEqual(['person_name:王芳']);
    expect(found('村民欧阳晓燕来电咨询')).toEqual(['person_name:欧阳晓燕']);
    expect(found('昨晚张伟来电')).toEqual(['person_name:张伟']);
    for (const t of ['住户陆续投诉', '居民周一来电', '居民强烈反映', '群众普遍反映', '业主向物业反映', '居民向房东反映', '客户万一来电', '工人陈列反映']) {
      expect(names(t), t).toEqual([]);
    }
  });

  it('recall on noun × name × verb', () => {
    const rng = new Rng(7, 77);
    const N = 2000;
    const givenTwo = ['小明', '秀英', '建华', '志强', '晓燕', '雨桐', '子涵', '浩然', '思远', '海峰', '丽华', '俊杰'];
    const planted = Array.from({ length: N }, (): PlantedName => {
      const name = rng.pick([...'王李张刘陈杨赵黄周吴徐孙朱郭马罗梁宋郑谢韩唐冯']) + (rng.chance(0.5) ? rng.pick([...'伟娜敏静丽强磊军洋勇艳杰涛超霞刚']) : rng.pick(givenTwo));
      return { text: `${rng.pick(['该户', '住户', '居民', '村民', '商户', '用户', '老人', '员工', '学生', '游客', '房东', '网友', '会员', '对方'])}${name}${rng.pick(VERBS)}${rng.pick(MATTERS)}。`, name };
    });
    const hit = countCaught(planted, nameFound);
    // 229 of 2,000 before (after nouns that were context words already: 学生, 房东, 网友).
    expect(hit).toBe(N);
  });
});

describe('false positives on text with no person in it (generated, seeded)', () => {
  // Texts with a name read in them; of those, texts with a two-character name (the pair rule's share).
  const count = (texts: string[]): { texts: number; flagged: number; twoCharacter: number; examples: string[] } => {
    const flagged = texts.filter((t) => names(t).length > 0);
    const twoCharacter = flagged.filter((t) => names(t).some((n) => [...n].length === 2)).length;
    return { texts: texts.length, flagged: flagged.length, twoCharacter, examples: flagged.slice(0, 12) };
  };

  it('4,000 shop and brand names (chains, wishes, places, rivers, a given name alone)', () => {
    const r = count(shopNamesWithoutPersons(4000, 7));
    expect(r.texts).toBe(4000);
    expect(r.flagged, r.examples.join(' ')).toBeLessThanOrEqual(260);
    expect(r.twoCharacter, r.examples.join(' ')).toBeLessThanOrEqual(40);
  });

  it('4,000 hotline and complaint sentences with a noun, an adverb and a verb of reporting', () => {
    const r = count(hotlineSentences(4000, 7));
    expect(r.flagged, r.examples.join(' ')).toBeLessThanOrEqual(23);
  });

  it('2,000 addresses (some with a shop as a landmark) and 2,000 organisation names', () => {
    const a = count(addresses(2000, 7));
    const o = count(organisations(2000, 7));
    expect(a.flagged, a.examples.join(' ')).toBeLessThanOrEqual(0);
    expect(o.flagged, o.examples.join(' ')).toBeLessThanOrEqual(1);
  });
});
