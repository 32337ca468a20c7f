/**
 * Seeded extracts of the fourth unseen-domain sweep (test/unseen-domains-4.test.ts), each with the
 * shapes of identifier its domain really has: outpatient visits (门诊号, 医保卡号, ICD-10 codes,
 * doctors, times to the second, door addresses); a 低保 roll with a whole household in one cell
 * and the members' IDs in another, bank accounts as Excel leaves them, villages and 组; traffic
 * violations with every kind of plate (new-energy 8-character, 使, 领, 警, 学, 挂), VINs with their
 * check digit, driving licence numbers (= ID numbers), engine numbers; hotel check-ins (rows as
 * objects, for NDJSON and Parquet) with a JSON text column and time-zoned timestamps; a school
 * enrolment list as Excel exports CSV: GB18030, ="0123" cells, 3.71602E+17, full-width digits.
 *
 * `direct` holds every raw name and identifier as written (names of two characters and more);
 * `canonical` the identifiers (7+ characters) to look for in any spelling; `attacker` the source
 * columns an attacker knows.
 */
import iconv from 'iconv-lite';
import { residentId, toFullWidth } from '../../fixtures/lib/index.js';
import { dateBetween, isoDate } from '../../fixtures/lib/dates.js';
import { worldFor, pad, pickWeighted } from '../../fixtures/lib/domains/extract.js';
import { plant, type PlantedSets } from '../../fixtures/lib/domains/planted.js';
import { shapedBytes } from '../../fixtures/lib/domains/raw-file.js';
import type { Rng } from '../../fixtures/lib/rng.js';
import type { World } from '../../fixtures/lib/world.js';

export interface Extract4 {
  header: string[];
  rows: string[][];
  direct: Set<string>;
  canonical: Set<string>;
  attacker: string[];
  /** The column whose name gives no hint that it holds identifiers, if any. */
  hidden?: string;
}

const p2 = (n: number): string => pad(n, 2);
const PLACE_WORDS = '滨州 邹平 惠民 阳信 无棣 博兴 沾化 滨城 王家 李家 张官 后刘 前赵 小高 大杨 新立 梁才 秦皇 三河 杜店 里则 市西 滨北 银座 如家 汉庭 锦江 鑫源 北镇 黄河 长江 渤海 中海 梧桐'.split(' ');
const stamp = (rng: Rng, y0: number, y1: number): string => {
  const d = dateBetween(rng, [y0, 1, 1], [y1, 12, 31]);
  return `${isoDate(d)} ${p2(rng.range(7, 21))}:${p2(rng.int(60))}:${p2(rng.int(60))}`;
};
const ageAt = (birth: { year: number; month: number; day: number }, when: string): number => {
  const [y, m, d] = when.slice(0, 10).split('-').map(Number) as [number, number, number];
  return y - birth.year - (m < birth.month || (m === birth.month && d < birth.day) ? 1 : 0);
};
// A two-character name that is also a place word (邹平, 王家) is no leak where the place is published.
const keep = (x: PlantedSets, ...values: string[]): void => plant(x, values, (v) => PLACE_WORDS.includes(v));

// ---------------------------------------------------------------- (a) outpatient visits
const DEPTS: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  ['呼吸内科', [['J06.900', '急性上呼吸道感染'], ['J20.900', '急性支气管炎'], ['J45.900', '支气管哮喘']]],
  ['心血管内科', [['I10.x00', '原发性高血压'], ['I25.103', '冠状动脉粥样硬化性心脏病'], ['I48.x01', '心房颤动']]],
  ['内分泌科', [['E11.900', '2型糖尿病'], ['E05.900', '甲状腺功能亢进症']]],
  ['精神科', [['F32.900', '抑郁发作'], ['F20.900', '精神分裂症']]],
  ['感染科', [['B20.x00', 'HIV病造成的感染性疾病'], ['B18.100', '慢性乙型病毒性肝炎']]],
  ['妇科', [['N76.000', '急性阴道炎'], ['O02.100', '稽留流产']]],
  ['儿科', [['J06.900', '急性上呼吸道感染'], ['A08.400', '病毒性肠炎']]],
  ['骨科', [['M51.202', '腰椎间盘突出'], ['S82.201', '胫骨骨折']]],
];
const DEPT_W: ReadonlyArray<readonly [number, number]> = [[0, 25], [1, 20], [2, 15], [3, 5], [4, 3], [5, 10], [6, 15], [7, 7]];

