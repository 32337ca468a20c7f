/**
 * Generated sentences for test/detect-free-text-names-2.test.ts: names in free text of domains no
 * sweep wrote (property management, hospital complaints, school notices, courier and ride
 * complaints), one kind of gap per generator, and ordinary sentences of the same domains with no
 * person in them. Seeded; the names come from lists of this file, not from the sweep fixtures.
 */
import { Rng } from '../../fixtures/lib/rng.js';

// Surnames of every kind the detectors treat differently: frequent, also a word (于 高 全 常 安 方),
// and compound. Given names: common characters, rare ones (语堂, 绍齐, 沐宸), one or two.
const SURNAMES = ['张', '王', '李', '赵', '孙', '郭', '罗', '梁', '谢', '宋', '唐', '韩', '冯', '曹', '彭', '袁', '邓', '许', '傅', '沈', '吕', '蒋', '杜', '程', '叶'];
const WORD_SURNAMES = ['于', '高', '全', '常', '安', '方', '关', '任'];
const COMPOUND = ['上官', '欧阳', '司马', '诸葛', '慕容', '皇甫', '令狐', '夏侯', '宇文', '司徒'];
const GIVEN_COMMON = ['伟', '芳', '静', '磊', '强', '丽', '敏', '杰', '慧', '婷', '建国', '秀兰', '志强', '婉儿', '子涵', '雨桐', '海燕', '俊杰', '丽娟', '明辉'];
const GIVEN_RARE = ['语堂', '绍齐', '沐宸', '煜祺', '熙瑶', '晟睿', '梓萱', '语汐', '奕辰', '锦程', '芊羽', '瑾萱'];
const PINYIN: Record<string, string> = {
  张: 'Zhang', 王: 'Wang', 李: 'Li', 赵: 'Zhao', 孙: 'Sun', 郭: 'Guo', 罗: 'Luo', 梁: 'Liang', 谢: 'Xie', 宋: 'Song', 唐: 'Tang', 韩: 'Han',
  冯: 'Feng', 曹: 'Cao', 彭: 'Peng', 袁: 'Yuan', 邓: 'Deng', 许: 'Xu', 傅: 'Fu', 沈: 'Shen', 吕: 'Lv', 蒋: 'Jiang', 杜: 'Du', 程: 'Cheng', 叶: 'Ye',
  于: 'Yu', 高: 'Gao', 全: 'Quan', 常: 'Chang', 安: 'An', 方: 'Fang', 关: 'Guan', 任: 'Ren',
};
const SYLLABLES = ['wei', 'fang', 'jing', 'lei', 'qiang', 'li', 'min', 'jie', 'hui', 'ting', 'jian', 'guo', 'xiu', 'lan', 'zhi', 'hai', 'yan', 'jun', 'ming', 'yu', 'tong', 'chen', 'xin', 'rui'];
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1);

export interface Labelled { text: string; name: string }

function person(rng: Rng, surnames: readonly string[] = SURNAMES, rare = 0.3): string {
  return rng.pick(surnames) + (rng.chance(rare) ? rng.pick(GIVEN_RARE) : rng.pick(GIVEN_COMMON));
}
function pinyinOf(rng: Rng, surname: string): string {
  return `${PINYIN[surname]!} ${cap(rng.pick(SYLLABLES))}${rng.chance(0.5) ? rng.pick(SYLLABLES) : ''}`;
}

const DOMAIN_TAILS = [
  '反映楼道灯不亮', '报修卫生间漏水', '对物业费收取有异议', '反映门诊排队时间过长', '投诉护士态度差', '反映孩子在校被欺凌',
  '咨询转学手续', '投诉快递被放在门口丢失', '反映外卖送达超时', '投诉电梯长期故障', '反映停车位被占用',
];

/** A Han name written beside its pinyin (王芳 / Wang Fang 报修…, Resident Wang Fang (王芳) …). */
export function besidePinyin(n: number, seed: number): Labelled[] {
  const rng = new Rng(seed, 1);
  return Array.from({ length: n }, () => {
    const s = rng.pick(SURNAMES);
    const name = s + rng.pick([...GIVEN_COMMON, ...GIVEN_RARE]);
    const py = pinyinOf(rng, s);
    const t = rng.pick([
      () => `${name} / ${py} ${rng.pick(DOMAIN_TAILS)}。`,
      () => `Resident ${py} (${name}) reported a leaking pipe in the basement.`,
      () => `Patient ${py}（${name}）was discharged on 3 May.`,
      () => `${name}（${py}）${rng.pick(DOMAIN_TAILS)}。`,
      () => `Parent: ${py} (${name}), class 3.`,
    ])();
    return { text: t, name };
  });
}

