/**
 * Seeded extracts of the fifth sweep (test/unseen-domains-5a.test.ts): (a) a rental-housing
 * registration list (租赁登记: landlord and tenant, 房屋坐落 down to the room, 不动产权证号 as
 * 鲁(2023)滨州市不动产权第0012345号, rent, lease dates, remarks that mix all of these); (b) an
 * enterprise credit list (统一社会信用代码 with its check character, the old 15-digit 注册号 with its
 * ISO 7064 check digit, legal representatives, 经营场所, capital, GB/T 4754 industry codes, a
 * liaison and their mobile, e-mail that is a company's or a person's webmail).
 *
 * The shape is test/support/unseen-4.ts's Extract4: `direct` every raw name and identifier,
 * `canonical` the identifiers of 7+ characters to look for in any spelling, `attacker` the source
 * columns an attacker knows. `publicByLaw` (enterprises only) the legal representatives and
 * codes, which a spec may publish by declaring them `public:`.
 */
import { dateBetween, isoDate } from '../../fixtures/lib/dates.js';
import { uscc } from '../../fixtures/lib/ids.js';
import { COMPOUNDS, STREETS } from '../../fixtures/lib/penalty-vocab.js';
import { worldFor, pad, pickWeighted } from '../../fixtures/lib/domains/extract.js';
import { plant } from '../../fixtures/lib/domains/planted.js';
import type { Extract4 } from './unseen-4.js';

const keep = (x: Extract4, ...values: string[]): void => plant(x, values);

// ---------------------------------------------------------------- (a) rental registration
const USES: ReadonlyArray<readonly [string, number]> = [['住宅', 80], ['商业', 12], ['办公', 8]];

export function rentalRegistrations(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 501);
  const header = ['登记编号', '出租人', '出租人身份证号', '出租人电话', '承租人', '承租人身份证号', '承租人电话', '房屋坐落', '不动产权证号', '房屋用途', '建筑面积', '月租金', '租赁起始日期', '租赁终止日期', '备注'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['房屋坐落', '租赁起始日期', '租赁终止日期'] };
  // 房屋用途 and 建筑面积 are known to a neighbour too, but the draft publishes them as they are
  // (use) and rounded to 10 m² (area), outside the quasi-identifiers: see the sweep's report.
  for (let i = 0; i < rows; i++) {
    const owner = world.person([1950, 1, 1], [1995, 12, 31]);
    const tenant = world.person([1960, 1, 1], [2005, 12, 31]);
    const county = world.binzhouCounty();
    const room = `${rng.range(1, 30)}${rng.pick(['栋', '号楼', '幢'])}${rng.range(1, 4)}单元${rng.range(1, 18)}0${rng.range(1, 4)}${rng.pick(['室', '室', ''])}`;
    const address = `滨州市${county.county}${rng.pick(STREETS)}${rng.range(1, 899)}号${rng.pick(COMPOUNDS)}${room}`;
    const year = rng.range(2008, 2024);
    const cert = `鲁(${year})滨州市不动产权第${pad(rng.range(1, 9_999_999), 7)}号`;
    // Ministry style with full-width brackets, as half the registers write it.
    const certCell = rng.chance(0.5) ? cert.replace('(', '（').replace(')', '）') : cert;
    const start = dateBetween(rng, [2023, 1, 1], [2025, 12, 31]);
    const months = rng.pick([6, 12, 12, 24, 36]);
    const endY = start.year + Math.floor((start.month - 1 + months) / 12);
    const endM = ((start.month - 1 + months) % 12) + 1;
    const end = `${endY}-${pad(endM, 2)}-${pad(Math.min(start.day, 28), 2)}`;
    const [op, tp] = [world.mobile(), world.mobile()];
    const no = `ZL${start.year}${pad(i + 1, 6)}`;
    keep(x, no, owner.name, owner.id, op, tenant.name, tenant.id, tp, cert, cert.replace(/[()]/g, ''));
    const r = rng.float();
    let remark = '';
    if (r < 0.1) remark = `同住人：${world.names.person(rng)}（${tenant.id.slice(0, 6)}…），联系电话${tp.slice(0, 3)} ${tp.slice(3, 7)} ${tp.slice(7)}`;
    else if (r < 0.2) remark = `出租人${owner.name}委托其子代办，身份证${owner.id}已核验`;
    else if (r < 0.28) remark = `原产权证号${certCell}，已换新证`;
    else if (r < 0.36) remark = `承租人${tenant.name}于${isoDate(start)}入住${room}`;
    else if (r < 0.5) remark = rng.pick(['押一付三', '押一付一', '已备案', '续租']);
    if (r < 0.1) {
      // the companion's name just written above is the last one drawn
      const companion = remark.slice(4, remark.indexOf('（'));
      keep(x, companion);
    }
    x.rows.push([
      no, owner.name, owner.id, op, tenant.name, tenant.id, tp, address, certCell, pickWeighted(rng, USES),
      (rng.range(3500, 16000) / 100).toFixed(2), String(rng.range(6, 60) * 100), isoDate(start), end, remark,
    ]);
  }
  return x;
}

