/**
 * Seeded extracts of the sixth unseen-domain sweep (test/unseen-domains-6.test.ts), six domains no
 * bundled spec covers, each in the shape and file format its system really exports:
 *   (a) 个体工商户 registrations, GB18030 CSV with CRLF: the shop's name often carries the
 *       operator's name (滨城区张秀英便利店, 欧阳建华烧烤店);
 *   (b) a court's 失信被执行人 list as NDJSON with nested objects (被执行人 {姓名, 证件号码, 住址},
 *       申请执行人 {名称, 联系电话}); some fields public by law, others not;
 *   (c) medical-insurance reimbursements (医保结算) as Parquet: DATE, TIMESTAMP, DECIMAL(12,2), a
 *       diagnosis as the sensitive attribute;
 *   (d) birth registrations (出生登记) at record level as Arrow IPC with dictionary columns and
 *       pinyin-abbreviated headers (xsexm, mqsfzh);
 *   (e) a vehicle-registration list as the traffic police system exports it (hphm, syr, sfzmhm,
 *       lxdh, zsxxdz, clsbdh, fdjh);
 *   (f) scholarship and subsidy recipients (奖助学金) with 学号, bank accounts, pinyin headers
 *       (xingming, shenfenzheng, yhkh) and 家庭经济困难等级.
 * Names include compound surnames and ethnic-minority names written with a middle dot. IDs carry
 * valid check digits, bank cards valid Luhn digits, VINs valid check digits.
 *
 * The shapes of Extract4 (test/support/unseen-4.ts): `direct` every raw name and identifier of a
 * private person, `canonical` those of 7+ characters (looked for in any spelling), `attacker` the
 * source columns an attacker knows.
 */
import { luhnComplete } from '../../fixtures/detection/valid.js';
import { dateBetween, isoDate } from '../../fixtures/lib/dates.js';
import { pad, worldFor } from '../../fixtures/lib/domains/extract.js';
import { plant, type PlantedSets } from '../../fixtures/lib/domains/planted.js';
import { shapedBytes } from '../../fixtures/lib/domains/raw-file.js';
import type { Rng } from '../../fixtures/lib/rng.js';
import type { World } from '../../fixtures/lib/world.js';
import { vin, type Extract4 } from './unseen-4.js';

/** Rows as objects (NDJSON, Parquet, Arrow sources), with the Extract4 sets. */
export interface RecordExtract {
  header: string[];
  records: Array<Record<string, unknown>>;
  direct: Set<string>;
  canonical: Set<string>;
  attacker: string[];
}

/** An Extract4 over the same sets, for the checks that take one. */
export const asExtract = (x: RecordExtract): Extract4 => ({ header: x.header, rows: [], direct: x.direct, canonical: x.canonical, attacker: x.attacker });

// Place words that also read as two-character names (邹平, 惠民): no leak where a place is published.
const PLACE_WORDS = '滨州 滨城 沾化 惠民 阳信 无棣 博兴 邹平 北镇 黄河 渤海 长江 梧桐 中海 新立'.split(' ');
const keep = (x: PlantedSets, ...values: string[]): void => plant(x, values, (v) => PLACE_WORDS.includes(v));

// Uyghur, Kazakh and Hui names as ID cards write them (a middle dot), Tibetan and Mongolian ones without.
const DOT_NAMES = ['阿依古丽·吐尔逊', '买买提·艾力', '迪丽努尔·阿不都', '热依拉·依明', '艾尼瓦尔·卡德尔', '古丽米拉·热合曼', '努尔兰·别克', '阿力木江·肉孜', '帕提曼·司马义', '叶尔兰·努尔兰'];
const PLAIN_MINORITY = ['扎西多吉', '次仁卓玛', '格桑拉姆', '巴特尔', '其其格', '乌云娜', '斯琴高娃'];
/** Names with no surname to start from (a known gap of the name detectors). */
export const NO_SURNAME: readonly string[] = PLAIN_MINORITY;
const ETHNIC = ['汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '汉族', '回族', '满族'];
const COMPOUND = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '令狐', '慕容', '夏侯', '司徒'];