/** A pinyin name after a salutation or a title (Dear Wang Fang, Ms. Li Na, Mrs Zhao Min). */
export function salutations(n: number, seed: number): Labelled[] {
  const rng = new Rng(seed, 2);
  return Array.from({ length: n }, () => {
    const py = pinyinOf(rng, rng.pick([...SURNAMES, ...WORD_SURNAMES]));
    const t = rng.pick([
      `Dear ${py}, your parcel is at the front desk.`, `Dear ${py}，您的报修已受理。`, `Ms. ${py} was discharged today.`,
      `Mrs ${py} asked for a refund.`, `Mr. ${py} will collect the key.`, `Hello ${py}, the class starts at 8.`,
    ]);
    return { text: t, name: py };
  });
}

/** A surname that is also a word, opening a clause (于兰反映, 高慧来电, 全志强投诉, 高帅同志：). */
export function wordSurnames(n: number, seed: number): Labelled[] {
  const rng = new Rng(seed, 3);
  return Array.from({ length: n }, () => {
    // 安静 is a word (quiet), not a name: the one pair left out.
    let name = rng.pick(WORD_SURNAMES) + rng.pick(GIVEN_COMMON);
    while (name === '安静') name = rng.pick(WORD_SURNAMES) + rng.pick(GIVEN_COMMON);
    const t = rng.pick([
      `经核实，${name}反映情况属实。`, `${name}来电${rng.pick(DOMAIN_TAILS)}。`, `${name}同志：您好！您的申请已受理。`,
      `今天${name}投诉${rng.pick(DOMAIN_TAILS).slice(2)}。`, `${name}女士：您好，孩子的转学手续已办妥。`,
    ]);
    return { text: t, name };
  });
}

/** 老高, 小于 … before a clear end (已联系老高，…; 老于表示满意). */
export function diminutives(n: number, seed: number): Labelled[] {
  const rng = new Rng(seed, 4);
  return Array.from({ length: n }, () => {
    const name = rng.pick(['老', '小']) + rng.pick(['高', '于', '常', '安', '方', '关', '任', '全', ...SURNAMES]);
    const t = rng.pick([`已联系${name}，问题已解决。`, `${name}表示满意。`, `保安${name}说门禁已修好。`, `护工${name}于2025-03-02到岗。`]);
    return { text: t, name };
  });
}

/** Names in a list joined by 、, their characters maybe none of them common (袁语堂、赵绍齐两户). */
export function lists(n: number, seed: number): Labelled[] {
  const rng = new Rng(seed, 5);
  return Array.from({ length: n }, () => {
    const a = person(rng, SURNAMES, 0.6);
    const b = person(rng, SURNAMES, 0.6);
    const t = rng.pick([`${a}、${b}两户因停车位发生纠纷。`, `${a}、${b}两人未按时缴纳物业费。`, `${a}、${b}等人反映噪音扰民。`]);
    return { text: t, name: `${a}|${b}` };
  });
}

const CITIES = ['滨州市', '淄博市', '济南市历城区', '惠民县', '沾化区', '青岛市黄岛区', '临沂市兰山区'];
const TRADES = ['商贸有限公司', '物业管理有限公司', '家政服务中心', '装饰工程有限公司', '汽车维修厂', '餐饮管理有限公司', '建材经营部', '物流有限公司', '科技有限公司'];

/** The owner's name inside a firm's name, in a sentence (物业由滨州市张伟物业管理有限公司负责). */
export function firms(n: number, seed: number): Labelled[] {
  const rng = new Rng(seed, 6);
  return Array.from({ length: n }, () => {
    const name = person(rng, rng.chance(0.2) ? ['高', '于', '常'] : SURNAMES, 0.3);
    const firm = `${rng.pick(CITIES)}${name}${rng.pick(TRADES)}`;
    const t = rng.pick([`小区物业由${firm}负责。`, `已责令${firm}整改。`, `快递由${firm}承运，已丢失。`, `${firm}拒绝退款。`]);
    return { text: t, name };
  });
}

/** A name after a role noun (乘客, 司机, 骑手, 租客, 学员, 患者, 业主, 房东 …) and before what the person did. */
export function roles(n: number, seed: number): Labelled[] {
  const rng = new Rng(seed, 7);
  const ROLES = ['乘客', '司机', '骑手', '租客', '学员', '患者', '业主', '房东', '快递员', '外卖员', '考生', '住户'];
  const DID = ['遗失物品已联系司机', '绕路投诉，已退款', '超时送达', '退租时押金未退', '缺考', '出院后复诊', '报修未处理', '拒绝退还押金', '派件时态度恶劣', '送餐超时', '请假三天'];
  return Array.from({ length: n }, () => {
    const name = person(rng, SURNAMES, 0.3);
    return { text: `${rng.pick(['', '经核实，', '据反映，'])}${rng.pick(ROLES)}${name}${rng.pick(DID)}。`, name };
  });
}

