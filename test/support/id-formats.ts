/**
 * Seeded generators for the identifier-formats sweep (test/identifier-formats.test.ts): every
 * personal identifier format of /work/shared/reference/cn-identifiers.md and the ones the sweep
 * added (foreign permanent residence IDs, officers' cards, IMEI/MAC, Alipay IDs …), each in
 * several spellings, and per format look-alike values that are no person's (order numbers,
 * product codes, amounts, dates, public hotlines, near-misses of the format). Written for this
 * sweep, not copied from the bundled samples, so recall and false positives are measured on
 * values the detectors were not tuned on. Check characters come from fixtures/lib/ids.ts, which
 * is deliberately independent of @tuomin/core.
 */
import { Rng } from '../../fixtures/lib/rng.js';
import { orgCodeCheckChar, residentIdCheckChar, usccCheckChar } from '../../fixtures/lib/ids.js';
import { toFullWidth } from '../../fixtures/lib/messy.js';

export type Gen = (r: Rng) => string;

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[r.int(xs.length)]!;
const pad = (n: number, w: number): string => String(n).padStart(w, '0');
/** n digits, the first not 0. */
const nz = (r: Rng, n: number): string => String(1 + r.int(9)) + r.digits(n - 1);

const REGIONS = ['110105', '310104', '371602', '440305', '510107', '130503', '320583', '420106', '500103', '650102'];
const PROVINCES = ['11', '31', '37', '44', '51', '13', '32', '42', '50', '65'];

function date(r: Rng, y0 = 1950, y1 = 2005): [number, number, number] {
  return [y0 + r.int(y1 - y0 + 1), 1 + r.int(12), 1 + r.int(28)];
}
const ymd = ([y, m, d]: [number, number, number]): string => `${y}${pad(m, 2)}${pad(d, 2)}`;

/** An 18-character ID with the check character; `head` replaces the region. */
export function id18(r: Rng, head = pick(r, REGIONS)): string {
  const first = `${head}${ymd(date(r))}${r.digits(3)}`;
  return first + residentIdCheckChar(first);
}
/** An ID whose check character is X (for the lower-case x spelling). */
function id18x(r: Rng, head?: string): string {
  for (;;) { const v = id18(r, head); if (v.endsWith('X')) return v; }
}
function id15(r: Rng): string {
  const [y, m, d] = date(r, 1930, 1999);
  return `${pick(r, REGIONS)}${pad(y % 100, 2)}${pad(m, 2)}${pad(d, 2)}${r.digits(3)}`;
}

/** Luhn check digit for `body`. */
export function luhnDigit(body: string): string {
  let sum = 0;
  for (let k = 0; k < body.length; k++) {
    let v = body.charCodeAt(body.length - 1 - k) - 48;
    if (k % 2 === 0) { v *= 2; if (v > 9) v -= 9; }
    sum += v;
  }
  return String((10 - (sum % 10)) % 10);
}
function card(r: Rng, len: number, prefix = pick(r, ['62', '60', '65'])): string {
  const body = prefix + r.digits(len - prefix.length - 1);
  return body + luhnDigit(body);
}
const group4 = (s: string, sep = ' '): string => s.match(/.{1,4}/g)!.join(sep);

function uscc92(r: Rng): string {
  const org8 = r.digits(8).replace(/^./, 'M');
  const org = org8 + orgCodeCheckChar(org8);
  const first = `92${pick(r, REGIONS)}${org}`;
  return first + usccCheckChar(first);
}

/** A 2023 foreign permanent residence ID: 9, province, 3-digit nationality, YYYYMMDD, 3 digits, MOD 11-2. */
function foreignPr2023(r: Rng): string {
  const first = `9${pick(r, PROVINCES)}${pick(r, ['840', '392', '410', '250', '276', '826', '643', '036'])}${ymd(date(r))}${r.digits(3)}`;
  return first + residentIdCheckChar(first);
}
/** The 2004 card: 3-letter nationality, 2-digit province, YYMMDD, 4 digits. */
function foreignPr2004(r: Rng): string {
  const [y, m, d] = date(r, 1940, 2004);
  return `${pick(r, ['USA', 'JPN', 'KOR', 'FRA', 'DEU', 'GBR', 'RUS', 'AUS', 'CAN'])}${pick(r, PROVINCES)}${pad(y % 100, 2)}${pad(m, 2)}${pad(d, 2)}${r.digits(4)}`;
}