/** A person's name: mostly Han (the world's pool), some compound surnames, some minority names with and without ·. */
function personName(world: World, rng: Rng): { name: string; ethnic: string } {
  const r = rng.float();
  if (r < 0.04) return { name: rng.pick(DOT_NAMES), ethnic: '维吾尔族' };
  if (r < 0.06) return { name: rng.pick(PLAIN_MINORITY), ethnic: rng.chance(0.5) ? '藏族' : '蒙古族' };
  if (r < 0.1) return { name: `${rng.pick(COMPOUND)}${world.names.person(rng).slice(-2)}`, ethnic: '汉族' };
  return { name: world.names.person(rng), ethnic: rng.pick(ETHNIC) };
}

const STREETS = ['黄河五路', '渤海七路', '长江一路', '新立河西路', '中海路', '梧桐二路', '彩虹湖路', '黄河十二路', '渤海十八路'];
const ESTATES = ['阳光花园', '滨河小区', '锦绣城', '金色家园', '凤凰城', '渤海明珠苑', '盛世嘉苑', '黄河人家'];
const COUNTIES = ['滨城区', '沾化区', '惠民县', '阳信县', '无棣县', '博兴县', '邹平市'];
/** A home address to the room: 滨州市滨城区黄河五路386号阳光花园12号楼2单元501室, sometimes 3-2-501. */
function homeAddress(rng: Rng, county = rng.pick(COUNTIES)): string {
  const head = `山东省滨州市${county}${rng.pick(STREETS)}${rng.range(1, 899)}号`;
  const r = rng.float();
  if (r < 0.55) return `${head}${rng.pick(ESTATES)}${rng.range(1, 30)}号楼${rng.range(1, 4)}单元${rng.range(1, 18)}0${rng.range(1, 4)}室`;
  if (r < 0.75) return `${head}${rng.pick(ESTATES)}${rng.range(1, 30)}-${rng.range(1, 4)}-${rng.range(1, 18)}0${rng.range(1, 4)}`;
  return `山东省滨州市${county}${rng.pick(['里则街道', '市西街道', '梁才街道', '杜店街道'])}${rng.pick(['王家村', '后刘村', '前赵村', '小高村'])}${rng.range(1, 120)}号`;
}

const gb18030Crlf = (header: string[], rows: string[][]): Buffer => shapedBytes(header, rows, { encoding: 'gb18030', bom: false, eol: '\r\n', delimiter: ',' });
/** UTF-8 with a BOM (as WPS and Excel save "CSV UTF-8"), LF line ends. */
export const utf8BomCsv = (x: Extract4): Buffer => shapedBytes(x.header, x.rows, { encoding: 'utf-8', bom: true, eol: '\n', delimiter: ',' });
export const gb18030CsvOf = (x: Extract4): Buffer => gb18030Crlf(x.header, x.rows);

// ---------------------------------------------------------------- (a) 个体工商户 registrations
const SHOPS = ['便利店', '超市', '饭店', '理发店', '五金店', '水果店', '烧烤店', '早餐店', '建材经营部', '汽车维修部', '副食品店', '服装店'];
const SCOPES: Record<string, string> = {
  便利店: '预包装食品销售；日用百货零售', 超市: '食品销售；日用百货、文具用品零售', 饭店: '餐饮服务', 理发店: '理发服务',
  五金店: '五金产品零售', 水果店: '新鲜水果零售', 烧烤店: '餐饮服务（不含凉菜）', 早餐店: '小餐饮', 建材经营部: '建筑材料销售',
  汽车维修部: '机动车维修', 副食品店: '食品销售', 服装店: '服装服饰零售',
};
const BRANDS = ['鑫源', '宏达', '金海', '恒通', '鲁北', '兴业', '瑞丰', '盛和', '福达', '佳佳', '好再来', '老地方'];

