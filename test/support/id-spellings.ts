/**
 * Seeded generators for the second identifier-spellings sweep (session 10,
 * test/identifier-spellings.test.ts): spellings test/support/id-formats.ts does not cover, written
 * for this sweep (not copied from the bundled samples) — bank cards grouped 4-4-4-4-3, 6-13 or
 * across mixed separators, exit permits of mainland residents (往来港澳 C…, 往来台湾 L…), 军官证
 * numbers after their label, 社保卡号 / 医保卡号 under their many labels, VINs with their check
 * digit, engine numbers after a Chinese or English label, IPv6 and IPv4 with a port, URLs carrying
 * an ID or a phone in the query string, mobiles with +86 / 0086 / (86) / 86- and digit by digit,
 * landlines with an extension (转, ext.), phones read out in Han digits, English door-level
 * addresses without a street number (12/F, Block B; Flat 3B). Placements add an English text and
 * an English label to id-formats.ts's. Look-alikes that are nobody's: a company's USCC (91…),
 * amounts, order numbers, timestamps, hotlines with an extension, ordinary URLs.
 */
import { Rng } from '../../fixtures/lib/rng.js';
import { orgCodeCheckChar, residentIdCheckChar, usccCheckChar } from '../../fixtures/lib/ids.js';
import { toFullWidth } from '../../fixtures/lib/messy.js';
import { id18, luhnDigit, type Gen, type Placement, type Spelling } from './id-formats.js';

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[r.int(xs.length)]!;
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
const nz = (r: Rng, n: number): string => String(1 + r.int(9)) + r.digits(n - 1);
const fw = toFullWidth;

function card(r: Rng, len: number): string {
  // Visa (436742) and Mastercard (520108) issue 16 digits; UnionPay 16 to 19.
  const body = pick(r, len > 16 ? ['622202', '621700', '622848', '623058', '625911'] : ['622202', '621700', '622848', '436742', '520108']) + r.digits(len - 7);
  return body + luhnDigit(body);
}
/** Groups of the given widths joined by `sep` (a function: a separator per gap). */
function groups(s: string, widths: number[], sep: (k: number) => string): string {
  let o = '';
  let p = 0;
  widths.forEach((w, k) => { if (p >= s.length) return; o += (k ? sep(k) : '') + s.slice(p, p + w); p += w; });
  return p < s.length ? o + sep(widths.length) + s.slice(p) : o;
}

const MOBILE_HEADS = ['138', '139', '158', '186', '177', '150', '199', '166', '147', '135'];
const mobile = (r: Rng): string => pick(r, MOBILE_HEADS) + r.digits(8);
const AREAS = ['010', '021', '0543', '020', '0755', '028', '0571', '025'];
function landline(r: Rng): [string, string] {
  const a = pick(r, AREAS);
  return [a, nz(r, a.length === 3 ? 8 : 7).replace(/^[01]/, '6')];
}

// VIN (ISO 3779): 17 characters without I, O, Q; the 9th is the check digit China requires (GB 16735).
const VIN_CHARS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
const VIN_VAL: Record<string, number> = {};
for (let c = 0; c < 10; c++) VIN_VAL[String(c)] = c;
'ABCDEFGH'.split('').forEach((c, k) => { VIN_VAL[c] = k + 1; });
'JKLMN'.split('').forEach((c, k) => { VIN_VAL[c] = k + 1; });
VIN_VAL.P = 7; VIN_VAL.R = 9;
'STUVWXYZ'.split('').forEach((c, k) => { VIN_VAL[c] = k + 2; });
const VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
function vin(r: Rng): string {
  const wmi = pick(r, ['LSV', 'LFV', 'LGB', 'LVS', 'LHG', 'LBE', 'LDC', 'LGW', 'WVW', 'JTD']);
  let s = wmi;
  for (let k = 3; k < 17; k++) s += k === 8 ? '0' : k === 9 ? pick(r, [...'ABCDEFGHJKLMNPRSTVWXY123456789']) : k >= 11 ? String(r.int(10)) : VIN_CHARS[r.int(VIN_CHARS.length)]!;
  let sum = 0;
  for (let k = 0; k < 17; k++) sum += VIN_VAL[s[k]!]! * VIN_W[k]!;
  const c = sum % 11 === 10 ? 'X' : String(sum % 11);
  return s.slice(0, 8) + c + s.slice(9);
}

