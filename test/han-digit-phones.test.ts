/**
 * Phones typed in words (han-digits.ts): recall on generated mobiles and landlines in several
 * spellings inside sentences, and no finding over the Han numerals of ordinary sentences (years,
 * quarters, article numbers, idioms). Generators are our own (seeded), not the unseen-9 fixture.
 */
import { describe, expect, it } from 'vitest';
import { detectValue } from '../packages/core/src/index.js';
import { mulberry32 } from '../fixtures/lib/rng.js';

const R = mulberry32(24);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(R() * xs.length)]!;
const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(R() * 10)).join('');

const PLAIN = '〇一二三四五六七八九';
const ZERO_LING = '零一二三四五六七八九';
const FINANCIAL = '零壹贰叁肆伍陆柒捌玖';
type Spell = (d: string) => string;
const SPELLINGS: Record<string, Spell> = {
  plain: (d) => [...d].map((c) => PLAIN[+c]).join(''),
  yao: (d) => [...d].map((c) => (c === '1' ? '幺' : c === '2' && R() < 0.5 ? '两' : ZERO_LING[+c])).join(''),
  financial: (d) => [...d].map((c) => FINANCIAL[+c]).join(''),
  // 138一二三四5678: some digits typed, some read out.
  mixed: (d) => [...d].map((c, k) => (k >= 3 && k < 7 ? PLAIN[+c] : c)).join(''),
  // 一三八 一二三四 五六七八: grouped as read out.
  spaced: (d) => [d.slice(0, 3), d.slice(3, 7), d.slice(7)].map((g) => [...g].map((c) => PLAIN[+c]).join('')).join(' '),
};
const AROUND = [
  (p: string) => `电话${p}，请尽快回电`,
  (p: string) => `联系人说手机是${p}，晚上打`,
  (p: string) => `${p}`,
  (p: string) => `有事打我${p}。`,
  (p: string) => `家属（${p}）反映情况属实`,
  (p: string) => `Call me at ${p} tomorrow`,
];
// Mobile prefixes in use (the detector checks the segment, so 154 or 141 is no mobile).
const PREFIXES = ['130', '133', '135', '136', '138', '139', '147', '150', '152', '158', '166', '177', '180', '186', '189', '198', '199'];
const AREA = ['010', '021', '0755', '0531', '0871', '023'];

/** A planted phone: the sentence, and the code-point span of the phone in it. */
function planted(): { text: string; start: number; end: number; spelling: string }[] {
  const out: { text: string; start: number; end: number; spelling: string }[] = [];
  for (let k = 0; k < 500; k++) {
    const spelling = pick(Object.keys(SPELLINGS));
    const landline = k % 5 === 4;
    const p = landline
      ? (() => {
          const a = pick(AREA);
          const sub = pick([...'2345678']) + digits(a.length === 3 ? 7 : 6);
          const s = SPELLINGS[spelling === 'mixed' || spelling === 'spaced' ? 'plain' : spelling]!;
          const sep = spelling === 'spaced' ? ' ' : pick(['', '-']);
          return `${s(a)}${sep}${spelling === 'mixed' ? sub.slice(0, 3) + s(sub.slice(3)) : s(sub)}`;
        })()
      : SPELLINGS[spelling]!(pick(PREFIXES) + digits(8));
    const text = pick(AROUND)(p);
    const start = [...text.slice(0, text.indexOf(p))].length;
    out.push({ text, start, end: start + [...p].length, spelling: landline ? `landline ${spelling}` : spelling });
  }
  return out;
}

const ORDINARY = [
  () => `${pick(['二〇二三', '二〇一九', '一九九八', '二〇二四', '二零二二'])}年${pick(['一', '二', '三', '十', '十二'])}月${pick(['五', '十八', '二十三'])}日召开会议`,
  () => `${pick(['一二三四', '一二', '三四'])}季度营收增长百分之${pick(['三十五', '十二', '七'])}`,
  () => `依据第${pick(['一二三', '四五', '一百二十三', '七十八'])}条之规定，处${pick(['三五', '五六', '七八'])}万元罚款`,
  () => `${pick(['三五成群', '七上八下', '一五一十', '三三两两', '四面八方', '九九归一'])}的人在${pick(['一二', '三四', '五六'])}号楼前聊天`,
  () => `${pick(['十一二', '七八', '二三十'])}岁的孩子有${pick(['五六', '三四十', '两三'])}个，分在${pick(['一二三', '四五六'])}班`,
  () => `2023年${pick(['一', '三'])}季度共${pick(['3', '15', '120'])}起，第${pick(['一', '二'])}批${pick(['五六七八', '一二三四五'])}户`,
  () => `口诀：一二三四五六七八九十，${pick(['九九八十一', '三七二十一', '二五一十'])}`,
  () => `编号${pick(['A', 'B'])}${digits(3)}，第${pick(['一二', '三'])}组，${pick(['一九八四', '二〇〇八'])}年版`,
];
const HAN = /[〇零一二三四五六七八九幺两壹贰叁肆伍陆柒捌玖]/u;

describe('phones typed in Han digits', () => {
  const cases = planted();
  it('finds all 500 planted mobiles and landlines in five spellings, each covering the whole phone', () => {
    const missed: string[] = [];
    for (const c of cases) {
      const hit = detectValue(c.text).some((f) => (f.type === 'cn_mobile' || f.type === 'cn_landline') && f.start <= c.start && f.end >= c.end);
      if (!hit) missed.push(`${c.spelling}: ${c.text}`);
    }
    expect(missed).toEqual([]);
  });

  it('no finding over the Han numerals of 3,000 ordinary sentences (years, quarters, articles, idioms)', () => {
    const bad: string[] = [];
    for (let k = 0; k < 3000; k++) {
      const text = pick(ORDINARY)();
      const cps = [...text];
      for (const f of detectValue(text)) if (HAN.test(cps.slice(f.start, f.end).join(''))) bad.push(`${f.type}: ${text}`);
    }
    expect(bad).toEqual([]);
  });

  it('a year or a short numeral beside typed digits is no phone; a run too short or without a mobile prefix is none', () => {
    for (const t of ['二〇二三年', '二〇二三12', '第一二三条123', '一二三四五六七八九〇一二', '二三八一二三四五六七八', '138一二三']) {
      expect(detectValue(t).filter((f) => f.type === 'cn_mobile' || f.type === 'cn_landline'), t).toEqual([]);
    }
  });
});