export interface Registrations extends Extract4 {
  /** Operators' names inside shop names (张秀英便利店): the planted trap. */
  inShopName: Set<string>;
}

export function businessRegistrations(rows: number, seed: number): Registrations {
  const { world, rng } = worldFor(seed, 601);
  const header = ['统一社会信用代码', '名称', '经营者', '身份证件号码', '联系电话', '经营场所', '组成形式', '经营范围', '成立日期', '登记机关', '登记状态'];
  const x: Registrations = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['经营场所', '成立日期'], inShopName: new Set() };
  for (let i = 0; i < rows; i++) {
    const county = rng.pick(COUNTIES);
    const { name } = personName(world, rng);
    const birth = dateBetween(rng, [1958, 1, 1], [2002, 12, 31]);
    const id = world.person([1958, 1, 1], [2002, 12, 31]).id;
    const phone = world.mobile();
    const shop = rng.pick(SHOPS);
    const r = rng.float();
    // Most 个体工商户 are named after their operator (市场主体登记管理条例实施细则 allows it); a few have no name at all.
    const shopName = r < 0.45 ? `${county}${name}${shop}` : r < 0.6 ? `${name}${shop}` : r < 0.9 ? `${county}${rng.pick(BRANDS)}${shop}` : '';
    if (r < 0.6) x.inShopName.add(name);
    const premises = rng.chance(0.6)
      ? `山东省滨州市${county}${rng.pick(STREETS)}${rng.range(1, 899)}号${rng.chance(0.5) ? `${rng.range(1, 12)}号商铺` : ''}`
      : homeAddress(rng, county);
    keep(x, name, id, phone);
    if (/号楼|单元|室|-\d+-/.test(premises)) keep(x, premises);
    const founded = dateBetween(rng, [Math.max(2005, birth.year + 18), 1, 1], [2025, 10, 31]);
    x.rows.push([
      world.company('2').uscc, shopName, name, id, phone, premises,
      rng.chance(0.85) ? '个人经营' : '家庭经营', SCOPES[shop]!, isoDate(founded), `滨州市${county}市场监督管理局`, rng.chance(0.9) ? '存续' : '注销',
    ]);
  }
  return x;
}
export const registrationsCsv = (x: Extract4): Buffer => gb18030Crlf(x.header, x.rows);

// ---------------------------------------------------------------- (b) 失信被执行人
const COURTS = ['滨州市中级人民法院', '滨州市滨城区人民法院', '惠民县人民法院', '阳信县人民法院', '无棣县人民法院', '博兴县人民法院', '邹平市人民法院'];
const COURT_CODES = ['鲁16', '鲁1602', '鲁1621', '鲁1622', '鲁1623', '鲁1625', '鲁1681'];
const SITUATIONS = ['有履行能力而拒不履行生效法律文书确定义务', '违反财产报告制度', '违反限制消费令', '以伪造证据、暴力、威胁等方法妨碍、抗拒执行'];

export interface Debtors extends RecordExtract {
  /** Debtors' names: public by law on the list (最高人民法院关于公布失信被执行人名单信息的若干规定 第六条). */
  publicByLaw: Set<string>;
}

