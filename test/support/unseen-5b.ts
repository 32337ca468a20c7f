/**
 * Seeded extracts of the fifth sweep, second half (test/unseen-domains-5b.test.ts): a social
 * insurance payment roster (社保缴费) as a GB18030 CSV with CRLF and full-width parentheses in the
 * header, and school examination scores as NDJSON (考生号 as a JSON number, scores as numbers).
 * The shapes of Extract4 (test/support/unseen-4.ts): `direct` every raw name and identifier,
 * `canonical` the identifiers of 7+ characters, `attacker` the source columns an attacker knows.
 */
import { luhnComplete } from '../../fixtures/detection/valid.js';
import { dateBetween, isoDate } from '../../fixtures/lib/dates.js';
import { pad, worldFor } from '../../fixtures/lib/domains/extract.js';
import { plant, type PlantedSets } from '../../fixtures/lib/domains/planted.js';
import { shapedBytes } from '../../fixtures/lib/domains/raw-file.js';
import type { Extract4 } from './unseen-4.js';

// A two-character name that is also a place in a school's name (邹平) is no leak where the school is published.
const keep = (x: PlantedSets, ...values: string[]): void => plant(x, values, (v) => SCHOOLS.some((s) => s.includes(v)));

// ---------------------------------------------------------------- (a) social insurance payments
const RISKS = ['企业职工基本养老保险', '职工基本医疗保险', '失业保险', '工伤保险'];

export function insurancePayments(rows: number, seed: number): Extract4 {
  const { world, rng } = worldFor(seed, 501);
  const header = ['个人编号', '社会保障卡号', '姓名', '公民身份号码', '性别', '单位名称', '统一社会信用代码', '险种类型', '缴费年月',
    '缴费基数（元）', '单位缴费（元）', '个人缴费（元）', '参保日期', '户籍地址', '银行卡号', '备注'];
  const x: Extract4 = { header, rows: [], direct: new Set(), canonical: new Set(), attacker: ['性别', '单位名称', '参保日期', '户籍地址'] };
  const employers = Array.from({ length: 40 }, () => world.company(rng.chance(0.85) ? '1' : '2'));
  for (let i = 0; i < rows; i++) {
    const p = world.person([1962, 1, 1], [2004, 12, 31]);
    const employer = employers[Math.min(employers.length - 1, Math.floor(rng.float() ** 2 * employers.length))]!;
    const personNo = `3716${rng.digits(8)}`;
    // New cards carry the ID number itself; old ones a letter and eight digits.
    const card = rng.chance(0.5) ? p.id : `${rng.pick(['M', 'N', 'P'])}${rng.digits(8)}`;
    const bank = luhnComplete(`${rng.pick(['622848', '621700', '623062'])}${rng.digits(12)}`);
    const phone = world.mobile();
    const base = rng.range(3800, 25000) + rng.int(100) / 100;
    const risk = rng.pick(RISKS);
    const [unitRate, ownRate] = risk.startsWith('企业') ? [0.16, 0.08] : risk.startsWith('职工') ? [0.07, 0.02] : risk === '失业保险' ? [0.007, 0.003] : [0.004, 0];
    const joined = dateBetween(rng, [Math.max(p.birth.year + 18, 1990), 1, 1], [2025, 10, 31]);
    const county = world.county();
    keep(x, personNo, card, p.name, p.id, bank, phone);
    const r = rng.float();
    let remark = '';
    if (r < 0.08) remark = `原社保卡${card}已挂失，补卡联系人电话${phone}`;
    else if (r < 0.14) remark = `代扣账户变更为${bank.slice(0, 6)} ${bank.slice(6, 10)} ${bank.slice(10, 14)} ${bank.slice(14)}`;
    else if (r < 0.2) {
      const agent = world.person([1960, 1, 1], [2000, 12, 31]);
      keep(x, agent.name, agent.id);
      remark = `由${agent.name}（身份证${agent.id}）代办`;
    } else if (r < 0.25) remark = `个人编号${personNo}转入，原单位${rng.pick(employers).name}`;
    else if (r < 0.3) remark = rng.pick(['补缴2024年度', '基数调整', '灵活就业转入', '']);
    x.rows.push([
      personNo, card, p.name, p.id, p.male ? '男' : '女', employer.name, employer.uscc, risk, `2025${pad(rng.range(1, 12), 2)}`,
      base.toFixed(2), (base * unitRate).toFixed(2), (base * ownRate).toFixed(2), isoDate(joined), world.address(county, true),
      bank, remark,
    ]);
  }
  return x;
}

/** GB18030 bytes, CRLF line ends, no BOM, fields quoted only where they must be. */
export function gb18030CrlfCsv(x: Extract4): Buffer {
  return shapedBytes(x.header, x.rows, { encoding: 'gb18030', bom: false, eol: '\r\n', delimiter: ',' });
}

// ---------------------------------------------------------------- (b) examination scores
const SCHOOLS = ['滨州实验中学', '北镇中学', '滨州一中', '惠民县第一中学', '阳信县第二高级中学', '邹平市第一中学'];
const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物'];

export interface ExamRows {
  records: Array<Record<string, string | number | null>>;
  direct: Set<string>;
  canonical: Set<string>;
  attacker: string[];
}

export function examScores(rows: number, seed: number): ExamRows {
  const { world, rng } = worldFor(seed, 502);
  const x: ExamRows = { records: [], direct: new Set(), canonical: new Set(), attacker: ['性别', '出生日期', '学校', '班级', '校内排名'] };
  const teachers = new Map<string, string>();
  const drafts: Array<Record<string, string | number | null>> = [];
  for (let i = 0; i < rows; i++) {
    const s = world.person([2007, 9, 1], [2009, 8, 31]);
    const school = rng.pick(SCHOOLS);
    const klass = `高三（${rng.range(1, 12)}）班`;
    const key = `${school}${klass}`;
    if (!teachers.has(key)) teachers.set(key, world.names.person(rng));
    const teacher = teachers.get(key)!;
    // 考生号: year, region, school and serial, 14 digits; written as a JSON number by the export.
    const examineeNo = `2637${pad(SCHOOLS.indexOf(school) + 1, 2)}${pad(rng.range(1, 99), 2)}${pad(i + 1, 6)}`;
    const ticket = `${pad(rng.range(1, 60), 2)}${pad(SCHOOLS.indexOf(school), 2)}${pad(rng.int(10000), 4)}${pad(i % 100, 2)}`;
    const phone = world.mobile();
    keep(x, examineeNo, ticket, s.name, teacher, phone);
    const scores = SUBJECTS.map((sub, k) => (k < 3 ? rng.range(40, 148) : rng.range(30, 100)) + (sub === '语文' && rng.chance(0.3) ? 0.5 : 0));
    drafts.push({
      考生号: Number(examineeNo), 准考证号: ticket, 姓名: s.name, 性别: s.male ? '男' : '女', 出生日期: isoDate(s.birth), 学校: school, 班级: klass, 班主任: teacher,
      ...Object.fromEntries(SUBJECTS.map((sub, k) => [sub, scores[k]!])),
      总分: scores.reduce((a, b) => a + b, 0), 校内排名: 0, 家长电话: phone,
    });
  }
  for (const school of SCHOOLS) {
    const mine = drafts.filter((r) => r.学校 === school).sort((a, b) => Number(b.总分) - Number(a.总分));
    mine.forEach((r, k) => { r.校内排名 = k + 1; });
  }
  x.records = drafts;
  return x;
}

export function ndjsonText(records: ReadonlyArray<Record<string, unknown>>): string {
  return `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
}