// ---------------------------------------------------------------- (b) enterprise credit list
const INDUSTRY: ReadonlyArray<readonly [string, string]> = [
  ['C1391', '淀粉及淀粉制品制造'], ['C3311', '金属结构制造'], ['F5121', '米、面制品及食用油批发'], ['F5212', '便利店零售'],
  ['G5430', '道路货物运输'], ['H6210', '正餐服务'], ['I6513', '应用软件开发'], ['E4890', '其他土木工程建筑施工'],
  ['A0141', '蔬菜种植'], ['O8011', '洗染服务'],
];
const KINDS: ReadonlyArray<readonly [string, number]> = [['有限责任公司(自然人投资或控股)', 60], ['股份有限公司', 5], ['个体工商户', 25], ['农民专业合作社', 10]];
const PINYIN = ['zhang', 'wang', 'li', 'zhao', 'liu', 'chen', 'yang', 'sun', 'zhou', 'wu', 'xu', 'gao', 'ma', 'hu'];

/** The old 15-digit 注册号: a division code, eight digits, the ISO 7064 MOD 11,10 check digit. */
export function registrationNumber(first14: string): string {
  let p = 10;
  for (const c of first14) {
    const s = (p + Number(c)) % 10 || 10;
    p = (s * 2) % 11;
  }
  return first14 + String((11 - p) % 10);
}

export interface EnterpriseExtract extends Extract4 {
  /** Legal representatives' names and the codes (USCC, 注册号): public by law for a registered enterprise. */
  publicByLaw: Set<string>;
}

export function enterpriseCredit(rows: number, seed: number): EnterpriseExtract {
  const { world, rng } = worldFor(seed, 502);
  const header = ['统一社会信用代码', '注册号', '企业名称', '企业类型', '法定代表人', '经营场所', '注册资本（万元）', '行业代码', '行业名称', '成立日期', '登记机关', '联络员', '联络员手机', '电子邮箱', '信用等级'];
  const x: EnterpriseExtract = {
    header, rows: [], direct: new Set(), canonical: new Set(), publicByLaw: new Set(),
    // The records are companies, each named in the release by 企业名称 (public by law): there is no
    // class of persons to hide a company in, so no attacker-known columns are counted.
    attacker: [],
  };
  for (let i = 0; i < rows; i++) {
    const kind = pickWeighted(rng, KINDS);
    const category = kind === '个体工商户' ? '2' : kind === '农民专业合作社' ? '3' : '1';
    const county = world.binzhouCounty();
    const co = world.company(category, county);
    const code = uscc(rng, '9', category, county.code);
    const reg = registrationNumber(`${county.code}${rng.digits(8)}`);
    const rep = world.names.person(rng);
    const liaison = rng.chance(0.4) ? rep : world.names.person(rng);
    const mobile = world.mobile();
    const e = rng.float();
    const email = e < 0.35 ? `${mobile}@163.com` : e < 0.6 ? `${rng.digits(rng.range(8, 10)).replace(/^0/, '1')}@qq.com`
      : e < 0.8 ? `${rng.pick(PINYIN)}${rng.pick(PINYIN)}${rng.range(1970, 2000)}@${rng.pick(['126.com', 'sina.com', 'qq.com'])}` : `info${pad(i, 4)}@bz${pad(i, 4)}.com.cn`;
    const [ind, indName] = rng.pick(INDUSTRY);
    const founded = isoDate(dateBetween(rng, [1995, 1, 1], [2025, 6, 30]));
    const place = world.address(county, category === '2' && rng.chance(0.5));
    keep(x, liaison, mobile, email);
    if (liaison !== rep) keep(x, rep);
    for (const v of [rep, code, reg]) x.publicByLaw.add(v);
    // the legal representative's name counts as a leak unless a spec declared it public
    x.direct.add(rep);
    for (const v of [code, reg]) { x.direct.add(v); x.canonical.add(v); }
    x.rows.push([
      code, reg, co.name, kind, rep, place, category === '2' ? '' : String(rng.pick([10, 50, 100, 200, 500, 1000])), ind, indName, founded,
      `滨州市${county.county}市场监督管理局`, liaison, mobile, email, rng.pick(['A', 'A', 'B', 'C']),
    ]);
  }
  return x;
}
