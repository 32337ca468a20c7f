/**
 * Safe on documents we have never seen (session 12, S2): eight document styles no sweep wrote —
 * 12345 hotline work orders, police incident summaries (某某 placeholders beside real names), court
 * judgments, hospital discharge summaries, school notices, village committee minutes, social-work
 * case notes and an international office's English notes — each with a planted person and one or
 * two identifiers in spellings no sweep used (test/support/free-text-13.ts), and the same styles
 * with no person, full of numbers that are nobody's. A planted value counts as found when every
 * character of it is inside a finding, as the redact rule masks them; a name-free document counts
 * as a false positive when any finding of a personal type is in it (test/support/free-text-13-measure.ts).
 *
 * Seed 13, 300 documents per style (planted) and 300 (name-free). Before (HEAD 659a3e1) → now:
 *
 *   style           names before → now    identifiers before → now    false positives before → now
 *   hotline         242 → 300 / 300       436 → 450 / 450             46 → 0 / 300
 *   police          205 → 293 / 300       429 → 442 / 442             64 → 0 / 300
 *   court           276 → 300 / 300       435 → 450 / 450             64 → 0 / 300
 *   hospital        256 → 300 / 300       427 → 439 / 439             49 → 0 / 300
 *   school          193 → 300 / 300       433 → 447 / 447             61 → 0 / 300
 *   village         87  → 300 / 300       436 → 453 / 453             59 → 0 / 300
 *   social work     105 → 300 / 300       426 → 441 / 441             44 → 0 / 300
 *   international   0   → 300 / 300       300 → 300 / 300             0  → 0 / 300
 *
 * What was missed: an ID ending in Ⅹ (U+2169, 0 of 77), QQ glued to its number (QQ196876765: 42
 * of 65), names after 伙同, 将…带回, 请…家长, 同意…家纳入, 七年级三班, 参会人员：, 记录人：, 案主, 社工,
 * 村民…发言, 已联系…，, 第三人…述称, names run into the next field's label (主治医师：王伟公民身份号码…),
 * and every English name (Mr. James Miller, Applicant: Yuki Tanaka). What was read wrongly: 国药准字H/S
 * + 8 digits as a permit or passport (a drug's approval number), 发票代码 + 12 digits as a landline or a
 * mobile (an invoice code). 住院号 is read as a personal number and stays so: it is the key of one
 * patient's record (it is not among the look-alikes).
 *
 * Lawyers' names (委托诉讼代理人：X，…律师事务所律师) are redacted like any party's: the Supreme People's
 * Court's rules on publishing judgments online (法释〔2016〕19号 第十一条) keep an agent's name in the
 * judgment the court itself publishes, for that purpose; they do not make it public for any reuse
 * (PIPL Art. 27 allows processing published information only within a reasonable scope), the detector
 * cannot tell a lawyer from a relative acting as 公民代理人 (whose name is private), and a column that
 * holds only lawyers' names can be published with `public: { reason }` (docs/rules.md). Fail closed.
 */
import { describe, expect, it } from 'vitest';
import { PERSONAL_TYPES, detectValue } from '@tuomin/core';
import { SPELLINGS, cleanDocs, plantedDocs } from './support/free-text-13.js';
import { falsePositivesBy, recallBy } from './support/free-text-13-measure.js';

const found = (t: string): string[] => {
  const cps = [...t];
  return detectValue(t).map((f) => `${f.type}:${cps.slice(f.start, f.end).join('')}`);
};
const names = (t: string): string[] => found(t).filter((f) => f.startsWith('person_name:')).map((f) => f.slice(12));
const personal = (t: string): string[] => detectValue(t).filter((f) => PERSONAL_TYPES.has(f.type)).map((f) => f.type);