export function outpatientVisits(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 401);
  const header = ['门诊号', '患者姓名', '性别', '出生日期', '年龄', '身份证号', '医保卡号', '联系电话', '现住址', '就诊科室', '接诊医生', '就诊时间', '诊断编码', '诊断名称', '费用合计', '医保类型'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['性别', '出生日期', '年龄', '现住址', '就诊时间'] };
  const doctors = Array.from({ length: 40 }, () => world.names.person(rng));
  for (let i = 0; i < rows; i++) {
    const p = world.person([1938, 1, 1], [2023, 12, 31]);
    const when = stamp(rng, 2025, 2025);
    const dept = DEPTS[pickWeighted(rng, DEPT_W)]!;
    const [code, dx] = rng.pick(dept[1]);
    const visit = `MZ${when.slice(0, 10).replaceAll('-', '')}${pad(i + 1, 5)}`;
    // 医保卡号: the social-security number (= ID) on new cards, a 9-character card number on old ones.
    const card = rng.chance(0.6) ? p.id : `${rng.pick(['A', 'B', 'C', 'E'])}${rng.digits(8)}`;
    const phone = world.mobile();
    const doctor = rng.pick(doctors);
    const address = world.address(world.county(), false);
    keep(x, visit, p.name, p.id, card, phone, doctor);
    x.rows.push([
      visit, p.name, p.male ? '男' : '女', isoDate(p.birth), String(ageAt(p.birth, when)), p.id, card, phone, address,
      dept[0], doctor, when, code, dx, (rng.range(1500, 90000) / 100).toFixed(2), rng.pick(['城镇职工', '城乡居民', '自费', '城乡居民']),
    ]);
  }
  return x;
}

// ---------------------------------------------------------------- (b) 低保 roll
const TOWNS = ['市西街道', '杜店街道', '里则街道', '梁才街道', '秦皇台乡', '滨北街道', '三河湖镇'];
const VILLAGE = ['王家', '李家', '张官', '后刘', '前赵', '小高', '大杨', '新立'];
const REASONS: ReadonlyArray<readonly [string, number]> = [['因病', 35], ['因残', 25], ['缺劳力', 20], ['因学', 8], ['年老体弱', 12]];
const relative = (w: World, surname: string, rng: Rng): string => {
  const n = w.names.person(rng);
  return rng.chance(0.7) && !n.includes('·') ? surname + n.slice(n.length === 2 ? 1 : 1) : n;
};
const LUHN = (body: string): string => {
  let s = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    s += d;
  }
  return String((10 - (s % 10)) % 10);
};