function engine(r: Rng): string {
  return pick(r, [
    `${pick(r, ['4G63', '4G15', 'G4FC', 'EA211', 'JL4G18', 'DK4B', 'LJ469Q'])}${pick(r, ['', 'S4M', 'T', 'R'])}${r.digits(6 + r.int(2))}`,
    `${pick(r, ['B', 'C', 'K', 'H'])}${r.digits(7 + r.int(2))}`,
    `${pick(r, ['1NZ', '2AR', 'CSS', 'DJP'])}-${pick(r, ['X', 'F', ''])}${r.digits(6)}`,
  ]);
}

function usccOf(r: Rng, head: string): string {
  const org8 = pick(r, [...'0123456789MLP']) + r.digits(7);
  const first = `${head}${pick(r, ['110105', '310104', '371602', '440305', '510107', '320583'])}${org8}${orgCodeCheckChar(org8)}`;
  return first + usccCheckChar(first);
}

function ipv6(r: Rng): string {
  const h = (): string => r.int(0x10000).toString(16);
  const hh = (): string => r.int(0x100).toString(16).padStart(2, '0');
  return pick(r, [
    `2001:db8:${h()}:${h()}::${h()}:${h()}`,
    `240e:${h()}:${h()}:${h()}:${h()}:${h()}:${h()}:${h()}`,
    `fe80::${h()}:${hh()}ff:fe${hh()}:${h()}`,
    `2408:${h()}::${h()}`,
  ]);
}
const ipv4 = (r: Rng): string => `${pick(r, ['10', '172.16', '192.168', '117', '223', '36'])}.${[1, 2, 3].map(() => r.int(250) + 1).join('.')}`.split('.').slice(0, 4).join('.');

// Han digits as a phone is read out: 幺 for 1 is the usual spoken form, 两 rarely, 〇 or 零 for 0.
const HAN = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const han = (s: string, one = '一', zero = '〇'): string => [...s].map((c) => (c === '1' ? one : c === '0' ? zero : /\d/.test(c) ? HAN[+c]! : c)).join('');

const EN_ESTATES = ['Jinxiu Garden', 'Taikoo Shing', 'Yangguang Huayuan', 'Sunshine Court', 'Harbour View', 'Cuihu Yuan'];
const floor = (r: Rng): string => `${2 + r.int(30)}/F`;

