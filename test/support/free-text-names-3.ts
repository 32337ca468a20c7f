/**
 * Generated sentences for test/detect-free-text-names-3.test.ts (session 11, H4): names in free text
 * of seven styles (hotline, petition, volunteer, police blotter, court summary, school note, hospital
 * note), with rare given characters (翀 昶 彧 昀 堃 …) and surnames that are words (高 白 万 于 马 金
 * 黄 …); and sentences of the same styles with no person in them, full of the words those surnames
 * start (高速, 白天, 万元, 马路, 金额, 黄色). Seeded; the names come from the lists of this file.
 */
import { Rng } from '../../fixtures/lib/rng.js';

/** Surnames that are also words or start many (高速, 白天, 万元, 马路, 金额, 黄色, 石头, 林地, 江边, 田间 …). */
export const WORD_SURNAMES = ['高', '白', '万', '于', '马', '金', '黄', '石', '林', '江', '田', '方', '常', '安', '文', '关', '任', '钱', '叶', '向', '时', '吕'];
const SURNAMES = ['张', '王', '李', '赵', '孙', '郭', '罗', '梁', '谢', '宋', '唐', '韩', '冯', '曹', '彭', '袁', '邓', '许', '沈', '蒋', '杜', '程', '吴', '刘', '陈'];
/** Real given-name characters, rare in the lists of common ones (names of people born 1985–2020). */
export const RARE_GIVEN = [
  '翀', '昶', '婧', '彧', '珺', '昀', '琰', '堃', '旻', '玥', '炅', '珩', '骐', '铖', '湉', '琮', '晞', '暄', '翊', '珣', '祎',
  '淏', '昉', '赟', '翚', '璨', '皓', '栩', '懿', '曜', '钰', '珂', '玹', '煊', '喆', '韬', '祺', '梓', '芮', '筱', '潼', '桀',
  '骅', '珏', '焘', '缇', '弈', '岚', '澍', '峤',
];
const OTHER_GIVEN = ['子', '嘉', '思', '语', '雨', '俊', '文', '明', '志', '晓', '一', '绍', '宇', '泽', '佳'];

export interface Styled { text: string; name: string; style: string }

/** A name: a surname (a word one half the time) and a rare character, alone or with another. */
function person(rng: Rng): string {
  const s = rng.chance(0.5) ? rng.pick(WORD_SURNAMES) : rng.pick(SURNAMES);
  const rare = rng.pick(RARE_GIVEN);
  if (rng.chance(0.5)) return s + rare;
  return s + (rng.chance(0.5) ? rng.pick(OTHER_GIVEN) + rare : rare + rng.pick(OTHER_GIVEN));
}

const ISSUES = ['小区路灯不亮', '楼上漏水', '物业费收取不合理', '噪音扰民', '占道经营', '拖欠工资', '垃圾清运不及时', '停车位被占'];
const CITIES = ['滨州市', '淄博市', '惠民县', '沾化区', '临沂市兰山区'];
const TRADES = ['商贸有限公司', '家政服务中心', '建材经营部', '物流有限公司', '汽车维修厂', '餐饮管理有限公司'];

type Template = (n: string, rng: Rng) => string;
/** Sentence frames by style; `n` is where the name goes. */
export const STYLES: Record<string, readonly Template[]> = {
  hotline: [
    (n, r) => `来电人${n}反映${r.pick(ISSUES)}。`, (n, r) => `来电人${n}，${r.pick(ISSUES)}，要求处理。`, (n, r) => `市民${n}来电称${r.pick(ISSUES)}。`,
    (n, r) => `经核实，${n}反映的${r.pick(ISSUES)}属实。`, (n) => `已电话回复${n}，对处理结果满意。`, (n, r) => `诉求人${n}（${r.pick(['男', '女'])}）要求回访。`,
  ],
  petition: [
    (n, r) => `信访人${n}（${r.pick(['男', '女'])}，${r.range(30, 75)}岁）反映${r.pick(ISSUES)}。`, (n, r) => `信访人${n}称${r.pick(ISSUES)}。`,
    (n, r) => `来访人${n}，反映${r.pick(ISSUES)}。`, (n) => `信访人${n}于2025年3月5日到县信访局上访。`, (n, r) => `上访人${n}反映${r.pick(ISSUES)}，已转办。`,
  ],
  volunteer: [
    (n) => `与${n}结对服务`, (n, r) => `和${n}一起参加${r.pick(['社区环境整治', '文明交通劝导', '关爱空巢老人'])}`, (n) => `陪同${n}走访困难户`,
    (n) => `帮扶${n}，每周上门两次`, (n) => `与${n}一同值守防汛点`, (n) => `同${n}结对帮扶`, (n) => `跟${n}一起整理图书`, (n) => `陪同${n}就医`,
  ],
  police: [
    (n, r) => `报警人${n}称${r.pick(['电动车被盗', '被人殴打', '手机被骗'])}。`, (n) => `嫌疑人${n}已被刑事拘留。`, (n) => `民警${n}到场处置。`,
    (n) => `受害人${n}（女，42岁）报案。`, (n) => `违法行为人${n}，男，已处行政拘留五日。`, (n) => `当事人${n}对处理结果无异议。`,
  ],
  court: [
    (n) => `原告${n}诉被告滨州市某物业公司物业服务合同纠纷一案。`, (n) => `被告人${n}犯盗窃罪，判处有期徒刑一年。`, (n) => `申请执行人${n}与被执行人达成和解。`,
    (n) => `被执行人${n}下落不明。`, (n) => `案外人${n}提出执行异议。`, (n) => `委托代理人${n}，律师。`,
  ],
  school: [
    (n) => `学生${n}因病请假三天。`, (n) => `家长${n}来电询问转学手续。`, (n) => `班主任${n}组织家长会。`, (n) => `学生${n}，期末成绩优秀。`,
    (n) => `${n}同学获三好学生称号。`, (n) => `监护人${n}签字确认。`,
  ],
  hospital: [
    (n, r) => `患者${n}，${r.pick(['男', '女'])}，${r.range(20, 90)}岁，因头晕入院。`, (n) => `家属${n}签字同意手术。`, (n) => `主治医师${n}查房。`,
    (n) => `患者${n}于2025-03-02出院。`, (n) => `陪同人${n}（患者之子）。`, (n) => `由${n}陪同就诊。`,
  ],
  firm: [
    (n, r) => `已责令${r.pick(CITIES)}${n}${r.pick(TRADES)}整改。`, (n, r) => `${r.pick(CITIES)}${n}${r.pick(TRADES)}拖欠工资。`,
    (n, r) => `投诉${r.pick(CITIES)}${n}${r.pick(TRADES)}虚假宣传。`,
  ],
};

