/**
 * Names in free text that a redact rule published (session 11, H4): rare given characters (翀 昶 彧 昀 堃)
 * after a role noun or a verb, surnames that are words (高 白 万 于 马 金 黄), a volunteer's partner
 * (与X结对服务, 和X一起, 陪同X, 帮扶X), on seven styles no sweep wrote (test/support/free-text-names-3.ts),
 * and what reading them costs on name-free sentences of the same styles (高速, 白天, 万元, 马路, 金额, 黄色).
 * A planted name counts as found when no part of it is left after the findings are masked, as the
 * redact rule masks them. Figures (seed 47, 150 sentences per style; before → now) in docs/detection.md.
 */
import { describe, expect, it } from 'vitest';
import { namedSentences, nameFreeSentences, STYLES } from './support/free-text-names-3.js';
import { countCaught, nameHidden, personNames as names } from './support/name-recall.js';

describe('the gaps the sweeps left (each published a name before)', () => {
  it('a surname that is a word with rare given characters after a weak context, and a rare two-character name opening a clause', () => {
    expect(names('信访人高绍齐（手机一三八一二三四五六七八）要求公开征收补偿标准。')).toEqual(['高绍齐']);
    expect(names('经核实，黄果反映情况属实。')).toEqual(['黄果']);
    expect(names('信访人常桀称垃圾清运不及时。')).toEqual(['常桀']);
    // 谢谢来电 repeats its first character, 江苏 is a province, 顾客 a person's noun: no names.
    for (const t of ['谢谢来电', '江苏来电反映高速拥堵', '，顾客投诉处理流程见附件。', '经核实，居民反映属实。']) expect(names(t), t).toEqual([]);
  });

  it('a volunteer\'s partner between 与/和/同/跟 and 结对/一起/一同, and after 陪同/帮扶', () => {
    expect(names('与吕翀结对服务')).toEqual(['吕翀']);
    expect(names('与文芮结对服务')).toEqual(['文芮']);
    expect(names('和万子懿一起参加社区环境整治')).toEqual(['万子懿']);
    expect(names('陪同田焘走访困难户')).toEqual(['田焘']);
    expect(names('帮扶宋昶，每周上门两次')).toEqual(['宋昶']);
    for (const t of ['与国家一起', '和家人一起清理垃圾', '与居委会共同开展宣传', '与石家庄结对服务', '陪同检查组查看', '帮扶困难户', '与高速交警一起']) expect(names(t), t).toEqual([]);
  });

  it('a role before a name and a form after one: 同学 is both, 已答复张大爷 is read once', () => {
    expect(names('同学王磊缺考')).toEqual(['王磊']);
    expect(names('彭嘉祎同学获三好学生称号。')).toEqual(['彭嘉祎']);
    expect(names('已答复张大爷（电话另附），信访人表示理解。')).toEqual(['张大爷']);
    expect(names('租客退租须提前一个月告知房东。')).toEqual([]);
  });
});

describe('recall on generated sentences of seven styles (seed 47, 150 each; the figure before in brackets)', () => {
  const xs = namedSentences(150, 47);
  // Asserted at the measured figure: a change that loses a name fails here.
  it.each([
    ['hotline', 148], // 110; left: 方潼反映 (a surname that is a word, one rare given character, opening a clause)
    ['petition', 150], // 135
    ['volunteer', 150], // 0
    ['police', 150], // 112
    ['court', 150], // 140
    ['school', 144], // 98; left: 关琮同学 (a surname that is a word and one rare character before 同学)
    ['hospital', 150], // 108
    ['firm', 67], // 67; left: the owner's two-character name with a rare character (宋琮家政服务中心): 秦汉科技 reads the same
  ] as const)('%s', (style, expected) => {
    const of = xs.filter((x) => x.style === style);
    expect(of).toHaveLength(150);
    expect(countCaught(of, nameHidden)).toBeGreaterThanOrEqual(expected);
  });

  it('plants 1,200 names over all eight frames of styles', () => {
    expect(xs).toHaveLength(150 * Object.keys(STYLES).length);
    expect(xs.every((x) => x.text.includes(x.name))).toBe(true);
  });
});

describe('false positives on name-free sentences of the same styles', () => {
  it('4,000 sentences with words surnames start (高速, 白天, 万元, 马路, 金额, 黄色) and groups as a volunteer\'s partner: 1 flagged (95 before)', () => {
    const texts = nameFreeSentences(4000, 47);
    const flagged = texts.filter((t) => names(t).length > 0);
    // The one: 高压线 read as the owner of 高压线建材经营部 (a firm's owner, as before this change).
    expect(flagged.length).toBeLessThanOrEqual(1);
    expect(flagged.every((t) => names(t).join() === '高压线')).toBe(true);
  });
});