export function allowanceRoll(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 402);
  const header = ['序号', '乡镇（街道）', '村（社区）', '户主姓名', '身份证号码', '性别', '家庭成员', '成员身份证号', '保障人数', '致贫原因', '月保障金额', '开户银行', '银行账号', '联系电话', '残疾证号', '备注'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['乡镇（街道）', '村（社区）', '性别', '保障人数'] };
  for (let i = 0; i < rows; i++) {
    const head = world.person([1935, 1, 1], [1995, 12, 31]);
    const county = world.binzhouCounty();
    const surname = head.name.includes('·') ? '' : head.name[0]!;
    const size = pickWeighted(rng, [[1, 30], [2, 30], [3, 25], [4, 15]] as const);
    const members: Array<[string, string, string]> = [['户主', head.name, head.id]];
    if (size >= 2) {
      const spouse = world.person([head.birth.year - 5, 1, 1], [Math.min(head.birth.year + 5, 1999), 12, 31]);
      members.push([rng.pick(['配偶', '妻子', '丈夫']), spouse.name, spouse.id]);
    }
    while (members.length < size) {
      const child = world.person([Math.min(head.birth.year + 20, 2015), 1, 1], [Math.min(head.birth.year + 40, 2020), 12, 31]);
      const name = relative(world, surname, rng);
      members.push([rng.pick(['子女', '长子', '次女', '孙子', '孙女']), name, residentId(rng, county.code, child.birth, child.male)]);
    }
    for (const [, n, id] of members) keep(x, n, id);
    // Household in one cell, in the three ways rolls write it.
    const style = rng.int(3);
    const household = style === 0 ? members.map(([r, n]) => `${r} ${n}`).join('；')
      : style === 1 ? members.map(([r, n]) => `${r}:${n}`).join(',')
        : members.map(([r, n]) => `${n}(${r})`).join('、');
    const memberIds = members.slice(1).map(([, , id]) => id).join(rng.chance(0.5) ? ';' : '，');
    const account = `6228${rng.digits(14)}`;
    const card = account + LUHN(account);
    const accountCell = rng.chance(0.1) ? `${card.slice(0, 4)} ${card.slice(4, 8)} ${card.slice(8, 12)} ${card.slice(12, 16)} ${card.slice(16)}` : card;
    const phone = world.mobile();
    const disabled = rng.chance(0.25) ? `${head.id}${rng.range(1, 7)}${rng.range(1, 4)}` : '';
    keep(x, card, phone);
    if (disabled) keep(x, disabled);
    const remark = rng.chance(0.15) ? `户主${head.name}因病住院，由其子代领` : rng.chance(0.1) ? `银行卡号变更为${card}` : '';
    x.rows.push([
      String(i + 1), `${county.county}${rng.pick(TOWNS)}`, `${rng.pick(VILLAGE)}村${rng.range(1, 6)}组`, head.name, head.id, head.male ? '男' : '女',
      household, memberIds, String(size), pickWeighted(rng, REASONS), String(rng.range(30, 70) * 10), rng.pick(['中国农业银行', '滨州农商银行', '中国邮政储蓄银行']),
      accountCell, phone, disabled, remark,
    ]);
  }
  return x;
}

