/**
 * Generated documents for test/detect-free-text-13.test.ts (session 12, S2): eight document styles no
 * sweep wrote (12345 hotline work orders, police incident summaries, court judgments, hospital
 * discharge summaries, school notices, village committee minutes, social-work case notes, an
 * international office's English notes), each with planted persons and identifiers in spellings no
 * sweep used (IDs split, full-width, with ×/Ⅹ, inside URLs and file names; phones as +86, 0086,
 * (0532); cards in 4s; new-energy plates; VINs; passports and permits; the 2023 foreigner's
 * permanent residence ID; WeChat and QQ after their words), and the same styles with no person,
 * full of numbers that are nobody's (order, invoice, case, tracking, lot numbers, statutes, stock
 * codes, amounts, dates, 95xxx and 400 service numbers). Seeded; every value is made here.
 */
import { Rng } from '../../fixtures/lib/rng.js';
import { MOBILE_PREFIXES, residentIdCheckChar } from '../../fixtures/lib/ids.js';

/** What a planted value is, for counting by kind (never by value). */
export type Kind =
  | 'name' | 'cn_id' | 'cn_id15' | 'foreigner_id' | 'mobile' | 'landline' | 'bank_card' | 'plate' | 'vin' | 'passport'
  | 'permit' | 'email' | 'wechat' | 'qq' | 'insurance_no';
export interface Planted { kind: Kind; value: string; spelling: string }
export interface Doc { style: string; text: string; planted: Planted[] }

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const COMPOUND = ['欧阳', '司马', '诸葛', '上官', '皇甫', '司徒'];
const GIVEN1 = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞斌辉宁波凯浩亮林琳燕慧莉雪倩婷颖晶鑫峰健梅丹瑶蕾翀昶彧昀堃珩琮祎';
const GIVEN2 = ['建国', '建华', '国强', '秀英', '桂兰', '玉梅', '志刚', '海燕', '春梅', '红霞', '立新', '卫东', '淑珍', '凤英', '德明', '振华', '子涵', '欣怡', '梓萱', '浩然', '一诺', '雨桐', '宇航', '思彤', '嘉懿', '俊熙'];

function person(rng: Rng): string {
  const s = rng.chance(0.04) ? rng.pick(COMPOUND) : SURNAMES[rng.int(SURNAMES.length)]!;
  return s + (rng.chance(0.45) ? GIVEN1[rng.int(GIVEN1.length)]! : rng.pick(GIVEN2));
}

const EN_GIVEN = ['James', 'Maria', 'Olena', 'Ahmed', 'Yuki', 'Sofia', 'Daniel', 'Amara', 'Lucas', 'Priya', 'Kenji', 'Fatima', 'Thomas', 'Ingrid'];
const EN_FAMILY = ['Miller', 'Kovalenko', 'Haddad', 'Tanaka', 'Rossi', 'Okafor', 'Schmidt', 'Fernandes', 'Nakamura', 'Johansson', 'Dubois', 'Kowalski'];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const REGIONS = ['371602', '371621', '370102', '110105', '440305', '320106', '510107', '370203'];
function birth(rng: Rng, from = 1950, to = 2015): string {
  return `${rng.range(from, to)}${pad(rng.range(1, 12))}${pad(rng.range(1, 28))}`;
}
function residentId(rng: Rng): string {
  const first17 = rng.pick(REGIONS) + birth(rng) + rng.digits(3);
  return first17 + residentIdCheckChar(first17);
}
/** One whose check character is X (drawn until it is), for the ×/Ⅹ/x spellings. */
function residentIdX(rng: Rng): string {
  for (;;) { const id = residentId(rng); if (id.endsWith('X')) return id; }
}
/** 2023 外国人永久居留身份证: 9, a province (2), a nationality (3), birth (8), sequence (2) and sex, the MOD 11-2 check. */
function foreignerId(rng: Rng): string {
  const first17 = `9${rng.pick(['37', '11', '31', '44'])}${rng.pick(['840', '392', '410', '276', '643', '250'])}${birth(rng, 1960, 2005)}${rng.digits(3)}`;
  return first17 + residentIdCheckChar(first17);
}
const mobile = (rng: Rng): string => rng.pick(MOBILE_PREFIXES) + rng.digits(8);
function luhnCard(rng: Rng, len: number): string {
  const body = rng.pick(['622202', '621700', '622848', '621226', '623058', '625965']) + rng.digits(len - 7);
  let s = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    s += d;
  }
  return body + String((10 - (s % 10)) % 10);
}
const LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤川宁琼';
const VIN_CHARS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
const VIN_VALUES: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
function vin(rng: Rng): string {
  const c = [...rng.pick(['LSV', 'LFV', 'LGB', 'LVS', 'LHG'])];
  while (c.length < 17) c.push(VIN_CHARS[rng.int(VIN_CHARS.length)]!);
  c[9] = rng.pick(['L', 'M', 'N', 'P', 'R']);
  let s = 0;
  for (let i = 0; i < 17; i++) if (i !== 8) s += (/\d/.test(c[i]!) ? Number(c[i]) : VIN_VALUES[c[i]!]!) * VIN_WEIGHTS[i]!;
  c[8] = s % 11 === 10 ? 'X' : String(s % 11);
  return c.join('');
}
const FULL = (s: string): string => s.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