export function debtorList(rows: number, seed: number): Debtors {
  const { world, rng } = worldFor(seed, 602);
  const x: Debtors = { header: [], records: [], direct: new Set(), canonical: new Set(), attacker: [], publicByLaw: new Set() };
  for (let i = 0; i < rows; i++) {
    const c = rng.int(COURTS.length);
    const year = rng.range(2019, 2025);
    const person = world.person([1955, 1, 1], [2000, 12, 31]);
    const { name } = personName(world, rng);
    const age = year - person.birth.year;
    const address = homeAddress(rng);
    const applicantIsPerson = rng.chance(0.6);
    const applicant = applicantIsPerson ? personName(world, rng).name : world.company('1').name;
    const applicantPhone = world.mobile();
    keep(x, person.id, address, applicantPhone);
    if (applicantIsPerson) keep(x, applicant);
    // The debtor's name is published by the court itself; the full ID number and the home are not.
    x.publicByLaw.add(name);
    x.direct.add(name);
    x.records.push({
      案号: `(${year})${COURT_CODES[c]}执${rng.range(1, 4999)}号`,
      被执行人: { 姓名: name, 性别: person.male ? '男' : '女', 年龄: age, 证件号码: person.id, 住址: address },
      执行法院: COURTS[c],
      立案日期: isoDate(dateBetween(rng, [year, 1, 1], [year, 12, 31])),
      发布时间: `${year + (rng.chance(0.5) ? 0 : 1)}-${pad(rng.range(1, 12), 2)}-${pad(rng.range(1, 28), 2)}T${pad(rng.range(8, 17), 2)}:${pad(rng.int(60), 2)}:00+08:00`,
      失信情形: rng.pick(SITUATIONS),
      履行情况: rng.pick(['全部未履行', '全部未履行', '部分履行']),
      执行依据文号: `(${year - 1})${COURT_CODES[c]}民初${rng.range(1, 8999)}号`,
      申请执行人: { 名称: applicant, 联系电话: applicantPhone },
      标的金额: Number((rng.range(3000, 900000) + rng.int(100) / 100).toFixed(2)),
    });
  }
  x.header = Object.keys(x.records[0]!);
  return x;
}

// ---------------------------------------------------------------- (c) 医保结算
const HOSPITALS = ['滨州医学院附属医院', '滨州市人民医院', '滨州市中心医院', '惠民县人民医院', '博兴县人民医院', '邹平市人民医院', '滨州市中医医院'];
const DIAGNOSES: ReadonlyArray<readonly [string, string]> = [
  ['I10.x00', '原发性高血压'], ['E11.900', '2型糖尿病'], ['J18.900', '肺炎'], ['I63.900', '脑梗死'], ['K80.200', '胆囊结石'],
  ['C34.900', '肺恶性肿瘤'], ['F32.900', '抑郁发作'], ['B20.x00', 'HIV病'], ['O80.000', '单胎顺产'], ['S72.000', '股骨颈骨折'],
];

export function insuranceClaims(rows: number, seed: number): RecordExtract {
  const { world, rng } = worldFor(seed, 603);
  const x: RecordExtract = { header: [], records: [], direct: new Set(), canonical: new Set(), attacker: ['gender', 'age', 'insured_area', 'hospital', 'admit_date'] };
  for (let i = 0; i < rows; i++) {
    const p = world.person([1940, 1, 1], [2005, 12, 31]);
    const { name } = personName(world, rng);
    const admit = dateBetween(rng, [2025, 1, 1], [2025, 10, 31]);
    const stay = rng.range(1, 21);
    const out = world.plusDays(admit, stay);
    const [code, diagnosis] = rng.pick(DIAGNOSES);
    const total = rng.range(800, 120000) + rng.int(100) / 100;
    const fund = Math.round(total * (0.55 + rng.float() * 0.3) * 100) / 100;
    const card = rng.chance(0.5) ? p.id : `${rng.pick(['M', 'N'])}${rng.digits(8)}`;
    const settle = `37160025${pad(admit.month, 2)}${rng.digits(10)}`;
    keep(x, name, p.id, card, settle);
    x.records.push({
      settle_id: settle, insured_name: name, id_no: p.id, card_no: card, gender: p.male ? '男' : '女', age: 2025 - p.birth.year,
      insured_area: rng.pick(COUNTIES), hospital: rng.pick(HOSPITALS), admit_date: isoDate(admit),
      discharge_time: `${isoDate(out)} ${pad(rng.range(8, 18), 2)}:${pad(rng.int(60), 2)}:${pad(rng.int(60), 2)}`,
      diagnosis_code: code, diagnosis, total_cost: total.toFixed(2), fund_paid: fund.toFixed(2), self_paid: (total - fund).toFixed(2),
    });
  }
  x.header = Object.keys(x.records[0]!);
  return x;
}