const PLATE_PROV = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_LET = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
function nevPlate(r: Rng, large: boolean, sep: string): string {
  const head = pick(r, [...PLATE_PROV]) + pick(r, [...PLATE_LET]) + sep;
  if (large) return head + r.digits(5) + pick(r, ['D', 'F']);
  return head + pick(r, ['D', 'F']) + pick(r, [...`${PLATE_LET}0123456789`]) + r.digits(4);
}

function imei(r: Rng): string {
  const body = pick(r, ['86', '35', '01', '99']) + r.digits(12);
  return body + luhnDigit(body);
}
const HEX = '0123456789ABCDEF';
function mac(r: Rng): string[] {
  const b: string[] = [];
  for (let k = 0; k < 6; k++) b.push(HEX[r.int(16)]! + HEX[r.int(16)]!);
  return b;
}

function gps(r: Rng): [string, string] {
  const lat = (18 + r.float() * 35).toFixed(5 + r.int(2));
  const lon = (74 + r.float() * 60).toFixed(5 + r.int(2));
  return [lat, lon];
}
function dms(r: Rng, deg: number): string {
  return `${deg}°${r.int(60)}′${r.int(60)}.${r.int(10)}″`;
}

const STREETS = ['黄河五路', '渤海七路', '中山路', '人民大街', '解放西路', '建设巷', '长江三路', '新华街'];
const ESTATES = ['阳光花园', '锦绣家园', '幸福里小区', '金色港湾', '翠湖苑'];
const CITIES = ['滨州市滨城区', '广州市天河区', '成都市武侯区', '南京市鼓楼区', '杭州市西湖区'];
const EN_STREETS = ['Zhongshan Rd', 'Renmin Ave', 'Huanghe 5th Rd', 'Jiefang St', 'Nanjing W Rd'];

/** One spelling of one format: a generator of the value alone. */
export interface Spelling {
  format: string;
  spelling: string;
  gen: Gen;
  /** A label the value is written after inside a text, as forms write it (证件号码：…). */
  label: string;
  /**
   * The value carries nothing that identifies it without a label or a header (a bare 8-digit
   * permit, a QQ number): recall is expected in labelled text only.
   */
  needsLabel?: boolean;
  /** The part that must be found (group 1), when not every letter and digit: a certificate's serial. */
  key?: RegExp;
  /** Types that count as found besides the personal ones (cn_uscc of a 个体工商户). */
  types?: readonly string[];
}