type Spell = (rng: Rng) => Planted;
const P = (kind: Kind, value: string, spelling: string): Planted => ({ kind, value, spelling });

/** Identifier spellings (each one a separate counter in the measurement). */
export const SPELLINGS: Record<string, Spell> = {
  'id plain': (r) => P('cn_id', residentId(r), 'id plain'),
  'id 6-8-4 spaces': (r) => { const v = residentId(r); return P('cn_id', `${v.slice(0, 6)} ${v.slice(6, 14)} ${v.slice(14)}`, 'id 6-8-4 spaces'); },
  'id 6-8-4 dashes': (r) => { const v = residentId(r); return P('cn_id', `${v.slice(0, 6)}-${v.slice(6, 14)}-${v.slice(14)}`, 'id 6-8-4 dashes'); },
  'id dots in 6-4-4-4': (r) => { const v = residentId(r); return P('cn_id', `${v.slice(0, 6)}.${v.slice(6, 10)}.${v.slice(10, 14)}.${v.slice(14)}`, 'id dots in 6-4-4-4'); },
  'id full-width': (r) => P('cn_id', FULL(residentId(r)), 'id full-width'),
  'id lower-case x': (r) => P('cn_id', residentIdX(r).replace('X', 'x'), 'id lower-case x'),
  'id ×': (r) => P('cn_id', residentIdX(r).replace('X', '×'), 'id ×'),
  'id Ⅹ (roman ten)': (r) => P('cn_id', residentIdX(r).replace('X', 'Ⅹ'), 'id Ⅹ (roman ten)'),
  'id 15-digit': (r) => { const v = r.pick(REGIONS) + birth(r, 1930, 1980).slice(2) + r.digits(3); return P('cn_id15', v, 'id 15-digit'); },
  'id in a URL': (r) => P('cn_id', residentId(r), 'id in a URL'),
  'id in a file name': (r) => P('cn_id', residentId(r), 'id in a file name'),
  'foreigner PR id (2023)': (r) => P('foreigner_id', foreignerId(r), 'foreigner PR id (2023)'),
  'mobile +86': (r) => P('mobile', `+86 ${mobile(r)}`, 'mobile +86'),
  'mobile 0086-': (r) => P('mobile', `0086-${mobile(r)}`, 'mobile 0086-'),
  'mobile 3-4-4': (r) => { const m = mobile(r); return P('mobile', `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`, 'mobile 3-4-4'); },
  'landline (0532)': (r) => P('landline', `(0532)${r.range(2, 8)}${r.digits(7)}`, 'landline (0532)'),
  'landline 0543-': (r) => P('landline', `0543-${r.range(2, 8)}${r.digits(6)}`, 'landline 0543-'),
  'card 16 in 4s': (r) => P('bank_card', luhnCard(r, 16).replace(/(\d{4})(?=\d)/g, '$1 '), 'card 16 in 4s'),
  'card 19 in 4s': (r) => P('bank_card', luhnCard(r, 19).replace(/(\d{4})(?=\d)/g, '$1 '), 'card 19 in 4s'),
  'card 17 plain': (r) => P('bank_card', luhnCard(r, 17), 'card 17 plain'),
  'plate new-energy': (r) => P('plate', `${PROVINCES[r.int(PROVINCES.length)]}${r.pick([...LETTERS])}${r.pick(['D', 'F'])}${r.pick([...LETTERS, ...'0123456789'])}${r.digits(4)}`, 'plate new-energy'),
  'plate ordinary': (r) => P('plate', `${PROVINCES[r.int(PROVINCES.length)]}${r.pick([...LETTERS])}${r.digits(2)}${r.pick([...LETTERS])}${r.digits(2)}`, 'plate ordinary'),
  vin: (r) => P('vin', vin(r), 'vin'),
  'passport E': (r) => P('passport', `E${r.digits(8)}`, 'passport E'),
  'permit C (往来港澳)': (r) => P('permit', `C${r.range(1, 9)}${r.digits(7)}`, 'permit C (往来港澳)'),
  '台胞证 8 digits': (r) => P('permit', r.digits(8).replace(/^0/, '1'), '台胞证 8 digits'),
  'insurance no.': (r) => P('insurance_no', `${r.pick(['3716', '3701'])}${r.digits(8)}`, 'insurance no.'),
  email: (r) => P('email', `${r.pick(['zhang', 'li.wei', 'wang_fang', 'liuyang'])}${r.range(1, 999)}@${r.pick(['163.com', 'qq.com', 'sina.cn', 'outlook.com'])}`, 'email'),
  'wechat after 微信/VX/wx': (r) => P('wechat', `${r.pick(['wxid_', 'lw', 'zh_', 'Amy'])}${r.pick(['x', 'k', 'm'])}${r.digits(6)}`, 'wechat after 微信/VX/wx'),
  'qq after QQ/扣扣': (r) => P('qq', `${r.range(1, 9)}${r.digits(r.range(7, 9))}`, 'qq after QQ/扣扣'),
};