describe('the fixes, one by one (each failed before)', () => {
  it('an ID whose check character is the Roman numeral Ⅹ (U+2169), as an IME offers it for X', () => {
    expect(found('身份证号37010219800502369Ⅹ。')).toEqual(['cn_id:37010219800502369Ⅹ']);
    expect(found('（身份证370102 19800502 369Ⅹ）')).toEqual(['cn_id:370102 19800502 369Ⅹ']);
    // A wrong check digit before it, or a Roman numeral in a list: none.
    expect(personal('编号37010219800502361Ⅹ')).toEqual([]);
    expect(personal('第Ⅹ章')).toEqual([]);
  });

  it('QQ glued to its number (QQ196876765, qq12345678); not a code that starts with QQ and goes on with letters', () => {
    expect(found('QQ196876765。')).toEqual(['qq_number:196876765']);
    expect(found('联系qq12345678')).toEqual(['qq_number:12345678']);
    expect(personal('型号QQ2024A')).toEqual([]);
    expect(personal('QQ0123456')).toEqual([]);
  });

  it('a drug approval number (国药准字H20063082, S20063082) is no permit or passport; an invoice code (发票代码013001900111) no phone', () => {
    for (const t of ['药品批准文号国药准字H20063082', '国药准字S20063082', '国药准字Z20063082', '发票代码013001900111', '发票代码：037001900111', '发票号码12345678']) {
      expect(personal(t), t).toEqual([]);
    }
    // The same shapes without those words are still read.
    expect(found('回乡证H20063082')).toEqual(['hk_mo_tw_permit:H20063082']);
    expect(found('回拨号码013812345678')).toEqual(['cn_mobile:013812345678']);
  });

  it('names in police, village, school and social-work text after the words they follow there', () => {
    expect(names('经查，张某某伙同潘超实施诈骗，')).toEqual(['潘超']);
    expect(names('民警将潘娜带回所里调查，')).toEqual(['潘娜']);
    expect(names('请向欣怡家长于周五前到校签字，')).toEqual(['向欣怡']);
    expect(names('经村民代表会议表决，同意毛秀英家纳入低保，')).toEqual(['毛秀英']);
    expect(names('七年级三班廖海燕、手机+86 18667062352。')).toEqual(['廖海燕']);
    expect(names('参会人员：李强、')).toEqual(['李强']);
    expect(names('记录人：黎兰')).toEqual(['黎兰']);
    expect(names('村民汤珩发言：')).toEqual(['汤珩']);
    expect(names('案主韩卫东情绪低落，')).toEqual(['韩卫东']);
    expect(names('社工吕俊熙于本周二上门走访，')).toEqual(['吕俊熙']);
    expect(names('与服务对象梁霞面谈，')).toEqual(['梁霞']);
    expect(names('回访：已联系徐军，对办理结果表示满意。')).toEqual(['徐军']);
    expect(names('第三人邹卫东述称，')).toEqual(['邹卫东']);
  });

  it('a name run into the next field\'s label (主治医师：王伟公民身份号码…, 记录人：李娜附件：…)', () => {
    expect(names('主治医师：许振华公民身份号码370203550911723。')).toEqual(['许振华']);
    expect(names('记录人：胡思彤附件：身份证_371602195303173703_正面.jpg。')).toEqual(['胡思彤']);
    expect(names('个案对象：魏立新医保卡号：371648236920。')).toEqual(['魏立新']);
    expect(names('监护人：赵一诺车牌号宁EDG1908。')).toEqual(['赵一诺']);
  });

  it('English names after a title or a label for a person, not a place named after one nor an organisation', () => {
    expect(names('Mr. James Miller visited the office to renew his work permit.')).toEqual(['James Miller']);
    expect(names('Ms Olena Kovalenko called.')).toEqual(['Olena Kovalenko']);
    expect(names('Met Dr. Amara Okafor-Reid at the university.')).toEqual(['Amara Okafor-Reid']);
    expect(names('Applicant: Yuki Tanaka, nationality: Japan.')).toEqual(['Yuki Tanaka']);
    expect(names('the road named after Dr. Sun Yat-sen Road')).toEqual(['Sun Yat-sen']);
    for (const t of ['Applicant: Binzhou Trading Co, Ltd.', 'Name: Shandong University', 'Contact: the office', 'Name: N/A', 'Client: ABC', 'Mrs. and Mr. are titles', 'Mr. Speaker']) expect(names(t), t).toEqual([]);
  });

  // Known gap: after 将 only common given characters are read (将车辆带回, 将文件送至 are things), so a
  // name with a rare one is left (7 of 300 police summaries). Fails while the gap is open.
  it.fails('known gap — 将 before a name with a rare given character (民警将黎昀带回所里)', () => {
    expect(names('民警将黎昀带回所里调查，')).toEqual(['黎昀']);
  });

  it('the same words before ordinary text read no name (案主情绪低落, 民警将车辆带回, 同意方案, 三班倒)', () => {
    const texts = [
      '案主情绪低落，社工每周上门。', '村民代表会议表决通过。', '经查，张某某伙同他人实施诈骗。', '回访：已联系相关部门，对办理结果满意。',
      '七年级三班学生、家长到校。', '七年级三班全体同学获奖。', '民警将现场物品带回所里。', '请各位家长于周五前到校。', '村民发言：',
      '参会人员：村两委成员、村民代表。', '与服务对象面谈，', '第三人述称，', '实行三班倒工作制。', '同意王某某家纳入低保',
      '民警将车辆带回。', '民警将文件送至派出所。', '民警将马匹带回。', '将于下周召开', '将其带回', '将张某某带回',
    ];
    for (const o of ['方案', '成立', '施工', '文件', '任命', '温泉', '康复', '包干', '段落']) texts.push(`村民代表同意${o}。`);
    for (const t of texts) expect(personal(t), t).toEqual([]);
  });
});