export const SPELLINGS_2: Spelling[] = [
  // Bank cards
  { format: '银行卡', spelling: '19 digits 4-4-4-4-3', label: '银行卡号：', gen: (r) => groups(card(r, 19), [4, 4, 4, 4], () => ' ') },
  { format: '银行卡', spelling: '6-13 (BIN first)', label: '卡号：', gen: (r) => groups(card(r, 19), [6], () => ' ') },
  { format: '银行卡', spelling: 'double space, spaced dash, U+3000, dot', label: '银行账号：', gen: (r) => { const sep = pick(r, ['  ', ' - ', '\u3000', '.']); return groups(card(r, 16 + r.int(4)), [4, 4, 4, 4], () => sep); } },
  { format: '银行卡', spelling: 'full-width grouped', label: '银行卡号：', gen: (r) => fw(groups(card(r, 16 + r.int(4)), [4, 4, 4, 4], () => ' ')) },
  // Mainland residents' exit permits
  { format: '往来港澳通行证', spelling: 'C+8, C+letter+7', label: '往来港澳通行证：', gen: (r) => (r.chance(0.5) ? `C${r.digits(8)}` : `C${pick(r, [...'ABCDEFGHJKLMN'])}${r.digits(7)}`) },
  { format: '往来港澳通行证', spelling: 'lower / full width', label: '港澳通行证号：', gen: (r) => { const v = `C${r.digits(8)}`; return r.chance(0.5) ? v.toLowerCase() : fw(v); } },
  { format: '往来台湾通行证', spelling: 'L+8', label: '往来台湾通行证：', gen: (r) => `L${r.digits(8)}` },
  { format: '往来台湾通行证', spelling: 'lower / full width', label: '赴台通行证号码：', gen: (r) => { const v = `L${r.digits(8)}`; return r.chance(0.5) ? v.toLowerCase() : fw(v); } },
  // Passports in every case and width
  { format: '护照', spelling: 'E/G+8 full width', label: '护照号码：', gen: (r) => fw(pick(r, ['E', 'G', 'e', 'g']) + r.digits(8)) },
  { format: '护照', spelling: 'E+8 after Passport No.', label: 'Passport No. ', gen: (r) => { const p = pick(r, ['E', 'G', 'EA', 'P', 'EB']); return p + r.digits(p.length === 2 ? 7 : 8); } },
  // 军官证 / 士兵证
  { format: '军官证', spelling: 'bare digits after 军官证号', label: '军官证号：', gen: (r) => r.digits(7 + r.int(2)), needsLabel: true },
  { format: '军官证', spelling: '字第 full-width digits', label: '军官证：', gen: (r) => `${pick(r, ['军', '政', '海', '空'])}字第${fw(r.digits(8))}号`, key: /第(.+)号/ },
  // 社保卡号 / 医保卡号 under their labels
  { format: '社保卡号', spelling: 'letter+8 / 9-12 digits', label: '社会保障卡号：', gen: (r) => (r.chance(0.5) ? pick(r, [...'ABCNMX']) + r.digits(8) : nz(r, 9 + r.int(4))), needsLabel: true },
  { format: '社保卡号', spelling: 'ID-number card', label: '社保卡号：', gen: (r) => id18(r) },
  { format: '医保卡号', spelling: '10-20 digits after 医保编号', label: '医保编号：', gen: (r) => nz(r, 10 + r.int(11)), needsLabel: true },
  { format: '医保卡号', spelling: 'after 医疗保险卡号 / 医保号', label: '医疗保险卡号：', gen: (r) => nz(r, 10 + r.int(7)), needsLabel: true },
  // Vehicles
  { format: 'VIN', spelling: '17 with check digit', label: '车架号：', gen: vin },
  { format: 'VIN', spelling: 'lower case', label: 'VIN：', gen: (r) => vin(r).toLowerCase() },
  { format: 'VIN', spelling: 'full width', label: '车辆识别代号：', gen: (r) => fw(vin(r)) },
  { format: '发动机号', spelling: 'after 发动机号', label: '发动机号：', gen: engine, needsLabel: true },
  { format: '发动机号', spelling: 'after Engine No.', label: 'Engine No.: ', gen: engine, needsLabel: true },
  // Network
  { format: 'IPv6', spelling: 'full and compressed', label: 'IP地址：', gen: ipv6 },
  { format: 'IPv6', spelling: '[addr]:port', label: '登录地址：', gen: (r) => `[${ipv6(r)}]:${1024 + r.int(60000)}`, key: /\[(.+)\]/ },
  { format: 'IPv4', spelling: 'with port', label: '登录IP：', gen: (r) => `${ipv4(r)}:${pick(r, ['80', '8080', '3389', '22', String(1024 + r.int(60000))])}`, key: /^([\d.]+)/ },
  { format: 'URL', spelling: 'ID in the query', label: '链接：', gen: (r) => `https://${pick(r, ['zwfw.sd.gov.cn', 'www.example.cn', 'h5.app.com'])}/${pick(r, ['query', 'api/v1/user', 'apply'])}?${pick(r, ['idcard', 'sfzh', 'certNo', 'id_no'])}=${id18(r)}&t=${r.digits(10)}`, key: /=(\d{17}[\dX])/ },
  { format: 'URL', spelling: 'phone in the query', label: '链接：', gen: (r) => `https://${pick(r, ['m.example.cn', 'wx.gov.cn'])}/${pick(r, ['login', 'sms/send'])}?${pick(r, ['phone', 'mobile', 'tel', 'sjh'])}=${mobile(r)}${pick(r, ['', '&code=1', '&from=wx'])}`, key: /=(1\d{10})/ },
  { format: 'URL', spelling: 'percent-encoded email / +86 mobile / address', label: '链接：', gen: (r) => {
    const enc = (t: string): string => encodeURIComponent(t);
    const v = pick(r, [`${pick(r, ['zhangwei', 'li.na', 'wq_'])}${r.digits(3)}@${pick(r, ['163.com', 'qq.com'])}`, `+86${mobile(r)}`, `${pick(r, ['滨州市滨城区', '广州市天河区'])}${pick(r, ['黄河五路', '中山路'])}${1 + r.int(300)}号`]);
    return `https://${pick(r, ['zwfw.sd.gov.cn', 'm.example.cn'])}/${pick(r, ['apply', 'api/v1/user'])}?${pick(r, ['email', 'tel', 'addr', 'q'])}=${enc(v)}&t=${r.digits(10)}`;
  }, key: /=([^&]+)&/ },
  // Mobiles
  { format: '手机号', spelling: '+86 / 0086 / 86- / (86)', label: '手机：', gen: (r) => `${pick(r, ['+86', '+86 ', '0086', '0086 ', '86-', '(86)', '（86）', '+86-', '(+86) '])}${mobile(r)}`, key: /(1\d{10})$/ },
  { format: '手机号', spelling: '+86 spaced 3-4-4 / dashes', label: 'Tel: ', gen: (r) => { const m = mobile(r); const sep = pick(r, [' ', '-']); return `${pick(r, ['+86 ', '0086-', '+86-', '86 ', ''])}${m.slice(0, 3)}${sep}${m.slice(3, 7)}${sep}${m.slice(7)}`; }, key: /(1\d\d[ -]\d{4}[ -]\d{4})$/ },
  { format: '手机号', spelling: 'digit by digit (1 3 8 …)', label: '联系电话：', gen: (r) => [...mobile(r)].join(pick(r, [' ', ' ', '-'])) },
  { format: '手机号', spelling: 'full width with +８６', label: '手机：', gen: (r) => fw(`+86 ${mobile(r)}`), key: /([１][０-９]{10})$/ },
  // Landlines with an extension
  { format: '座机', spelling: 'area-number转ext', label: '办公电话：', gen: (r) => { const [a, n] = landline(r); return `${a}-${n}${pick(r, ['转', ' 转 ', '-', ' ext. ', ' ext', '分机'])}${r.digits(2 + r.int(3))}`; }, key: /^([\d-]+?)(?:转| 转 |-\d{2,4}$| ext| 分机|分机)/ },
  { format: '座机', spelling: '(area)number ext', label: 'Tel: ', gen: (r) => { const [a, n] = landline(r); return `(${a})${n}${pick(r, [' ext. ', '转', ' x'])}${r.digits(3)}`; }, key: /^(\(\d+\)\d+)/ },
  { format: '座机', spelling: '+86 10 6234 5678 (international form)', label: 'Office: ', gen: (r) => { const [a, n] = landline(r); const sep = pick(r, [' ', '-']); const local = r.chance(0.5) ? n : `${n.slice(0, n.length - 4)}${sep}${n.slice(-4)}`; return `${pick(r, ['+86', '0086', '(+86)', '+86 (0)'])}${pick(r, [' ', '-'])}${a.slice(1)}${sep}${local}`.replace('(0)-', '(0)'); } },
  // Phones of Hong Kong, Macau, Taiwan and abroad (intl-phone.ts: personal_number)
  { format: '境外电话', spelling: '+852/+853 8 digits, +886 9, +1, +44 (0), +81', label: 'Tel: ', gen: (r) => { const sep = pick(r, [' ', '-']); return pick(r, [`+852${sep}${pick(r, ['9', '6', '5', '2'])}${r.digits(3)}${sep}${r.digits(4)}`, `+853${sep}6${r.digits(3)}${sep}${r.digits(4)}`, `+886${sep}9${r.digits(2)}${sep}${r.digits(3)}${sep}${r.digits(3)}`, `+1 ${nz(r, 3)} ${nz(r, 3)} ${r.digits(4)}`, `+44 (0)20 ${r.digits(4)} ${r.digits(4)}`, `+81 90-${r.digits(4)}-${r.digits(4)}`, `+852${pick(r, ['9', '6'])}${r.digits(7)}`]); } },
  // Phones read out in Han digits
  { format: '手机号(汉字)', spelling: '幺三八 幺二三四 五六七八', label: '电话：', gen: (r) => { const m = mobile(r); return han(`${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`, '幺', pick(r, ['〇', '零'])); }, key: /(.+)/ },
  { format: '手机号(汉字)', spelling: '一三八-一二三四-五六七八 / 大写', label: '手机号码：', gen: (r) => { const m = mobile(r); return r.chance(0.5) ? han(`${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`) : [...m].map((c) => '零壹贰叁肆伍陆柒捌玖'[+c]).join(''); }, key: /(.+)/ },
  { format: '座机(汉字)', spelling: '零五四三 三一六二三四五', label: '电话：', gen: (r) => { const [a, n] = landline(r); return han(`${a}${pick(r, ['', ' ', '-'])}${n}`, '一', '零'); }, key: /(.+)/ },
  // English door-level addresses without a street number
  { format: '门牌号(英文)', spelling: 'Flat 3B, 12/F, Block 2, Estate', label: 'Address: ', gen: (r) => `Flat ${1 + r.int(20)}${pick(r, [...'ABCDEF'])}, ${floor(r)}, Block ${1 + r.int(9)}, ${pick(r, EN_ESTATES)}`, key: /^(Flat \d+[A-F], \d+\/F, Block \d)/ },
  { format: '门牌号(英文)', spelling: '12/F, Block B, Estate', label: 'Address: ', gen: (r) => `${floor(r)}, ${pick(r, ['Block', 'Tower', 'Bldg'])} ${pick(r, [...'ABCD123'])}, ${pick(r, EN_ESTATES)}`, key: /^(\d+\/F, \w+ \w)/ },
  { format: '门牌号(英文)', spelling: 'Apt 12/F, Block B / Unit 1203, Tower 2', label: 'Addr: ', gen: (r) => pick(r, [`Apt ${floor(r)}, Block ${pick(r, [...'ABCD'])}`, `Unit ${1 + r.int(30)}0${1 + r.int(4)}, Tower ${1 + r.int(5)}`, `Rm ${1 + r.int(30)}0${1 + r.int(4)}, ${floor(r)}, ${pick(r, EN_ESTATES)}`]), key: /^([^,]+, [^,]+)/ },
];