/** How a planted identifier is written into its sentence (label and context), by spelling. */
function idPhrase(p: Planted, rng: Rng): string {
  switch (p.spelling) {
    case 'id in a URL': return `材料见 https://zwfw.example.gov.cn/query?sfzh=${p.value}&type=1 。`;
    case 'id in a file name': return `附件：身份证_${p.value}_正面.jpg。`;
    case 'foreigner PR id (2023)': return `${rng.pick(['外国人永久居留身份证号码：', '永久居留证号', '证件号码：'])}${p.value}。`;
    case 'id 15-digit': return `${rng.pick(['老身份证号', '身份证号码：', '公民身份号码'])}${p.value}。`;
    case 'passport E': return `${rng.pick(['护照号', '护照号码：', '持护照'])}${p.value}。`;
    case 'permit C (往来港澳)': return `${rng.pick(['往来港澳通行证', '港澳通行证号：'])}${p.value}。`;
    case '台胞证 8 digits': return `${rng.pick(['台胞证号码：', '台胞证'])}${p.value}。`;
    case 'insurance no.': return `${rng.pick(['医保卡号：', '医保号', '社会保障卡号'])}${p.value}。`;
    case 'wechat after 微信/VX/wx': return `${rng.pick(['微信', 'VX：', 'wx:', '加微信'])}${p.value}。`;
    case 'qq after QQ/扣扣': return `${rng.pick(['QQ', 'QQ号：', '扣扣'])}${p.value}。`;
    case 'email': return `邮箱${p.value}。`;
    case 'vin': return `${rng.pick(['车架号', '车辆识别代号：'])}${p.value}。`;
    case 'plate new-energy': case 'plate ordinary': return `${rng.pick(['车牌号', '驾驶', '车辆'])}${p.value}。`;
    default:
      if (p.kind === 'cn_id') return `${rng.pick(['身份证号码：', '公民身份号码', '身份证号', '（身份证'])}${p.value}${p.spelling === 'id plain' && rng.chance(0.5) ? '）' : '。'}`;
      if (p.kind === 'mobile' || p.kind === 'landline') return `${rng.pick(['联系电话：', '电话', '手机', '回拨号码'])}${p.value}。`;
      return `${rng.pick(['银行卡号：', '卡号', '开户行账号'])}${p.value}。`;
  }
}

