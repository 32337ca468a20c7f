/**
 * Free text names people by a surname and a form of address (张先生, 李女士, 王阿姨, 刘师傅, 小陈, 老刘),
 * before 同志 (高帅同志：您好), and at a cell's start before 、 + another name, 的 + a relative or （
 * (张军、王绍齐两户…, 王烨华的父亲…, 黄馨羽（微信号…）). Beside the topic, the month and the unit such a
 * form points to one household (test/unseen-domains-9.test.ts), so it is read as a person's name
 * (fail closed, docs/detection.md "Forms of address"). Recall on generated forms × sentences, and the
 * false positives on generated ordinary sentences that use the same words with no person in them
 * (seeded; counts asserted as measured).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../fixtures/lib/rng.js';
import { ONE_GIVEN, SURNAMES_BY_USE } from './support/names-7.js';
import { countCaught, nameFound, personNames as names, type PlantedName } from './support/name-recall.js';


const FORMS = ['先生', '女士', '小姐', '阿姨', '师傅', '大爷', '大妈', '老师', '同志', '大姐', '大哥'];
// Surnames a word also starts or ends (高, 于, 方, 任 …) are not all read after another character: the figures below say how many.
const SURNAMES = [...SURNAMES_BY_USE];
const SENTENCES: Array<(x: string) => string> = [
  (x) => `${x}反映小区物业不作为，垃圾无人清运。`,
  (x) => `已联系${x}，问题已解决。`,
  (x) => `已答复${x}（电话另附），信访人表示理解。`,
  (x) => `${x}表示满意。`,
  (x) => `经核实，${x}反映情况属实。`,
  (x) => `电话回访，${x}说小区路灯已修好。`,
];

describe('a surname and a form of address is read as a name (the whole form)', () => {
  it('the forms the hotline sweep published', () => {
    expect(names('张先生反映其位于黄河五路的房屋被人占用')).toEqual(['张先生']);
    expect(names('已联系李女士，社区网格员小王于2025-08-19上门查看')).toEqual(['李女士', '小王']);
    expect(names('王阿姨说小区物业不作为')).toEqual(['王阿姨']);
    expect(names('已答复张大爷（电话另附），信访人表示理解。')).toEqual(['张大爷']);
    expect(names('已答复老刘（电话另附）')).toEqual(['老刘']);
    expect(names('已联系欧阳女士')).toEqual(['欧阳女士']);
    // A full name before the form stays the name read (吴洋女士来电), 同志 too.
    expect(names('吴洋女士来电')).toEqual(['吴洋']);
    expect(names('张军同志：您好！')).toEqual(['张军']);
  });

  it('names that open a cell before 、, 的 + a relative, or （', () => {
    expect(names('张军、王绍齐两户因宅基地界址发生纠纷')).toEqual(['张军', '王绍齐']);
    expect(names('王烨华的父亲张强已到现场签字确认。')).toEqual(['王烨华', '张强']);
    expect(names('黄馨羽（微信号abc）反映家电质量有问题')).toEqual(['黄馨羽']);
    expect(names('来信人徐健，email 另附')).toEqual(['徐健']);
  });

  it(`recall on ${SURNAMES.length} surnames × ${FORMS.length} forms × ${SENTENCES.length} sentences, and 小/老 + surname`, () => {
    const planted = SURNAMES.flatMap((s) => [...FORMS.map((f) => `${s}${f}`), `小${s}`, `老${s}`].flatMap((f) => SENTENCES.map((make): PlantedName => ({ text: make(f), name: f }))));
    const n = planted.length;
    const hit = countCaught(planted, nameFound);
    console.log(`forms of address: ${hit}/${n}`);
    expect(hit / n).toBeGreaterThanOrEqual(0.9);
  });

  it('recall on names that open a cell (surname × common given × 、/的父亲/（)', () => {
    const rng = new Rng(23);
    const planted = Array.from({ length: 2000 }, (): PlantedName => {
      const a = `${rng.pick(SURNAMES)}${rng.pick([...ONE_GIVEN])}${rng.chance(0.5) ? rng.pick([...ONE_GIVEN]) : ''}`;
      const b = `${rng.pick(SURNAMES)}${rng.pick([...ONE_GIVEN])}${rng.pick([...ONE_GIVEN])}`;
      return { text: rng.pick([`${a}、${b}两户因宅基地发生纠纷。`, `${a}的${rng.pick(['父亲', '母亲', '儿子', '女儿', '妻子', '丈夫'])}${b}已到现场签字确认。`, `${a}（微信号abc）反映问题。`]), name: a };
    });
    const n = planted.length;
    const hit = countCaught(planted, nameFound);
    console.log(`names opening a cell: ${hit}/${n}`);
    expect(hit / n).toBeGreaterThanOrEqual(0.85);
  });
});

// Ordinary sentences with the same words and no person (seeded): forms with no surname, words that end
// in a surname character before a form (音乐老师, 班主任老师, 出租车师傅), 小/老 in words, a place or a
// thing at a cell's start before 、, 的 + a relative or （.
const ORDINARY: Array<(r: Rng) => string> = [
  (r) => `${r.pick(['先生们女士们', '各位先生', '这位女士', '同志们', '老同志', '女同志', '各位老师'])}，${r.pick(['辛苦了', '请注意', '欢迎光临', '大家好'])}。`,
  (r) => `${r.pick(['老师', '班主任老师', '语文老师', '音乐老师', '历史老师', '英语老师', '数学老师', '体育老师'])}${r.pick(['布置作业', '表扬了大家', '批改试卷', '组织活动'])}。`,
  (r) => `${r.pick(['师傅', '维修师傅', '出租车师傅', '电工师傅', '装修师傅', '快递师傅', '司机师傅'])}${r.pick(['维修完毕', '已上门', '表示明天再来', '说零件缺货'])}。`,
  (r) => `${r.pick(['宿管阿姨', '保洁阿姨', '食堂阿姨', '楼下大爷', '看门大爷', '广场舞大妈', '邻居大姐', '保安大哥'])}${r.pick(['很热心', '反映楼道灯坏了', '说电梯停了', '帮忙收了快递'])}。`,
  (r) => `${r.pick(['王府井大街', '张家口市的父母官', '黄河五路', '李村的父老乡亲', '周村的母亲河', '高新区的母亲们'])}${r.pick(['人流很大', '很关心民生', '正在施工', '受到表扬'])}。`,
  (r) => `${r.pick(['小区', '小时', '小康社会', '小龙虾', '小米手机', '老公', '老百姓', '老旧小区', '小高层', '老年人'])}${r.pick(['问题较多', '需要整改', '价格上涨', '反映强烈'])}。`,
  (r) => `${r.pick(['黄河', '长江', '泰山', '高新区', '开发区', '王府井', '金银花', '石榴'])}${r.pick(['、', '的母亲', '的女儿', '（'])}${r.pick(['黄河', '济南', '周边', '资料另附）', '河流'])}${r.pick(['情况良好。', '项目推进中。'])}`,
  (r) => `${r.pick(['千金小姐', '礼仪小姐', '服务员小姐', '账房先生', '教书先生', '算命先生', '中年女士', '单身女士'])}${r.pick(['出场', '来了', '很多', '不在'])}。`,
];

describe('false positives on ordinary sentences (generated, seeded)', () => {
  it('4,000 sentences with forms of address, 小/老 words and a cell opening with a place', () => {
    const rng = new Rng(29);
    const fps: string[] = [];
    for (let k = 0; k < 4000; k++) {
      const t = rng.pick(ORDINARY)(rng);
      if (names(t).length > 0) fps.push(t);
    }
    console.log(`forms of address, ordinary text: ${fps.length}/4000`, [...new Set(fps.map((t) => names(t).join("+")))].join(" "));
    // As measured: 单身女士 (a full name read before 女士, the older reader) and 金银花的母亲… (a plant at a cell's start before 的 + a relative).
    expect(fps.length).toBeLessThanOrEqual(112);
  });
});