// ---------------------------------------------------------------- (c) traffic violations
const VIN_VALUE: Record<string, number> = Object.fromEntries([
  ...'0123456789'.split('').map((c, i) => [c, i]),
  ...'ABCDEFGH'.split('').map((c, i) => [c, i + 1]),
  ...'JKLMN'.split('').map((c, i) => [c, i + 1]), ['P', 7], ['R', 9],
  ...'STUVWXYZ'.split('').map((c, i) => [c, i + 2]),
]);
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_CHARS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
/** A VIN with its ISO 3779 check digit in position 9. */
export function vin(rng: Rng): string {
  let v = rng.pick(['LSVAU2180N', 'LFV2A21K6', 'LGBH52E0', 'LVSHCAMB', 'LHGCV1658', 'LC0CE4CB']).slice(0, 8);
  while (v.length < 8) v += VIN_CHARS[rng.int(VIN_CHARS.length)];
  let tail = String(rng.pick(['N', 'P', 'R', 'S', 'M'])) + rng.pick(['A', '2', '5']);
  while (tail.length < 8) tail += rng.chance(0.7) ? String(rng.int(10)) : VIN_CHARS[rng.int(VIN_CHARS.length)];
  const body = `${v}0${tail}`;
  let s = 0;
  for (let i = 0; i < 17; i++) s += VIN_VALUE[body[i]!]! * VIN_WEIGHTS[i]!;
  const c = s % 11 === 10 ? 'X' : String(s % 11);
  return `${v}${c}${tail}`;
}
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
function plate(rng: Rng): [string, string] {
  const r = rng.float();
  const city = rng.pick(['M', 'M', 'M', 'A', 'E']);
  // As issued (GA 36-2018): at most two letters in the serial, so a plate always has digits.
  const alnum = (n: number): string => {
    const at = rng.chance(0.3) ? rng.int(n) : -1;
    return Array.from({ length: n }, (_, k) => (k === at ? PLATE_LETTERS[rng.int(PLATE_LETTERS.length)] : String(rng.int(10)))).join('');
  };
  if (r < 0.55) return [`鲁${city}${PLATE_LETTERS[rng.int(PLATE_LETTERS.length)]}${alnum(4)}`, '小型汽车'];
  if (r < 0.75) return [`鲁${city}${rng.pick(['D', 'F'])}${rng.pick(['', 'A', 'B', 'C'])}${rng.digits(5)}`.slice(0, 8), '新能源小型车'];
  if (r < 0.8) return [`鲁${city}${rng.digits(5)}${rng.pick(['D', 'F'])}`, '新能源大型车'];
  if (r < 0.85) return [`鲁${city}${alnum(5)}`, '大型汽车'];
  if (r < 0.89) return [`鲁${city}${rng.digits(4)}警`, '警用汽车'];
  if (r < 0.93) return [`鲁${city}${rng.digits(4)}学`, '教练汽车'];
  if (r < 0.96) return [`鲁${city}${rng.digits(4)}挂`, '挂车'];
  if (r < 0.98) return [`使${rng.digits(6)}`, '使馆汽车'];
  return [`${rng.pick(['沪A', '粤A', '川A'])}${rng.digits(4)}领`, '领馆汽车'];
}
const ACTS: ReadonlyArray<readonly [string, number, number]> = [
  ['1625 驾驶机动车违反道路交通信号灯通行的', 200, 6], ['1352 机动车违反规定停放、临时停车', 150, 0],
  ['1636 超过规定时速50%以上的', 2000, 12], ['1345 机动车违反禁令标志指示的', 200, 3], ['6048 驾驶时拨打接听手持电话的', 200, 3],
];
const ROADS = ['黄河五路与渤海十八路路口', '长江一路与渤海七路路口', '新立河西路', 'G205国道K312+500', '滨州市黄河三路渤海二十路', '中海路梧桐二路'];

export function trafficViolations(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 403);
  const header = ['决定书编号', '号牌号码', '号牌种类', '车辆识别代号', '发动机号', '当事人', '驾驶证号', '联系电话', '住所', '违法时间', '违法地点', '违法行为', '罚款金额', '记分', '车辆品牌', '车身颜色', '处理说明'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['号牌种类', '违法时间', '违法地点', '车辆品牌', '车身颜色'] };
  for (let i = 0; i < rows; i++) {
    const p = world.person([1955, 1, 1], [2004, 12, 31]);
    const [plateNo, plateKind] = plate(rng);
    const v = vin(rng);
    const engine = `${rng.pick(['DKX', 'CSS', 'EA211', '4G15S', 'BYD473QE', 'JL4G15', 'K15B'])}${rng.digits(6)}${rng.chance(0.3) ? rng.pick(['A', 'B']) : ''}`;
    const phone = world.mobile();
    const act = rng.pick(ACTS);
    const when = stamp(rng, 2025, 2025);
    const doc = `371602${when.slice(0, 4)}${pad(rng.int(10_000_000), 7)}`;
    const licence = rng.chance(0.9) ? p.id : toFullWidth(p.id);
    keep(x, doc, plateNo, v, engine, p.name, p.id, phone);
    // A clerk's note: the VIN checked against the registration, now and then.
    const r = rng.float();
    const note = r < 0.2 ? `现场核对车架号${v}，与行驶证一致` : r < 0.25 ? `车辆识别代号：${v}，已扣留` : rng.pick(['', '', '已缴款', '当场处罚', '非现场执法', '']);
    x.rows.push([
      doc, plateNo, plateKind, v, engine, p.name, licence, phone, world.address(world.county(), true), when, rng.pick(ROADS),
      act[0], String(act[1]), String(act[2]), rng.pick(['大众', '丰田', '比亚迪', '吉利', '长安', '哈弗', '特斯拉']), rng.pick(['白', '黑', '灰', '银', '蓝', '红']), note,
    ]);
  }
  return x;
}