type Frame = (n: string, rng: Rng) => string;
/** Sentences with a person by style; `n` is the name (several frames per style). */
export const STYLES: Record<string, readonly Frame[]> = {
  hotline: [
    (n) => `工单编号GD2025031200457，诉求人${n}来电反映小区路灯不亮。`, (n) => `来电人${n}要求回电，`, (n) => `回访：已联系${n}，对办理结果表示满意。`,
    (n) => `诉求人：${n}；`, (n) => `来电人${n}（先生）称楼上漏水，`, (n) => `承办单位已电话联系诉求人${n}，`,
  ],
  police: [
    (n) => `报警人${n}称其电动车被盗，`, (n) => `当事人${n}与王某某因停车发生口角，`, (n) => `嫌疑人${n}（男，32岁）已被传唤，`,
    (n) => `经查，张某某伙同${n}实施诈骗，`, (n) => `民警将${n}带回所里调查，`, (n) => `受害人${n}被骗人民币3000元，`,
  ],
  court: [
    (n) => `原告：${n}，男，汉族，住滨州市滨城区。`, (n) => `被告${n}未到庭参加诉讼，`, (n) => `第三人${n}述称，`,
    (n) => `委托诉讼代理人：${n}，山东某某律师事务所律师。`, (n) => `原告${n}向本院提出诉讼请求：`, (n) => `被告人${n}犯盗窃罪，`,
  ],
  hospital: [
    (n) => `患者${n}，女，67岁，因反复胸闷入院。`, (n) => `家属${n}（患者之女）签字同意。`, (n) => `主治医师：${n}`,
    (n) => `患者姓名：${n}  住院号：ZY20250312，`, (n) => `出院时由${n}陪同，`, (n) => `联系人${n}，`,
  ],
  school: [
    (n) => `学生${n}因病请假三天，`, (n) => `请${n}家长于周五前到校签字，`, (n) => `家长${n}来电咨询转学手续，`,
    (n) => `${n}同学在市运动会上获得一等奖，`, (n) => `七年级三班${n}、`, (n) => `监护人：${n}`,
  ],
  village: [
    (n) => `户主${n}申请宅基地一处，`, (n) => `村民${n}发言：`, (n) => `经村民代表会议表决，同意${n}家纳入低保，`,
    (n) => `参会人员：${n}、`, (n) => `村民${n}反映灌溉渠堵塞，`, (n) => `记录人：${n}`,
  ],
  socialwork: [
    (n) => `服务对象${n}，独居，`, (n) => `案主${n}情绪低落，`, (n) => `社工${n}于本周二上门走访，`,
    (n) => `其女${n}每月探望一次，`, (n) => `个案对象：${n}`, (n) => `与服务对象${n}面谈，`,
  ],
};

const EN_FRAMES: readonly ((n: string, rng: Rng) => string)[] = [
  (n) => `Mr. ${n} visited the office to renew his work permit.`, (n) => `Ms. ${n} called about the residence permit.`,
  (n) => `Applicant: ${n}, nationality: Ukraine.`, (n) => `Met Dr. ${n} at the university.`,
];
function enId(p: Planted, rng: Rng): string {
  if (p.kind === 'passport') return `Passport No. ${p.value}.`;
  if (p.kind === 'foreigner_id') return `Permanent residence ID ${p.value}.`;
  if (p.kind === 'mobile') return `Phone: ${p.value}.`;
  if (p.kind === 'email') return `Email: ${p.value}.`;
  return `${rng.pick(['ID', 'Ref'])}: ${p.value}.`;
}
const EN_SPELLINGS = ['passport E', 'foreigner PR id (2023)', 'mobile +86', 'mobile 0086-', 'email'];

/** `per` documents of each style, each with one planted name and one or two identifiers (seeded). */
export function plantedDocs(per: number, seed: number): Doc[] {
  const rng = new Rng(seed, 13);
  const spellings = Object.keys(SPELLINGS);
  const out: Doc[] = [];
  for (const [style, frames] of Object.entries(STYLES)) {
    for (let k = 0; k < per; k++) {
      const name = person(rng);
      const planted: Planted[] = [P('name', name, 'name')];
      let text = rng.pick(frames)(name, rng);
      for (let j = 0, m = rng.range(1, 2); j < m; j++) {
        const p = SPELLINGS[spellings[(k * 2 + j) % spellings.length]!]!(rng);
        planted.push(p);
        text += idPhrase(p, rng);
      }
      out.push({ style, text, planted });
    }
  }
  for (let k = 0; k < per; k++) {
    const name = `${rng.pick(EN_GIVEN)} ${rng.pick(EN_FAMILY)}`;
    const p = SPELLINGS[EN_SPELLINGS[k % EN_SPELLINGS.length]!]!(rng);
    out.push({ style: 'international', text: `${rng.pick(EN_FRAMES)(name, rng)} ${enId(p, rng)}`, planted: [P('name', name, 'name (English)'), p] });
  }
  return out;
}

// ---------------------------------------------------------------- the same styles, no person in them