const fw = toFullWidth;
export const SPELLINGS: Spelling[] = [
  // 港澳居民来往内地通行证
  { format: '港澳居民来往内地通行证', spelling: 'H/M+8', label: '回乡证号：', gen: (r) => pick(r, ['H', 'M']) + r.digits(8) },
  { format: '港澳居民来往内地通行证', spelling: 'H/M+10', label: '通行证号码：', gen: (r) => pick(r, ['H', 'M']) + r.digits(8) + pad(r.int(6), 2) },
  { format: '港澳居民来往内地通行证', spelling: 'lower h/m', label: '回乡证号：', gen: (r) => pick(r, ['h', 'm']) + r.digits(8) },
  { format: '港澳居民来往内地通行证', spelling: 'full-width', label: '回乡证号：', gen: (r) => fw(pick(r, ['H', 'M']) + r.digits(8)) },
  // 台湾居民来往大陆通行证
  { format: '台湾居民来往大陆通行证', spelling: '8 digits', label: '台胞证号：', gen: (r) => r.digits(8), needsLabel: true },
  // 港澳台居民居住证
  { format: '港澳台居民居住证', spelling: '18 plain', label: '居住证号码：', gen: (r) => id18(r, pick(r, ['81', '82', '83']) + '0000') },
  { format: '港澳台居民居住证', spelling: '6-8-4 spaced', label: '居住证号码：', gen: (r) => id18(r, pick(r, ['81', '82', '83']) + '0000').replace(/^(.{6})(.{8})/, '$1 $2 ') },
  // 外国人永久居留身份证
  { format: '外国人永久居留身份证', spelling: '2004: 3 letters+12', label: '永久居留证号：', gen: foreignPr2004 },
  { format: '外国人永久居留身份证', spelling: '2023: 18 digits 9…', label: '永久居留身份证号码：', gen: foreignPr2023 },
  { format: '外国人永久居留身份证', spelling: '2023 spaced', label: '永久居留身份证号码：', gen: (r) => foreignPr2023(r).replace(/^(.{6})(.{8})/, '$1 $2 ') },
  // Passports
  { format: '护照', spelling: 'E/G+8', label: '护照号：', gen: (r) => pick(r, ['E', 'G']) + r.digits(8) },
  { format: '护照', spelling: 'P/S/D+8', label: '护照号码：', gen: (r) => pick(r, ['P', 'S', 'D']) + r.digits(8) },
  { format: '护照', spelling: 'EA-EF/PE+7', label: '护照号码：', gen: (r) => pick(r, ['EA', 'EB', 'EC', 'EF', 'PE', 'SE', 'DE']) + r.digits(7) },
  { format: '护照', spelling: 'lower e/g', label: '护照号：', gen: (r) => pick(r, ['e', 'g']) + r.digits(8) },
  // 军官证
  { format: '军官证', spelling: 'X字第n号', label: '军官证：', gen: (r) => `${pick(r, [...'南北沈兰成济广海空参政后装军武'])}字第${r.digits(6 + r.int(3))}号` },
  { format: '军官证', spelling: '军字第 n 号 spaced', label: '军官证号：', gen: (r) => `${pick(r, ['军', '政', '后'])}字第 ${r.digits(8)} 号` },
  // IDs
  { format: '身份证(15位)', spelling: '15 plain', label: '身份证号：', gen: id15 },
  { format: '身份证(15位)', spelling: '6-6-3 spaced', label: '身份证号：', gen: (r) => id15(r).replace(/^(.{6})(.{6})/, '$1 $2 ') },
  { format: '身份证(18位)', spelling: 'spaces 6-8-4', label: '身份证号：', gen: (r) => id18(r).replace(/^(.{6})(.{8})/, '$1 $2 ') },
  { format: '身份证(18位)', spelling: 'hyphens', label: '身份证号：', gen: (r) => id18(r).replace(/^(.{6})(.{4})(.{4})/, '$1-$2-$3-') },
  { format: '身份证(18位)', spelling: 'full-width', label: '身份证号：', gen: (r) => fw(id18(r)) },
  { format: '身份证(18位)', spelling: 'lower x', label: '身份证号：', gen: (r) => id18x(r).toLowerCase() },
  // Bank cards
  { format: '银行卡', spelling: '16-19 digits', label: '银行卡号：', gen: (r) => card(r, 16 + r.int(4)) },
  { format: '银行卡', spelling: 'grouped by spaces', label: '银行卡号：', gen: (r) => group4(card(r, 16 + r.int(4))) },
  { format: '银行卡', spelling: 'grouped by hyphens', label: '卡号：', gen: (r) => group4(card(r, 16 + r.int(4)), '-') },
  { format: '银行卡', spelling: 'Visa/MC/JCB 16', label: '信用卡号：', gen: (r) => card(r, 16, pick(r, ['4', '51', '55', '35'])) },
  // 个体工商户 USCC (decision: personal, see docs/detection.md)
  { format: '个体工商户统一社会信用代码', spelling: '92…', label: '统一社会信用代码：', gen: uscc92, types: ['cn_uscc'] },
  // New-energy plates
  { format: '新能源车牌', spelling: '粤BD12345', label: '车牌号：', gen: (r) => nevPlate(r, r.chance(0.5), '') },
  { format: '新能源车牌', spelling: '粤B·D12345', label: '车牌：', gen: (r) => nevPlate(r, r.chance(0.5), '·') },
  { format: '新能源车牌', spelling: '粤B D12345', label: '车牌：', gen: (r) => nevPlate(r, r.chance(0.5), ' ') },
  { format: '新能源车牌', spelling: '粤 B D12345 (space after the province)', label: '车牌：', gen: (r) => { const v = nevPlate(r, r.chance(0.5), pick(r, ['', ' ', '·'])); return `${v.slice(0, 1)} ${v.slice(1)}`; } },
  { format: '新能源车牌', spelling: 'full-width letters', label: '车牌：', gen: (r) => fw(nevPlate(r, r.chance(0.5), '·')) },
  { format: '新能源车牌', spelling: 'lower case', label: '车牌：', gen: (r) => nevPlate(r, r.chance(0.5), '').toLowerCase() },
  // Accounts
  { format: '微信号', spelling: 'letters+digits', label: '微信：', gen: (r) => pick(r, ['zhang', 'li_', 'wang', 'xiao', 'chen-']) + pick(r, ['wei', 'na', 'qiang', 'fang']) + r.digits(2 + r.int(4)), needsLabel: true },
  { format: '微信号', spelling: 'wxid_', label: '微信号：', gen: (r) => `wxid_${r.digits(4)}${pick(r, ['a', 'k', 'x'])}${r.digits(8)}` },
  { format: 'QQ号', spelling: '5-11 digits', label: 'QQ：', gen: (r) => nz(r, 6 + r.int(5)), needsLabel: true },
  { format: '支付宝', spelling: 'user id 2088…', label: '支付宝：', gen: (r) => `2088${r.digits(12)}` },
  { format: '支付宝', spelling: 'account (mobile/email)', label: '支付宝账号：', gen: (r) => (r.chance(0.5) ? `1${pick(r, ['38', '39', '58', '86', '77'])}${r.digits(8)}` : `${pick(r, ['zhangwei', 'lina', 'wq'])}${r.digits(3)}@${pick(r, ['163.com', 'qq.com', 'sina.cn'])}`) },
  // Email addresses spelled to keep crawlers off
  { format: '电子邮箱', spelling: 'plain', label: '邮箱：', gen: (r) => `${pick(r, ['zhangwei', 'li.na', 'wq_', 'chen'])}${r.digits(2 + r.int(3))}@${pick(r, ['163.com', 'qq.com', 'sina.cn', 'gmail.com', 'hotmail.com'])}` },
  { format: '电子邮箱', spelling: '(at) [at] #', label: '邮箱：', gen: (r) => `${pick(r, ['zhangwei', 'li.na', 'wq_', 'chen'])}${r.digits(2 + r.int(3))}${pick(r, ['(at)', '[at]', '#', ' (at) ', '(AT)'])}${pick(r, ['163.com', 'qq.com', 'sina.cn', 'gmail.com'])}` },
  { format: '电子邮箱', spelling: 'spaced @, 。 for the dot', label: '邮箱：', gen: (r) => `${pick(r, ['zhangwei', 'li.na', 'wq_', 'chen'])}${r.digits(2 + r.int(3))}${pick(r, [' @ ', '@'])}${pick(r, ['163', 'qq', 'sina', 'foxmail'])}${pick(r, ['。com', '．com', '.com', '。cn'])}` },
  // Devices
  { format: 'IMEI', spelling: '15 digits', label: 'IMEI：', gen: imei },
  { format: 'IMEI', spelling: 'AA-BBBBBB-CCCCCC-D', label: 'IMEI号：', gen: (r) => imei(r).replace(/^(..)(.{6})(.{6})/, '$1-$2-$3-') },
  { format: 'MAC', spelling: 'AA:BB:…', label: 'MAC：', gen: (r) => mac(r).join(':') },
  { format: 'MAC', spelling: 'aa-bb-…', label: 'MAC地址：', gen: (r) => mac(r).join('-').toLowerCase() },
  { format: 'MAC', spelling: 'AABB.CCDD.EEFF', label: 'MAC：', gen: (r) => { const b = mac(r); return `${b[0]}${b[1]}.${b[2]}${b[3]}.${b[4]}${b[5]}`.toLowerCase(); } },
  // Positions
  { format: 'GPS坐标', spelling: 'lat,lon 5-6 dp', label: '位置：', gen: (r) => gps(r).join(',') },
  { format: 'GPS坐标', spelling: 'lon, lat 5-6 dp', label: '定位：', gen: (r) => { const [a, b] = gps(r); return `${b}, ${a}`; } },
  { format: 'GPS坐标', spelling: 'lat lon (space)', label: 'GPS：', gen: (r) => gps(r).join(' ') },
  { format: 'GPS坐标', spelling: 'DMS N/E after', label: '坐标：', gen: (r) => `${dms(r, 18 + r.int(35))}N ${dms(r, 74 + r.int(60))}E` },
  { format: 'GPS坐标', spelling: 'DMS N/E before', label: '坐标：', gen: (r) => `N${dms(r, 18 + r.int(35))} E${dms(r, 74 + r.int(60))}` },
  { format: 'GPS坐标', spelling: '北纬…东经…', label: '', gen: (r) => `北纬${dms(r, 18 + r.int(35))}，东经${dms(r, 74 + r.int(60))}` },
  // Insurance, social security
  { format: '社保卡号', spelling: 'letter+8', label: '社保卡号：', gen: (r) => pick(r, [...'ABCNMX']) + r.digits(8), needsLabel: true },
  { format: '医保号', spelling: '10-16 digits', label: '医保卡号：', gen: (r) => nz(r, 10 + r.int(7)), needsLabel: true },
  // Property certificates
  { format: '不动产权证号', spelling: '鲁(2023)…第n号', label: '', gen: (r) => `${pick(r, [...'鲁粤苏浙川'])}(${2016 + r.int(9)})${pick(r, ['滨州市', '广州市', '南京市', '杭州市', '成都市'])}不动产权第${r.digits(7)}号`, key: /第(\d+)号/ },
  { format: '不动产权证号', spelling: 'full-width brackets', label: '', gen: (r) => `${pick(r, [...'鲁粤苏浙川'])}（${2016 + r.int(9)}）${pick(r, ['滨州市', '广州市', '南京市'])}不动产权第${r.digits(7)}号`, key: /第(\d+)号/ },
  { format: '不动产权证号', spelling: '不动产权证第', label: '', gen: (r) => `${pick(r, [...'鲁粤苏'])}(${2016 + r.int(9)})${pick(r, ['滨州市', '广州市'])}不动产权证第${r.digits(7)}号`, key: /第(\d+)号/ },
  // House numbers
  { format: '门牌号', spelling: '路n号n号楼n单元n室', label: '', gen: (r) => `${pick(r, CITIES)}${pick(r, STREETS)}${1 + r.int(400)}号${1 + r.int(30)}号楼${1 + r.int(6)}单元${1 + r.int(30)}0${1 + r.int(4)}室` },
  { format: '门牌号', spelling: '小区n栋n单元n', label: '住址：', gen: (r) => `${pick(r, ESTATES)}${1 + r.int(30)}栋${1 + r.int(6)}单元${1 + r.int(30)}0${1 + r.int(4)}` },
  { format: '门牌号', spelling: '小区n幢n室', label: '住址：', gen: (r) => `${pick(r, ESTATES)}${1 + r.int(30)}幢${1 + r.int(30)}0${1 + r.int(4)}室` },
  { format: '门牌号', spelling: '小区n-n-n (楼-单元-室)', label: '住址：', gen: (r) => `${pick(r, ESTATES)}${1 + r.int(30)}-${1 + r.int(6)}-${1 + r.int(30)}0${1 + r.int(4)}` },
  { format: '门牌号', spelling: 'n村n组n号', label: '住址：', gen: (r) => `${pick(r, CITIES)}${pick(r, ['张家', '李庄', '王楼', '后营'])}村${1 + r.int(12)}组${1 + r.int(120)}号` },
  { format: '门牌号', spelling: '小区X座n室', label: '住址：', gen: (r) => `${pick(r, ESTATES)}${pick(r, [...'ABCDE'])}座${1 + r.int(30)}0${1 + r.int(4)}室` },
  { format: '门牌号', spelling: 'Rm n, Bldg n, n … Rd', label: 'Address: ', gen: (r) => `Rm ${1 + r.int(30)}0${1 + r.int(4)}, Bldg ${1 + r.int(30)}, ${1 + r.int(400)} ${pick(r, EN_STREETS)}` },
];