// ---------------------------------------------------------------- (d) hotel check-ins
const HOTELS = ['滨州银座佳驿酒店', '如家快捷酒店（黄河五路店）', '汉庭酒店（渤海七路店）', '滨州大饭店', '锦江之星（滨州高铁站店）', '惠民县鑫源宾馆'];
const NATIONS: ReadonlyArray<readonly [string, number]> = [['CHN', 92], ['KOR', 3], ['JPN', 2], ['USA', 2], ['DEU', 1]];

/** Every non-ASCII character as \uXXXX, as json.dumps writes it by default. */
const jsonEscape = (s: string): string => s.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

export interface CheckInRows {
  records: Array<Record<string, string | number | null>>;
  direct: Set<string>;
  canonical: Set<string>;
  attacker: string[];
}

export function hotelCheckIns(rows: number, seed: number): CheckInRows {
  const { world, rng } = worldFor(seed, 404);
  const x: CheckInRows = { records: [], direct: new Set(), canonical: new Set(), attacker: ['hotel_name', 'check_in_time', 'nationality', 'id_type', 'gender', 'birth_date'] };
  for (let i = 0; i < rows; i++) {
    const nation = pickWeighted(rng, NATIONS);
    const p = world.person([1950, 1, 1], [2006, 12, 31]);
    const foreign = nation !== 'CHN';
    const name = foreign ? `${rng.pick(['KIM', 'LEE', 'PARK', 'SATO', 'SMITH', 'MUELLER'])} ${rng.pick(['MINJUN', 'JIHOON', 'HARUTO', 'JOHN', 'ANNA', 'LUKAS'])}` : p.name;
    const idNo = foreign ? `${rng.pick(['M', 'E', 'G'])}${rng.digits(8)}` : p.id;
    const phone = world.mobile();
    const d = dateBetween(rng, [2025, 1, 1], [2025, 12, 31]);
    const inAt = `${isoDate(d)}T${p2(rng.range(12, 23))}:${p2(rng.int(60))}:${p2(rng.int(60))}+08:00`;
    const outDay = world.plusDays(d, rng.range(1, 3));
    const outAt = `${isoDate(outDay)}T${p2(rng.range(6, 12))}:${p2(rng.int(60))}:${p2(rng.int(60))}+08:00`;
    const companions = rng.chance(0.35) ? [world.person([1950, 1, 1], [2020, 12, 31])] : [];
    const [platePlain] = plate(rng);
    const json = JSON.stringify({
      companions: companions.map((c) => ({ name: c.name, id_no: c.id })),
      car_plate: rng.chance(0.4) ? platePlain : null,
      channel: rng.pick(['前台', '携程', '美团', '飞猪']),
      remark: rng.chance(0.1) ? `协议单位联系人电话${world.mobile()}` : '',
    });
    // A share of the rows came through Python's json.dumps, which escapes every non-ASCII character (\u738b).
    const escaped = rng.chance(0.3);
    const extra = escaped ? jsonEscape(json) : json;
    keep(x, name, idNo, phone);
    for (const c of companions) keep(x, c.name, c.id);
    if (json.includes(platePlain)) keep(x, platePlain);
    // The escaped spellings are identifiers too: \u9c81M12345 names the car as 鲁M12345 does.
    if (escaped) for (const v of [...companions.map((c) => c.name), ...(json.includes(platePlain) ? [platePlain] : [])]) keep(x, jsonEscape(v));
    const remarkPhone = /电话(\d{11})/.exec(json)?.[1];
    if (remarkPhone) keep(x, remarkPhone);
    x.records.push({
      record_id: `HT${pad(seed, 2)}${pad(i + 1, 7)}`,
      hotel_name: rng.pick(HOTELS),
      guest_name: name,
      id_type: foreign ? '护照' : '居民身份证',
      id_no: idNo,
      gender: p.male ? 'M' : 'F',
      birth_date: isoDate(p.birth),
      nationality: nation,
      phone: Number(phone),
      room_no: `${rng.range(2, 18)}${pad(rng.range(1, 30), 2)}`,
      check_in_time: inAt,
      check_out_time: outAt,
      guests_extra: extra,
    });
    x.direct.add(`HT${pad(seed, 2)}${pad(i + 1, 7)}`);
  }
  return x;
}

