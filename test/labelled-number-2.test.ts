/**
 * Labelled numbers in free text the detector missed (labelled-number.ts):
 * 1. a property certificate's serial written 不动产权证第n号 (with 证, as many forms write it);
 *    不动产权第n号 was already found;
 * 2. short per-person numbers (4-6 digits) right after a label that names one person's number:
 *    会员号10234, 借阅证号：20417, 学号 202103. A small library, gym or school numbers its people
 *    from 1, so under 7 characters they were left in the text.
 * Look-alikes that must stay clean: amounts, counts, years and document numbers next to the same
 * labels (会员卡余额10234元, 学号2023年入学, 第10234号文件, 参考号1234), 2,400 generated sentences.
 * Figures: docs/detection.md, "Labelled short numbers (H19)".
 */
import { describe, expect, it } from 'vitest';
import { detectValue } from '@tuomin/core';
import { Rng } from '../fixtures/lib/rng.js';

const N = 2400;
/** Findings that cover the planted number `num` at its place in `text`. */
function covers(text: string, num: string): boolean {
  const at = text.indexOf(num);
  return detectValue(text).some((h) => h.start <= at && h.end >= at + num.length);
}

const LABELS = ['会员号', '会员卡号', '会员编号', '学号', '工号', '职工编号', '借阅证号', '读者证号', '借书证号', '考生号',
  '准考证号', '病案号', '门诊号', '住院号', '就诊卡号', '患者编号', '个人编号', '参保号', '社保卡号', '医保卡号'];
const GAPS = ['', '：', ':', ' ', '码', '码：', '为', ' #', '： '];
const WHO = ['张伟', '李娜', '该读者', '患者', '学员王芳', '会员'];
const AFTER = ['', '的积分已清零', '，请于三日内办理', '已挂失', '（已核实）', '。', ' 逾期两本', '，联系电话见附件'];

function positive(r: Rng): { text: string; num: string } {
  const num = r.digits(4 + r.int(3));
  const text = `${r.pick(WHO)}${r.pick(LABELS)}${r.pick(GAPS)}${num}${r.pick(AFTER)}`;
  return { text, num };
}

/** Sentences with a number near the same labels that is nobody's: an amount, a count, a year, a document's number. */
const NEGATIVE: ((r: Rng, n: string) => string)[] = [
  (r, n) => `会员卡余额${n}元，${r.pick(WHO)}已确认`,
  (r, n) => `医保卡报销${n}元`,
  (r, n) => `${r.pick(WHO)}学号2023年入学，共${n}人参加`,
  (r, n) => `学号${n.slice(0, 4)}年启用的编码规则，依据第${n}号文件`,
  (_r, n) => `共${n}元`,
  (_r, n) => `第${n}号文件`,
  (r, n) => `会员号查询共${n}条记录，${r.pick(WHO)}不在其中`,
  (_r, n) => `参考号${n}`,
  (_r, n) => `档案号：${n}`,
  (_r, n) => `工号规则于${n.slice(0, 4)}年修订`,
  (_r, n) => `会员号已更新，本月消费${n}元`,
  (_r, n) => `借阅证号遗失，补办费${n}元`,
  (_r, n) => `病案号共${n}份已归档`,
  (_r, n) => `会员号${n}.50元为误录`,
  (_r, n) => `准考证号打印${n}份`,
  (_r, n) => `学号 ${n}名学生已注册`,
  (_r, n) => `住院号${n}%已核对`,
  (_r, n) => `依据京政发〔2023〕${n}号，社保卡号统一换发`,
  (_r, n) => `不动产权第${n.slice(0, 3)}页`,
  (_r, n) => `工号 ${n}届毕业生`,
];

describe('labelled numbers in free text (labelled-number.ts)', () => {
  it('finds 不动产权证第n号, alone and after its prefix', () => {
    for (const t of ['不动产权证第0012345号', '鲁(2023)滨州市不动产权证第0012345号', '粤（2021）广州市不动产权证第 20417号']) {
      const num = /第\s*(\d+)号/.exec(t)![1]!;
      expect(covers(t, num), t).toBe(true);
    }
  });

  it('finds short per-person numbers after their label: 会员号10234, 借阅证号：20417, 学号 202103', () => {
    for (const [t, num] of [['会员号10234', '10234'], ['借阅证号：20417', '20417'], ['学号 202103', '202103'], ['工号0815已离职', '0815'], ['就诊卡号为 123456', '123456']] as const) {
      expect(covers(t, num), t).toBe(true);
    }
  });

  it(`recall on ${N} generated sentences with a 4-6 digit number after its label`, () => {
    const r = new Rng(1901);
    let hits = 0;
    for (let i = 0; i < N; i++) { const p = positive(r); if (covers(p.text, p.num)) hits++; }
    expect(hits).toBe(N);
  });

  it(`false positives on ${N} sentences with amounts, counts, years and document numbers near the labels`, () => {
    const r = new Rng(1902);
    let fp = 0;
    for (let i = 0; i < N; i++) {
      const num = r.digits(4 + r.int(3));
      const text = NEGATIVE[i % NEGATIVE.length]!(r, num);
      if (covers(text, num)) fp++;
    }
    expect(fp).toBe(0);
  });
});