/** Dates of birth written in Han digits beside a name (一九八五年三月十二日): measured, not asserted (see the test). */
export function hanBirthDate(r: Rng): string {
  const y = 1940 + r.int(65);
  const m = 1 + r.int(12);
  const d = 1 + r.int(28);
  const n = (x: number): string => (x < 10 ? HAN[x]! : x < 20 ? `十${x % 10 ? HAN[x % 10] : ''}` : `${HAN[Math.floor(x / 10)]}十${x % 10 ? HAN[x % 10] : ''}`);
  return `${han(String(y))}年${n(m)}月${n(d)}日`;
}

export interface LookAlike2 {
  kind: string;
  gen: Gen;
}
/** Values that are nobody's and share a shape with the spellings above. */
export const LOOK_ALIKES_2: LookAlike2[] = [
  { kind: 'company USCC (91…) and institutions (12…)', gen: (r) => usccOf(r, pick(r, ['91', '91', '12', '52'])) },
  { kind: 'amounts', gen: (r) => pick(r, [`¥${(r.int(10_000_000) / 100).toFixed(2)}`, `${r.int(100_000)}.${pad(r.int(100), 2)}元`, `RMB ${r.int(9_999_999).toLocaleString('en-US')}.00`, `${(r.int(1_000_000_000) / 100).toFixed(2)}`]) },
  { kind: 'order numbers and timestamps', gen: (r) => pick(r, [`${pick(r, ['DD', 'SO', ''])}2024${pad(1 + r.int(12), 2)}${pad(1 + r.int(28), 2)}${r.digits(6 + r.int(6))}`, `${1_600_000_000 + r.int(200_000_000)}`, `${1_600_000_000_000 + r.int(200_000_000_000)}`, `2024-${pad(1 + r.int(12), 2)}-${pad(1 + r.int(28), 2)}T${pad(r.int(24), 2)}:${pad(r.int(60), 2)}:${pad(r.int(60), 2)}+08:00`]) },
  { kind: 'hotlines with an extension, service numbers', gen: (r) => pick(r, [`95588转${r.int(10)}`, `12345转${r.digits(1)}`, `400-${r.digits(3)}-${r.digits(4)}转${r.digits(3)}`, `10086`, `${pick(r, ['95533', '96166'])}-${r.int(10)}`]) },
  { kind: 'ordinary URLs with numbers', gen: (r) => `https://${pick(r, ['www.gov.cn', 'news.example.cn'])}/${pick(r, ['zhengce', 'art'])}/${2020 + r.int(5)}-${pad(1 + r.int(12), 2)}/${pad(1 + r.int(28), 2)}/content_${r.digits(7)}.htm?${pick(r, ['page', 'id', 'pid'])}=${r.digits(pick(r, [2, 4, 6, 8]))}` },
  { kind: 'percent-encoded URLs without a person (search words, utm, 12.5%)', gen: (r) => `https://${pick(r, ['www.gov.cn', 'news.example.cn'])}/search?q=${encodeURIComponent(pick(r, ['你好', '办事指南', '公积金提取', '2024年政策', 'a+b=c', '50% off']))}&utm_source=${pick(r, ['wx', 'weibo'])}&p=${r.int(50)}` },
  { kind: 'versions, ports, sockets', gen: (r) => pick(r, [`localhost:${1024 + r.int(60000)}`, `v${r.int(9)}.${r.int(30)}.${r.int(99)}`, `${r.int(24)}:${pad(r.int(60), 2)}`, `Build ${r.digits(4)}.${r.digits(3)}`, `::1`, `0.0.0.0:${r.int(9000)}`]) },
  { kind: 'English text with floors and blocks (no address)', gen: (r) => pick(r, [`Level ${r.int(30)} of the game`, `Block ${r.int(9)} of the test`, `12/F sale ends ${pad(1 + r.int(28), 2)}/${pad(1 + r.int(12), 2)}`, `Unit ${r.int(20)} exam`, `Flat rate ${r.int(20)}%`, `Tower ${r.int(9)} defence`, `${r.int(30)}/${r.int(30)} passed`]) },
  { kind: 'signed numbers and changes (+12.5%, +3.141593, +1,234.56, +12345678)', gen: (r) => pick(r, [`+${(r.float() * 100).toFixed(1)}%`, `+${(r.float() * 10).toFixed(6)}`, `+${r.int(10_000_000).toLocaleString('en-US')}.${pad(r.int(100), 2)}`, `+${nz(r, 5 + r.int(4))}`, `同比+${r.int(50)}.${r.int(10)}%，环比+${r.int(20)}%`]) },
  { kind: 'Chinese dates in Han digits (no birth)', gen: (r) => `${han(String(2000 + r.int(25)))}年${pick(r, ['一', '三', '十二'])}月${pick(r, ['五', '十八', '二十一'])}日召开会议` },
];

/** Placements: id-formats.ts's four, plus an English sentence and an English label. */
export const PLACEMENTS_2: Placement[] = [
  { name: 'cell', column: 'col_7', wrap: (v) => v },
  { name: 'Chinese text', column: '备注', wrap: (v) => `经核实，${v}，已登记。` },
  { name: 'English text', column: 'remarks', wrap: (v) => `Checked on site: ${v}, record updated.` },
  { name: 'labelled', column: '备注', wrap: (v, label) => `办理人提交材料，${label}${v}，待复核。` },
];

export { Rng };