// ---------------------------------------------------------------- (d) 出生登记
const BIRTH_HOSPITALS = ['滨州医学院附属医院', '滨州市人民医院', '滨州市妇幼保健院', '惠民县妇幼保健院', '邹平市人民医院'];

export function birthRegistrations(rows: number, seed: number): RecordExtract {
  const { world, rng } = worldFor(seed, 604);
  // The health system's export: pinyin initials for every column.
  const x: RecordExtract = { header: [], records: [], direct: new Set(), canonical: new Set(), attacker: ['xb', 'cssj', 'csdd', 'mqnl', 'mz', 'jtzz'] };
  for (let i = 0; i < rows; i++) {
    const mother = world.person([1985, 1, 1], [2003, 12, 31]);
    const father = world.person([1980, 1, 1], [2001, 12, 31]);
    const mName = personName(world, rng);
    const fName = personName(world, rng);
    const surname = fName.name.includes('·') ? '' : fName.name.length === 4 ? fName.name.slice(0, 2) : fName.name.slice(0, 1);
    const baby = fName.name.includes('·') ? `${rng.pick(['阿依', '艾力', '古丽'])}·${fName.name.split('·')[0]}` : `${surname}${rng.pick(['子涵', '一诺', '梓萱', '浩然', '雨桐', '宇航', '思彤', '沐阳', '若汐', '欣怡'])}`;
    const born = dateBetween(rng, [2024, 1, 1], [2025, 9, 30]);
    const certificate = `${rng.pick(['Q', 'R', 'S'])}37${rng.digits(7)}`;
    const address = homeAddress(rng);
    keep(x, mName.name, fName.name, baby, mother.id, father.id, certificate, address);
    x.records.push({
      csyxzmbh: certificate, xsexm: baby, xb: rng.chance(0.51) ? '男' : '女',
      cssj: `${isoDate(born)}T${pad(rng.int(24), 2)}:${pad(rng.int(60), 2)}:00`, tz: rng.range(2300, 4600), csdd: rng.pick(BIRTH_HOSPITALS),
      mqxm: mName.name, mqsfzh: mother.id, mqnl: born.year - mother.birth.year, fqxm: fName.name, fqsfzh: father.id,
      mz: fName.ethnic, jtzz: address,
    });
  }
  x.header = Object.keys(x.records[0]!);
  return x;
}

// ---------------------------------------------------------------- (e) 机动车登记
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const MAKES = ['大众', '丰田', '本田', '比亚迪', '吉利', '长城', '五菱', '别克', '日产', '奇瑞', '特斯拉', '理想'];
const COLOURS = ['白', '黑', '银', '灰', '红', '蓝'];

export function vehicleRegister(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 605);
  const header = ['hphm', 'hpzl', 'clpp', 'csys', 'syr', 'sfzmmc', 'sfzmhm', 'lxdh', 'zsxxdz', 'clsbdh', 'fdjh', 'ccdjrq', 'syxz', 'zt'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['hpzl', 'clpp', 'csys', 'ccdjrq'] };
  const seen = new Set<string>();
  for (let i = 0; i < rows; i++) {
    let plate = '';
    let kind = '';
    do {
      const energy = rng.chance(0.25);
      const serial = Array.from({ length: 4 }, () => (rng.chance(0.2) ? PLATE_LETTERS[rng.int(PLATE_LETTERS.length)] : String(rng.int(10)))).join('');
      plate = energy ? `鲁M${rng.pick(['D', 'F'])}${rng.digits(5)}` : `鲁M${PLATE_LETTERS[rng.int(PLATE_LETTERS.length)]}${serial}`;
      kind = energy ? '52' : '02';
    } while (seen.has(plate));
    seen.add(plate);
    const company = rng.chance(0.12);
    const owner = company ? world.company('1') : undefined;
    const p = world.person([1955, 1, 1], [2005, 12, 31]);
    const { name } = personName(world, rng);
    const phone = world.mobile();
    const address = company ? `山东省滨州市${rng.pick(COUNTIES)}${rng.pick(STREETS)}${rng.range(1, 899)}号` : homeAddress(rng);
    const v = vin(rng);
    const engine = `${rng.pick(['EA211', 'G4FG', 'BYD476', 'JLH-4G15', 'K24'])}${rng.chance(0.5) ? '-' : ''}${rng.digits(6)}`;
    keep(x, plate, v, engine);
    if (!company) keep(x, name, p.id, phone, address);
    x.rows.push([
      plate, kind, rng.pick(MAKES), rng.pick(COLOURS), owner ? owner.name : name, owner ? '统一社会信用代码证书' : '居民身份证', owner ? owner.uscc : p.id,
      phone, address, v, engine, isoDate(dateBetween(rng, [2008, 1, 1], [2025, 10, 31])), owner ? (rng.chance(0.5) ? '营运' : '非营运') : '非营运',
      rng.chance(0.93) ? 'A' : rng.pick(['G', 'M']),
    ]);
  }
  return x;
}