/** `per` sentences of each style, each with one planted name (seeded). */
export function namedSentences(per: number, seed: number): Styled[] {
  const rng = new Rng(seed, 31);
  const out: Styled[] = [];
  for (const [style, frames] of Object.entries(STYLES)) {
    for (let k = 0; k < per; k++) {
      const name = person(rng);
      out.push({ text: rng.pick(frames)(name, rng), name, style });
    }
  }
  return out;
}

// ---------------------------------------------------------------- the same styles, no person in them

/** Words that start with a surname character: what a name reader after a role or a verb must not take. */
export const SURNAME_LED_WORDS = [
  '高速', '高速公路', '高温', '高铁', '高层', '高压线', '白天', '白色', '白菜', '万元', '万余元', '马路', '马上', '金额', '金属', '黄色', '黄河',
  '于是', '石头', '石材', '林地', '林业局', '江边', '田间', '方面', '常规', '安全', '文件', '关于', '任务', '钱款', '叶片', '时间', '向上',
];
const NEG_FRAMES: readonly ((w: string, rng: Rng) => string)[] = [
  (w) => `来电人反映${w}问题，要求处理。`, (w) => `市民来电称${w}附近有积水。`, (w) => `经核实，反映的${w}问题属实。`,
  (w) => `信访人反映${w}问题，已转办。`, (w) => `来访人称${w}一事未解决。`, (w) => `信访人于${w}方面的诉求已答复。`,
  (w) => `与社区结对服务，关注${w}问题`, (w) => `和家人一起清理${w}垃圾`, (w) => `陪同检查组查看${w}情况`, (w) => `帮扶困难户，${w}方面已落实`,
  (w) => `同事一起巡查${w}`, (w) => `跟班学习${w}知识`,
  (w) => `报警人称${w}被盗。`, (w) => `民警到场处置${w}纠纷。`, (w) => `嫌疑人在${w}附近被抓获。`, (w) => `涉案${w}已追回。`,
  (w) => `原告诉称${w}损失应由被告承担。`, (w) => `被告辩称${w}已支付。`, (w) => `申请执行人申请执行${w}。`,
  (w) => `学生${w}安全教育已开展。`, (w) => `家长来电询问${w}安排。`, (w) => `班主任强调${w}纪律。`,
  (w) => `患者${w}症状已缓解。`, (w) => `家属同意${w}方案。`, (w) => `主治医师查房，${w}正常。`, (w) => `由家属陪同就诊，${w}已缴。`,
  (w, r) => `已责令${r.pick(CITIES)}${w}${r.pick(TRADES)}整改。`,
  (w) => `${w}路段已设置警示标志。`, (w) => `共涉及${w}三万元。`,
];

/** Who else a volunteer works with, between 与/和/同/跟 and 一起/结对/一同: groups, places, words a surname starts. */
const PARTNERS = [
  '公安', '国家', '高速交警', '白云社区', '万达物业', '金融办', '黄河路街道', '民警', '社区', '家人', '同事', '邻居', '学校', '高校', '全村',
  '文明办', '关工委', '任课老师', '安监站', '江北区', '石油公司', '林业站', '马路对面商户', '常委会', '时代广场', '金融机构', '万余名群众',
  '高中生', '白衣天使', '于家村', '石家庄', '林场职工', '他们', '大家', '其他志愿者', '爱心企业', '居委会', '党员', '团员', '高龄老人',
  '困难家庭', '黄金周', '田间管理员', '方舱医院', '向阳社区', '叶落归根', '钱塘江', '安居小区', '关爱协会', '常驻人员', '马拉松志愿者',
];
const PARTNER_FRAMES: readonly ((w: string, rng: Rng) => string)[] = [
  (w) => `与${w}结对服务`, (w, r) => `和${w}一起参加${r.pick(['社区环境整治', '文明交通劝导'])}`, (w) => `同${w}一同值守防汛点`, (w) => `跟${w}一起整理图书`,
  (w) => `与${w}共同开展宣传`, (w) => `陪同${w}走访困难户`, (w) => `帮扶${w}，每周上门两次`,
];

/** `n` sentences of the same styles with no person in them (one in four a volunteer's partner that is a group or a word). */
export function nameFreeSentences(n: number, seed: number): string[] {
  const rng = new Rng(seed, 32);
  return Array.from({ length: n }, () => (rng.chance(0.25) ? rng.pick(PARTNER_FRAMES)(rng.pick(PARTNERS), rng) : rng.pick(NEG_FRAMES)(rng.pick(SURNAME_LED_WORDS), rng)));
}