describe('recall on generated documents of eight styles (seed 13, 300 each; the figure before in brackets)', () => {
  const docs = plantedDocs(300, 13);
  const byStyle = recallBy(docs, (d, p) => `${d.style} ${p.kind === 'name' ? 'names' : 'identifiers'}`);
  // Asserted at the measured figure: a change that loses a name or an identifier fails here.
  it.each([
    ['hotline', 300], // 242
    ['police', 293], // 205; left: 将 + a name with a rare given character (将黎昀带回: 将 moves things, only common given characters are read)
    ['court', 300], // 276
    ['hospital', 300], // 256
    ['school', 300], // 193
    ['village', 300], // 87
    ['socialwork', 300], // 105
    ['international', 300], // 0
  ] as const)('%s: names', (style, expected) => {
    const t = byStyle[`${style} names`]!;
    expect(t.planted).toBe(300);
    expect(t.found).toBeGreaterThanOrEqual(expected);
  });

  it('every identifier in every style (before: 3,322 of 3,422; Ⅹ 0 of 77, glued QQ 42 of 65)', () => {
    for (const [k, t] of Object.entries(byStyle)) if (k.endsWith('identifiers')) expect(t.found, `${k}: missed ${t.planted - t.found} (values not printed)`).toBe(t.planted);
  });

  it('every spelling is planted and found', () => {
    const bySpelling = recallBy(docs, (_d, p) => p.spelling);
    for (const s of Object.keys(SPELLINGS)) {
      const t = bySpelling[s];
      expect(t, s).toBeDefined();
      expect(t!.found, `${s}: missed ${t!.planted - t!.found}`).toBe(t!.planted);
    }
  });
});

describe('false positives on name-free documents of the same styles (order, invoice, case, tracking, lot numbers, statutes, stock codes, amounts, dates, 95xxx and 400 numbers)', () => {
  it('none of 2,400 documents has a personal finding (before: 387; 国药准字H… as a permit, 发票代码 as a phone)', () => {
    const fp = falsePositivesBy(cleanDocs(300, 13));
    expect(Object.keys(fp)).toHaveLength(8);
    expect(fp).toEqual({ hotline: 0, police: 0, court: 0, hospital: 0, school: 0, village: 0, socialwork: 0, international: 0 });
  });

  it('service numbers are nobody\'s: 95588, 12345, 400-xxx-xxxx are not redacted', () => {
    for (const t of ['客服热线95588', '请拨打12345热线', '服务电话400-820-8820', '工行95588、建行95533']) expect(personal(t), t).toEqual([]);
  });
});