/** Look-alike values that are nobody's: every format is measured against all of them. */
export interface LookAlike {
  kind: string;
  gen: Gen;
}
export const LOOK_ALIKES: LookAlike[] = [
  { kind: 'order numbers', gen: (r) => pick(r, ['DD', 'SO', 'PO', 'ORD', '']) + `2024${pad(1 + r.int(12), 2)}${pad(1 + r.int(28), 2)}${r.digits(4 + r.int(8))}` },
  { kind: 'product codes', gen: (r) => pick(r, ['SKU-', 'HW-', 'MX', 'A', 'B', 'KX', 'T']) + r.digits(5 + r.int(5)) + pick(r, ['', '-A', 'B', '-2']) },
  { kind: 'amounts', gen: (r) => pick(r, ['', '¥', '￥', 'RMB ']) + (r.int(10_000_000) / 100).toFixed(2) + pick(r, ['', '元', ' CNY']) },
  { kind: 'dates and times', gen: (r) => pick(r, [`2024-${pad(1 + r.int(12), 2)}-${pad(1 + r.int(28), 2)} ${pad(r.int(24), 2)}:${pad(r.int(60), 2)}:${pad(r.int(60), 2)}`, `2024${pad(1 + r.int(12), 2)}${pad(1 + r.int(28), 2)}${pad(r.int(24), 2)}${pad(r.int(60), 2)}`, `${2000 + r.int(25)}年${1 + r.int(12)}月${1 + r.int(28)}日`]) },
  { kind: 'public hotlines', gen: (r) => pick(r, ['12345', '95588', '95599', '95533', '12315', '12366', '110', '120', '400-820-8820', '4006-123-456', '800-810-8888', '95511-3']) },
  { kind: 'invoice and tracking numbers', gen: (r) => pick(r, [nz(r, 12), `SF${r.digits(12)}`, `YT${r.digits(13)}`, `JD${r.digits(13)}`, `${nz(r, 20)}`]) },
  { kind: 'near-miss IDs (wrong check)', gen: (r) => { const v = id18(r); const c = v[17] === '0' ? '1' : '0'; return v.slice(0, 17) + c; } },
  { kind: 'near-miss cards (Luhn fails, other prefix)', gen: (r) => nz(r, 16 + r.int(4)).replace(/^[3456]/, '8') },
  { kind: 'decimals (measurements, rates)', gen: (r) => pick(r, [(r.float() * 100).toFixed(4 + r.int(3)), `${(r.float() * 100).toFixed(2)},${(r.float() * 100).toFixed(2)}`, `${(r.float() * 200).toFixed(5)} kg`]) },
  { kind: 'codes with letters (batch, model, version)', gen: (r) => pick(r, [`v${r.int(10)}.${r.int(20)}.${r.int(100)}`, `${pick(r, ['H', 'M', 'E', 'G', 'P'])}${r.digits(4)}-${r.digits(4)}`, `Model ${pick(r, ['X', 'H', 'G'])}${r.digits(3)}`, `批次${pick(r, ['H', 'M', 'E'])}${r.digits(6)}`]) },
  { kind: '15- and 16-digit numbers (serials, waybills)', gen: (r) => pick(r, [nz(r, 15), nz(r, 16), `${pick(r, ['35', '86', '01', '99'])}${r.digits(13)}`, `2088${r.digits(r.int(2) === 0 ? 11 : 13)}`]) },
  { kind: 'hex and colon strings (hashes, UUIDs, times, colours)', gen: (r) => { const h = (n: number): string => { let o = ''; for (let k = 0; k < n; k++) o += HEX[r.int(16)]!.toLowerCase(); return o; }; return pick(r, [`${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}`, h(40), `#${h(6)}`, `${pad(r.int(24), 2)}:${pad(r.int(60), 2)}:${pad(r.int(60), 2)}`, `${h(2)}:${h(2)}:${h(2)}`, `${h(4)}.${h(4)}`, `v${r.int(9)}.${r.int(9)}.${r.int(9)}.${r.int(9)}-${h(7)}`]); } },
  { kind: 'text with # and @ (topics, mentions, C#, anchors)', gen: (r) => pick(r, [`#${pick(r, ['话题', '便民服务', '12345'])}#`, `@${pick(r, ['张伟', '网格员', 'admin'])} 请查收`, `C# ${r.digits(2)}.net`, `page#sec${r.digits(2)}.html`, `第#${r.digits(2)}号`, `单价@${r.digits(2)}.${r.digits(2)}元`, `issue #${r.digits(4)} fixed in v${r.int(9)}.${r.int(9)}`, `备注[at]${r.digits(3)}`]) },
  { kind: 'province-prefixed words and licences (京ICP备, 粤B2-, A股)', gen: (r) => { const pv = pick(r, [...PLATE_PROV]); return pick(r, [`${pv}ICP备${r.digits(8)}号`, `${pv}B2-${r.digits(8)}`, `${pv} A股${r.digits(3)}`, `${pv}D级${r.digits(2)}`, `${pv}A${r.digits(4)}`, `${pv}公网安备${r.digits(14)}号`, `${pv}AB${r.digits(2)}C`]); } },
];

/** `n` values of one generator, from a seed of its own. */
export function values(gen: Gen, n: number, seed: number): string[] {
  const r = new Rng(seed);
  const out: string[] = [];
  for (let k = 0; k < n; k++) out.push(gen(r));
  return out;
}

/** How a value is placed: alone under a neutral or a misleading header, or inside a text. */
export interface Placement {
  name: string;
  column: string;
  wrap: (v: string, label: string) => string;
}
export const PLACEMENTS: Placement[] = [
  { name: 'cell, neutral header', column: 'col_7', wrap: (v) => v },
  { name: 'cell, misleading header', column: '订单编号', wrap: (v) => v },
  { name: 'text, no label', column: '备注', wrap: (v) => `经核实，${v}，已登记。` },
  { name: 'text, labelled', column: '备注', wrap: (v, label) => `办理人提交材料，${label}${v}，待复核。` },
];