// ---------------------------------------------------------------- (e) school enrolment, as Excel saves CSV
const SCHOOLS = ['滨州市实验学校', '滨城区第一小学', '北镇中学', '惠民县实验小学', '阳信县第二实验学校'];
const ETHNIC: ReadonlyArray<readonly [string, number]> = [['汉族', 97], ['回族', 2], ['满族', 0.6], ['蒙古族', 0.4]];

export function schoolEnrolment(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 405);
  const header = ['学籍号', '学生姓名', '性别', '出生日期', '民族', '身份证件号', '学校名称', '年级', '班级', '家庭住址', '监护人', '监护人身份证', '监护人电话', '户口性质', '是否随迁子女'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['性别', '出生日期', '民族', '学校名称', '年级', '班级', '户口性质'] };
  for (let i = 0; i < rows; i++) {
    const s = world.person([2012, 9, 1], [2019, 8, 31]);
    const g = world.person([1975, 1, 1], [1992, 12, 31]);
    const grade = 2025 - s.birth.year - (s.birth.month >= 9 ? 7 : 6);
    const phone = world.mobile();
    const studentNo = `G${s.id}`;
    // How an ID comes out of Excel: forced text (="…"), the number Excel made of it, full-width digits.
    const r = rng.float();
    const idCell = r < 0.5 ? s.id : r < 0.75 ? `="${s.id}"` : r < 0.85 ? `${s.id.slice(0, 1)}.${s.id.slice(1, 6)}E+17` : toFullWidth(s.id);
    const guardianId = rng.chance(0.8) ? `="${g.id}"` : g.id;
    keep(x, studentNo, s.name, s.id, g.name, g.id, phone);
    x.rows.push([
      studentNo, s.name, s.male ? '男' : '女', isoDate(s.birth), pickWeighted(rng, ETHNIC), idCell, rng.pick(SCHOOLS), `${Math.max(1, Math.min(grade, 9))}年级`,
      `="${p2(rng.range(1, 8))}"`, world.address(world.county(), true), g.name, guardianId, rng.chance(0.85) ? phone : `="${phone}"`,
      rng.pick(['农业', '非农业', '居民']), rng.chance(0.12) ? '是' : '否',
    ]);
  }
  return x;
}

/**
 * Excel's "CSV" in a Chinese locale: GB18030, CRLF, and a cell Excel was told to keep as text
 * written as ="…" unquoted, exactly as the sheet shows it.
 */
export function excelCsvBytes(x: Extract4): Buffer {
  const field = (s: string): string => (s.startsWith('="') ? s : /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const text = [x.header, ...x.rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
  return iconv.encode(text, 'gb18030');
}

/** A plain UTF-8 CSV (for the extracts whose shape is in their cells, not in their bytes). */
export function csvBytes(x: Extract4): Buffer {
  return shapedBytes(x.header, x.rows, { encoding: 'utf-8', bom: false, eol: '\n', delimiter: ',' });
}