/** A compound surname and a given name in running text (经查上官婉儿多次投诉). */
export function compounds(n: number, seed: number): Labelled[] {
  const rng = new Rng(seed, 8);
  return Array.from({ length: n }, () => {
    const name = rng.pick(COMPOUND) + rng.pick(GIVEN_COMMON);
    const t = rng.pick([`经查${name}多次投诉物业。`, `${name}于3月5日来电。`, `本周值日生：${name}。`, `请${name}到教务处领取证书。`]);
    return { text: t, name };
  });
}

/** A Tibetan name of one two-character part as a shop's operator (旺堆便利店, 城关区卓玛超市). */
export function oneTibetanPart(n: number, seed: number): Labelled[] {
  const rng = new Rng(seed, 9);
  const PARTS = ['旺堆', '顿珠', '卓玛', '次仁', '达瓦', '强巴', '嘉措', '央金', '索朗', '普布', '平措', '德吉'];
  return Array.from({ length: n }, () => {
    const name = rng.pick(PARTS);
    return { text: `${rng.pick(['', '拉萨市城关区', '日喀则市桑珠孜区'])}${name}${rng.pick(['便利店', '超市', '饭店', '五金店', '杂货店'])}`, name };
  });
}

// ---------------------------------------------------------------- text with no person in it

const POLICY = [
  '根据《物业管理条例》第二十条，业主大会应当依法履行职责。', '于是社区决定于下月开展消防演练。', '高度重视群众反映的问题，及时整改到位。',
  '老年人优待证可在街道便民服务中心办理。', '全年累计受理投诉一千二百件，办结率百分之九十八。', '常年开展义诊活动，服务辖区居民。',
  '安全生产责任制落实到人。', '方便群众办事，推行一窗受理。', '关于调整门诊挂号费的通知', '任何单位和个人不得擅自占用消防通道。',
  '明天上午九点召开业主大会。', '全体同志务必按时参加。', '小时工费用按实际工时结算。', '年龄小于6岁的儿童免费乘车。', '小区门口禁止停车。',
  '老公和孩子都在外地。', '高新区管委会已协调解决。', '于都县人民医院开展义诊。', '高密市、常熟市、安丘市三地联合执法。', '乘客满意度调查结果已公布。',
  '司机师傅态度很好，表扬。', '学员报名截止日期为3月5日。', '老人健康体检每年一次。', '顾客投诉处理流程见附件。', '骑手配送超时将扣除绩效。',
  '租客退租须提前一个月告知房东。', '患者出院后一周复诊。', '业主委员会换届选举公告。', '快递员派件时须当面签收。', '考生须携带身份证入场。',
];
const CHAINS = [
  '滨州市万达商业管理有限公司', '山东高速物流有限公司', '滨州市国美电器有限公司', '北京京东世纪贸易有限公司', '滨州市银座商城有限公司',
  '济南市华联商厦有限公司', '青岛海尔智家股份有限公司', '滨州市中通快递有限公司', '滨州市顺丰速运有限公司', '滨州市美团科技有限公司',
  '淄博市张店区人民医院', '惠民县城市管理局', '滨州市阳光物业管理有限公司', '滨州市金鼎建材经营部', '滨州市黄河家政服务中心',
  '滨州市鑫源商贸有限公司', '滨州市永辉超市有限公司', '滨州市高新技术产业开发区管委会', '于都县长征大道88号', '滨州市渤海汽车维修厂',
  '滨州市新华书店有限公司', '滨州市恒大物业服务有限公司', '滨州市福田汽车维修厂', '滨州市和平装饰工程有限公司', '滨州市安居物业管理有限公司',
];
const PLACES = ['高新区', '于都县', '全椒县', '常熟市', '安丘市', '方城县', '关岭县', '任丘市', '高密市', '高青县', '于洪区', '安宁市'];

/** Ordinary sentences of the same domains with no person in them. */
export function ordinary(n: number, seed: number): string[] {
  const rng = new Rng(seed, 10);
  return Array.from({ length: n }, () => rng.pick([
    () => rng.pick(POLICY),
    () => `${rng.pick(['已责令', '物业由', '快递由', ''])}${rng.pick(CHAINS)}${rng.pick(['整改。', '负责。', '承运。', '拒绝退款。'])}`,
    () => `${rng.pick(PLACES)}${rng.pick(['人民政府', '卫健局', '第一中学', '物业办'])}${rng.pick(['反映', '来电', '通知', '答复'])}：${rng.pick(POLICY)}`,
    () => `${rng.pick(['乘客', '司机', '骑手', '租客', '学员', '患者', '业主', '住户', '考生', '老人'])}${rng.pick(['满意度较高', '反映问题已解决', '投诉已转办', '须遵守规定', '报修已处理', '请于3月5日前缴费'])}。`,
    () => `${rng.pick(['Dear residents', 'Dear customer', 'Hello everyone', 'Dear Sir or Madam'])}, ${rng.pick(['the lift is under repair.', 'your parcel has arrived.', 'Wu Han office is closed.'])}`,
  ])());
}