const CN_DIGITS = '〇一二三四五六七八九';
const LOOK_ALIKES: readonly ((rng: Rng) => string)[] = [
  (r) => `工单编号GD${r.range(2020, 2026)}${r.digits(8)}`, (r) => `订单号${r.range(2020, 2025)}${pad(r.range(1, 12))}${r.digits(12)}`,
  (r) => `发票号码${r.digits(8)}`, (r) => `发票代码0${r.digits(11)}`, (r) => `（${r.range(2019, 2025)}）鲁${r.pick(['16', '1602'])}民初${r.range(100, 9999)}号`,
  (r) => `依据《中华人民共和国民法典》第${r.pick(['一百三十三', '五百七十七', '一千一百六十五'])}条`, (r) => `股票代码${r.pick(['600', '000', '300'])}${r.digits(3)}`,
  (r) => `快递单号SF${r.digits(13)}`, (r) => `运单号${r.pick(['YT', 'JD'])}${r.digits(13)}`, (r) => `批号${r.range(2023, 2025)}${pad(r.range(1, 12))}${r.digits(2)}`,
  (r) => `金额${r.range(100, 99999)}.${r.digits(2)}元`, (r) => `${r.range(2020, 2025)}年${r.range(1, 12)}月${r.range(1, 28)}日`, (r) => `${r.range(2020, 2025)}-${pad(r.range(1, 12))}-${pad(r.range(1, 28))} ${pad(r.range(0, 23))}:${pad(r.range(0, 59))}`,
  (r) => `客服热线${r.pick(['95588', '95533', '95599', '95566', '95555', '12345', '12315'])}`, (r) => `服务电话400-${r.digits(3)}-${r.digits(4)}`,
(r) => `合同编号HT-${r.range(2020, 2025)}-${r.digits(4)}`,
  (r) => `统一社会信用代码9137${r.digits(14)}`, (r) => `${r.range(2000, 2025)}年度第${[...r.digits(1)].map((d) => CN_DIGITS[Number(d)]).join('')}次会议`,
  (r) => `编号${r.range(2020, 2025)}${r.digits(10)}`, (r) => `身份证号码栏为空`, (r) => `药品批准文号国药准字H${r.range(1990, 2020)}${r.digits(4)}`,
];
const CLEAN_FRAMES: Record<string, readonly ((x: string) => string)[]> = {
  hotline: [(x) => `诉求人反映${x}存在问题，要求核实。`, (x) => `来电人未留姓名，${x}。`, (x) => `回访：诉求人对${x}的处理结果表示满意。`],
  police: [(x) => `报警人称其网购被骗，${x}。`, (x) => `当事人双方已调解，${x}。`, (x) => `嫌疑人某某已被传唤，${x}。`],
  court: [(x) => `原告诉称，${x}。`, (x) => `本院认为，${x}。`, (x) => `被告辩称，${x}。`],
  hospital: [(x) => `患者因反复胸闷入院，${x}。`, (x) => `出院医嘱：按时服药，${x}。`, (x) => `家属签字同意，${x}。`],
  school: [(x) => `请各位家长于周五前到校，${x}。`, (x) => `学生放假安排：${x}。`, (x) => `七年级三班期末考试，${x}。`],
  village: [(x) => `村民代表会议表决通过，${x}。`, (x) => `户主大会讨论宅基地，${x}。`, (x) => `村委会收支公开，${x}。`],
  socialwork: [(x) => `服务对象情绪稳定，${x}。`, (x) => `案主独居，社工每周上门，${x}。`, (x) => `转介至街道，${x}。`],
};

/** `per` name-free documents of each Chinese style, each with two or three numbers that are nobody's. */
export function cleanDocs(per: number, seed: number): Doc[] {
  const rng = new Rng(seed, 14);
  const out: Doc[] = [];
  for (const [style, frames] of Object.entries(CLEAN_FRAMES)) {
    for (let k = 0; k < per; k++) {
      let text = '';
      for (let j = 0, m = rng.range(2, 3); j < m; j++) text += rng.pick(frames)(rng.pick(LOOK_ALIKES)(rng));
      out.push({ style, text, planted: [] });
    }
  }
  const en = [(r: Rng) => `Invoice No. ${r.digits(8)}`, (r: Rng) => `Order ${r.range(2020, 2025)}${r.digits(10)}`, (r: Rng) => `the meeting on ${r.range(1, 28)} March ${r.range(2020, 2025)}`, (r: Rng) => `hotline 95588`, (r: Rng) => `Case No. (2024) Lu 16 Min Chu ${r.range(100, 999)}`];
  for (let k = 0; k < per; k++) out.push({ style: 'international', text: `The office reviewed ${rng.pick(en)(rng)} and ${rng.pick(en)(rng)}.`, planted: [] });
  return out;
}