// ---------------------------------------------------------------- (f) 奖助学金
const COLLEGES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['机电工程学院', ['机械设计制造及其自动化', '电气工程及其自动化']], ['信息工程学院', ['计算机科学与技术', '软件工程']],
  ['护理学院', ['护理学', '助产学']], ['经济管理学院', ['会计学', '市场营销']], ['外国语学院', ['英语', '日语']],
];
const AWARDS: ReadonlyArray<readonly [string, number]> = [['国家励志奖学金', 6000], ['国家助学金（一等）', 4400], ['国家助学金（二等）', 3300], ['国家助学金（三等）', 2200], ['校长奖学金', 5000]];
const BANKS = ['中国农业银行滨州分行', '中国建设银行滨州分行', '中国工商银行滨州分行', '滨州农村商业银行'];

export function scholarshipRecipients(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 606);
  const header = ['xh', 'xingming', 'xb', 'shenfenzheng', 'xueyuan', 'zhuanye', 'nianji', 'banji', 'zzxm', 'je', 'knjb', 'khyh', 'yhkh', 'sjhm', 'syd'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['xb', 'xueyuan', 'zhuanye', 'nianji', 'banji', 'syd'] };
  for (let i = 0; i < rows; i++) {
    const grade = rng.range(2022, 2025);
    const s = world.person([grade - 19, 1, 1], [grade - 17, 12, 31]);
    const { name } = personName(world, rng);
    const [college, majors] = rng.pick(COLLEGES);
    const major = rng.pick(majors);
    const studentNo = `${grade}${pad(COLLEGES.findIndex(([c]) => c === college) + 1, 2)}${pad(majors.indexOf(major) + 1, 2)}${pad(rng.range(1, 4), 2)}${pad(rng.range(1, 45), 2)}`;
    const [award, amount] = rng.pick(AWARDS);
    const bank = luhnComplete(`${rng.pick(['622848', '621700', '622202', '623062'])}${rng.digits(12)}`);
    const phone = world.mobile();
    const hometown = `山东省${rng.pick(['滨州市', '德州市', '东营市', '聊城市', '菏泽市'])}${rng.pick(['某', ''])}${rng.pick(['惠民县', '阳信县', '乐陵市', '利津县', '冠县', '曹县'])}${rng.pick(['', `${rng.pick(['李庄镇', '石庙镇', '流坡坞镇'])}${rng.pick(['王家村', '后刘村', '张集村'])}`])}`;
    keep(x, studentNo, name, s.id, bank, phone);
    x.rows.push([
      studentNo, name, s.male ? '男' : '女', s.id, college, major, `${grade}级`, `${major.slice(0, 2)}${String(grade).slice(2)}0${rng.range(1, 4)}班`,
      award, String(amount), award.startsWith('国家助学金') ? rng.pick(['特别困难', '困难', '一般困难']) : '', rng.pick(BANKS), bank, phone, hometown.replace('某', ''),
    ]);
  }
  return x;
}
