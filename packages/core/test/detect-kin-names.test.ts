/**
 * Names after relatives, generated: kin word × surname (surnames that are also common words among
 * them) × rare given name × following word. Recall is the share of phrases whose name is found
 * exactly; precision is the share of reported name spans that are a generated name, over these
 * phrases and over generated negatives (kin word × an ordinary phrase that starts like a name).
 * Seeded, so the figures are repeatable; the test prints them.
 */
import { describe, expect, it } from 'vitest';
import { detectValue } from '../src/index.js';
import { mulberry32 as rng } from '../../../benchmarks/lib/random.js';

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const KIN = ['家属', '亲属', '配偶', '父亲', '母亲', '其父', '其母', '其子', '其女', '其夫', '其妻', '爷爷', '奶奶', '外公', '外婆', '家长', '监护人', '联系人', '紧急联系人'];
/** Surnames that are also common words (the hard case), then ordinary ones. */
const COMMON_WORD_SURNAMES = ['高', '于', '全', '白', '石', '林', '马', '钱', '金', '方', '向', '和', '包', '文', '安', '常'];
const PLAIN_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
/** Characters in no list of common given-name characters. */
const RARE_GIVEN = '癸霖蕤翀珩昶湉犇淏彧玥骢炟甯祎暄赟旻歆岿铖垚焜璠珣埕瀛翊湛祺霁钤沣槿皓劼颉'.split('');
const FOLLOWING = ['已签家校协议', '签字确认', '陪同入院', '代为签字', '代为办理', '外出务工', '长期卧床', '在院陪护', '。', '，电话另附', '', '已故', ' 已联系'];

/** Ordinary phrases after a relative that begin with a surname-like character. */
const NEGATIVES = [
  '高血压', '高血压病史10年', '高龄', '高热3天', '于今年去世', '于去年病故', '于2023年去世', '全身乏力', '全家外出', '常年在外地', '常年卧床',
  '安好', '和蔼可亲', '和爷爷代为接送', '和其父陪同', '文化程度低', '方便时联系', '向来体健', '向学校申请', '白天上班', '石膏固定', '林场工作',
  '马上赶到', '钱款已付', '金额已缴', '包括在内', '健在', '同意手术', '均在外地', '已签字', '未到场', '都同意。', '和他一起签字', '关系良好',
  '安排住院', '全权委托', '常住本地', '高度近视', '于医院陪护', '白血病史', '文盲。', '方可出院',
];

interface Figures { phrases: number; found: number; reported: number; correct: number; negatives: number; falsePositives: number }

function measure(n: number, surnames: readonly string[], seed: number): Figures {
  const r = rng(seed);
  const f: Figures = { phrases: 0, found: 0, reported: 0, correct: 0, negatives: 0, falsePositives: 0 };
  for (let i = 0; i < n; i++) {
    const given = r() < 0.7 ? pick(r, RARE_GIVEN) + pick(r, RARE_GIVEN) : pick(r, RARE_GIVEN);
    const name = pick(r, surnames) + given;
    const kin = pick(r, KIN);
    const text = `${kin}${name}${pick(r, FOLLOWING)}`;
    const cps = [...text];
    const names = detectValue(text).filter((x) => x.type === 'person_name').map((x) => cps.slice(x.start, x.end).join(''));
    f.phrases++;
    if (names.includes(name)) f.found++;
    f.reported += names.length;
    f.correct += names.filter((x) => x === name).length;
  }
  for (const kin of KIN) {
    for (const neg of NEGATIVES) {
      f.negatives++;
      const names = detectValue(`${kin}${neg}`).filter((x) => x.type === 'person_name');
      f.reported += names.length;
      if (names.length) f.falsePositives++;
    }
  }
  return f;
}

const pct = (a: number, b: number): string => `${(100 * a / b).toFixed(1)} %`;

describe('names after relatives: generated kin × surname × rare given name × following word', () => {
  it('surnames that are also common words: recall and precision', () => {
    const f = measure(3000, COMMON_WORD_SURNAMES, 7);
    console.log(`kin names, common-word surnames: recall ${pct(f.found, f.phrases)} (${f.found}/${f.phrases}), precision ${pct(f.correct, f.reported)}, negatives flagged ${f.falsePositives}/${f.negatives}`);
    expect(f.found / f.phrases).toBeGreaterThanOrEqual(0.99);
    expect(f.correct / f.reported).toBeGreaterThanOrEqual(0.99);
  });
  it('ordinary surnames: recall and precision', () => {
    const f = measure(2000, PLAIN_SURNAMES, 8);
    console.log(`kin names, ordinary surnames: recall ${pct(f.found, f.phrases)} (${f.found}/${f.phrases}), precision ${pct(f.correct, f.reported)}`);
    expect(f.found / f.phrases).toBeGreaterThanOrEqual(0.99);
    expect(f.correct / f.reported).toBeGreaterThanOrEqual(0.99);
  });
  it('the issue #13 remark and its neighbours', () => {
    const names = (t: string): string[] => { const cps = [...t]; return detectValue(t).filter((x) => x.type === 'person_name').map((x) => cps.slice(x.start, x.end).join('')); };
    expect(names('奶奶高癸霖已签家校协议')).toEqual(['高癸霖']);
    expect(names('监护人高癸霖')).toEqual(['高癸霖']);
    expect(names('其母于翀，电话另附')).toEqual(['于翀']);
    for (const t of ['其父高血压，', '母亲常年卧床', '其母于去年去世', '奶奶和爷爷代为接送', '奶奶都同意。', '父亲全身乏力。']) expect(names(t), t).toEqual([]);
  });
});
