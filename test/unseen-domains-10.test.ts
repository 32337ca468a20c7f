/**
 * A tenth sweep over domains no bundled spec covers (fixtures/lib/domains/unseen10-*.ts), with
 * specs written by hand as a hurried agency engineer writes them from docs/spec.md, three per
 * domain: the obvious one (identifiers dropped or masked, k over what an attacker knows), one that
 * forgets a column (an ID under a neutral header, a phone in remarks with no redact) and one with
 * a weak mask (too many digits kept). Sources in the shapes agencies send: NDJSON, Parquet,
 * GB18030 with tabs, UTF-8 with a BOM, an XLSX the user must first export. The independent checker
 * (test/support/published-check.ts) then looks for every planted name and identifier in every
 * file of a published package, and counts classes over the columns an attacker knows; a refusal
 * must name the column and the rule, and never a value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import XLSX from 'xlsx';
import { attemptRun, belowK, castTo, d, dataset, draftAndRunCli, draftedSpec, drop, expectNoPlanted, privacy, refusalOf, type Outcome, type Spec } from './support/sweep-flow.js';
import { describeOneMistake, expectAmongK, noPrivacy, plantedOf, refused, withoutQi, type MistakeCase } from './support/one-mistake.js';
import { cellLeaks, packageLeaks, readPublishedCsv } from './support/published-check.js';
import { publishedNames } from './support/published-check.js';
import { loadSpec, publishRun } from '@tuomin/publish';
import { extractBytes, type Extract7 } from '../fixtures/lib/domains/unseen10-base.js';
import { dischargeRecords, extremePovertyRoll, kindergartenEnrolment, vaccinations } from '../fixtures/lib/domains/unseen10-care.js';
import { bidWinners, constructionPermits, libraryLoans, taxArrears, utilityArrears, volunteerHours, waterQuality } from '../fixtures/lib/domains/unseen10-civic.js';

const ROWS = 1500;
const K = 5;
const SEED = 23;

let dir = '';
let duck: DuckDBConnection;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-unseen10-'));
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => {
  duck?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------ the sources, as sent

/** NDJSON as an API dump writes it: numbers where the system holds numbers, empty strings as null. */
function ndjsonOf(x: Extract7, numeric: readonly string[] = []): string {
  return x.rows.map((r) => JSON.stringify(Object.fromEntries(x.header.map((h, i) => {
    const v = r[i]!;
    return [h, v === '' ? null : numeric.includes(h) ? Number(v) : v];
  })))).join('\n') + '\n';
}

/** Parquet as a warehouse exports it (DuckDB COPY): text columns, amounts as DECIMAL(14,2). */
async function writeParquet(x: Extract7, file: string, decimals: readonly string[] = []): Promise<void> {
  const csv = join(dir, `${file}.src.csv`);
  writeFileSync(csv, extractBytes(x));
  const cols = x.header.map((h) => (decimals.includes(h) ? `CAST("${h}" AS DECIMAL(14,2)) AS "${h}"` : `"${h}"`)).join(', ');
  await duck.run(`COPY (SELECT ${cols} FROM read_csv('${csv}', all_varchar = true, header = true)) TO '${join(dir, file)}' (FORMAT parquet)`);
}

interface Domain {
  x: Extract7;
  file: string;
  /** Writes the source file under `dir`. */
  write: () => Promise<void> | void;
  /** The obvious spec, as a hurried engineer writes it. */
  obvious: () => Spec;
  /** Planted values published on purpose by the obvious spec (a public register's names): not leaks. */
  published?: ReadonlySet<string>;
}

const src = (x: Extract7, file: string) => (): void => { writeFileSync(join(dir, file), extractBytes(x)); };
const gb = { encoding: 'gb18030' };
const withSource = (s: Spec, csv?: Record<string, unknown>): Spec => (csv ? { ...s, source: { ...s.source, csv } } : s);

const vacc = vaccinations(ROWS, SEED);
const discharge = dischargeRecords(ROWS, SEED);
const kinder = kindergartenEnrolment(ROWS, SEED);
const poverty = extremePovertyRoll(ROWS, SEED);
const tax = taxArrears(ROWS, SEED);
const bids = bidWinners(ROWS, SEED);
const permits = constructionPermits(ROWS, SEED);
const loans = libraryLoans(ROWS, SEED);
const volunteers = volunteerHours(ROWS, SEED);
const utility = utilityArrears(ROWS, SEED);
const water = waterQuality(ROWS, SEED);

const DOMAINS: Record<string, Domain> = {
  '疫苗接种记录 vaccinations (NDJSON, camelCase)': {
    x: vacc, file: 'vaccinations.ndjson',
    write: () => writeFileSync(join(dir, 'vaccinations.ndjson'), ndjsonOf(vacc, ['doseNo'])),
    obvious: () => ({
      ...dataset('vaccinations', '滨州市儿童预防接种统计', 'vaccinations.ndjson', '滨州市疾病预防控制中心'),
      columns: {
        recordId: drop, childName: drop, guardianName: drop, guardianPhone: drop, guardianIdNo: drop, remark: drop, vaccinatedAt: drop,
        gender: d('性别'), birthDate: d('出生日期', { name: 'birth_date', rule: castTo('date') }), clinic: d('接种单位'),
        vaccineName: d('疫苗名称', { name: 'vaccine' }), doseNo: d('剂次', { name: 'dose' }), lotNo: d('疫苗批号', { name: 'lot' }),
        adverseReaction: d('不良反应', { name: 'reaction', sensitivity: 'L4' }),
      },
      privacy: privacy(['gender', 'clinic'], ['birthDate'], {}, ['adverseReaction']),
    }),
  },
  '出院记录 discharge records (GB18030, Chinese headers)': {
    x: discharge, file: 'discharge.csv', write: src(discharge, 'discharge.csv'),
    obvious: () => withSource({
      ...dataset('discharges', '滨州市住院病人出院统计', 'discharge.csv', '滨州市卫生健康委员会'),
      columns: {
        住院号: drop, 病案号: drop, 患者姓名: drop, 身份证号码: drop, 主治医师: drop, 联系电话: drop, 家庭住址: drop, 备注: drop,
        性别: d('性别', { name: 'sex' }), 年龄: d('年龄', { name: 'age' }), 科室: d('科室', { name: 'ward' }),
        入院日期: d('入院日期', { name: 'admitted', rule: castTo('date') }), 出院日期: d('出院日期', { name: 'discharged', rule: castTo('date') }),
        住院天数: d('住院天数', { name: 'days' }), 出院诊断: d('出院诊断', { name: 'diagnosis', sensitivity: 'L4' }), 离院方式: d('离院方式', { name: 'outcome' }),
      },
      privacy: privacy(['性别', '科室', '年龄'], ['入院日期', '出院日期'], {}, ['出院诊断']),
    }, gb),
  },
  '幼儿园入园登记 kindergarten enrolment (BOM, pinyin initials)': {
    x: kinder, file: 'kindergarten.csv', write: src(kinder, 'kindergarten.csv'),
    obvious: () => ({
      ...dataset('kindergarten', '滨州市幼儿园入园统计', 'kindergarten.csv', '滨州市教育局'),
      columns: {
        xh: drop, yexm: drop, sfzh: drop, jhrxm: drop, jhrsj: drop, jtzz: drop, bz: drop,
        xb: d('性别', { name: 'sex' }), csrq: d('出生日期', { name: 'birth_date', rule: castTo('date') }), mz: d('民族', { name: 'nation' }),
        jhrgx: d('监护人关系', { name: 'guardian' }), yey: d('幼儿园', { name: 'kindergarten' }), bj: d('班级', { name: 'class' }),
        rysj: d('入园时间', { name: 'entered', rule: castTo('date') }), sfdq: d('是否低保家庭', { name: 'low_income', sensitivity: 'L4' }),
      },
      privacy: privacy(['xb', 'yey', 'bj', 'mz'], ['csrq', 'rysj'], {}, ['sfdq']),
    }),
  },
  '特困供养人员名册 extreme-poverty roll (GB18030, tabs)': {
    x: poverty, file: 'poverty.tsv', write: src(poverty, 'poverty.tsv'),
    obvious: () => withSource({
      ...dataset('poverty-support', '滨州市特困人员供养统计', 'poverty.tsv', '滨州市民政局'),
      columns: {
        序号: drop, 姓名: drop, 身份证: drop, 账号: drop, 代领人: drop, 代领人电话: drop, 备注: drop,
        性别: d('性别', { name: 'sex' }), 年龄: d('年龄', { name: 'age', rule: castTo('int32') }), 区县: d('区县', { name: 'county' }), 乡镇: d('乡镇', { name: 'town' }),
        村居: d('村居', { name: 'village' }), 供养方式: d('供养方式', { name: 'support' }), 自理能力: d('自理能力', { name: 'self_care', sensitivity: 'L4' }), 月供养金: d('月供养金（元）', { name: 'monthly' }),
      },
      privacy: privacy(['性别', '区县', '乡镇', '村居', '供养方式'], [], { 年龄: [5, 10, 20] }, ['自理能力']),
    }, { ...gb, delimiter: '\t' }),
  },
  '欠税公告 tax arrears (Parquet, snake_case, 个体户)': {
    x: tax, file: 'arrears.parquet', published: tax.shopOwners,
    write: () => writeParquet(tax, 'arrears.parquet', ['arrears_balance', 'new_arrears']),
    obvious: () => ({
      ...dataset('tax-arrears', '滨州市欠税公告', 'arrears.parquet', '国家税务总局滨州市税务局'),
      columns: {
        taxpayer_no: drop, legal_rep: drop, id_type: drop, id_no: drop, biz_address: drop,
        taxpayer_name: d('纳税人名称', { allow: ['person_name'], public: { reason: '《欠税公告办法（试行）》第八条：公告欠税纳税人名称' } }),
        taxpayer_type: d('纳税人类型'), tax_type: d('欠税税种'), arrears_balance: d('欠税余额', { type: 'number', scale: 2 }), new_arrears: d('当期新发生欠税', { type: 'number', scale: 2 }), tax_office: d('主管税务机关'), period: d('公告期'),
      },
    }),
  },
  '中标结果 bid winners (Chinese headers, contact persons)': {
    x: bids, file: 'bids.csv', write: src(bids, 'bids.csv'),
    obvious: () => ({
      ...dataset('bid-winners', '滨州市政府采购中标结果', 'bids.csv', '滨州市财政局'),
      columns: {
        采购人联系人: drop, 联系电话: drop, 代理机构联系人: drop, 代理联系电话: drop, 评审专家: drop, 备注: drop,
        项目编号: d('项目编号', { name: 'project_no', public: { reason: '《政府采购法实施条例》第四十三条：公告中标结果' } }),
        项目名称: d('项目名称', { name: 'project' }), 采购人: d('采购人', { name: 'buyer' }), 代理机构: d('代理机构', { name: 'agent' }),
        中标供应商: d('中标供应商', { name: 'winner', public: { reason: '《政府采购法实施条例》第四十三条：公告中标供应商' } }),
        统一社会信用代码: d('统一社会信用代码', { name: 'uscc', allow: ['cn_uscc'], public: { reason: '《政府采购法实施条例》第四十三条：公告中标供应商' } }),
        '中标金额（元）': d('中标金额', { name: 'amount', public: { reason: '《政府采购法实施条例》第四十三条：公告中标金额' } }),
        公告日期: d('公告日期', { name: 'announced', type: 'date', rule: castTo('date') }),
      },
    }),
  },
  '施工许可 construction permits (pinyin initials, 项目负责人)': {
    x: permits, file: 'permits.csv', write: src(permits, 'permits.csv'),
    obvious: () => ({
      ...dataset('construction-permits', '滨州市建筑工程施工许可', 'permits.csv', '滨州市住房和城乡建设局'),
      columns: {
        xmfzr: drop, jzszch: drop, xmfzr_sfz: drop, xmfzr_sj: drop,
        sgxkzh: d('施工许可证号', { name: 'permit_no', public: { reason: '《建筑工程施工许可管理办法》第十一条：公开施工许可' } }),
        xmmc: d('项目名称', { name: 'project' }), jsdw: d('建设单位', { name: 'owner' }), sgdw: d('施工单位', { name: 'builder' }),
        htjg_wy: d('合同价格（万元）', { name: 'contract_price' }), jzmj: d('建筑面积（㎡）', { name: 'area' }),
        kgrq: d('计划开工日期', { name: 'start', type: 'date', rule: castTo('date') }), fzrq: d('发证日期', { name: 'issued', type: 'date', rule: castTo('date') }), fzjg: d('发证机关', { name: 'issuer' }),
      },
    }),
  },
  '图书借阅 library loans (CSV exported from XLSX, English abbreviations)': {
    x: loans, file: 'loans.csv', write: src(loans, 'loans.csv'),
    obvious: () => ({
      ...dataset('library-loans', '滨州市图书馆借阅统计', 'loans.csv', '滨州市图书馆'),
      columns: {
        loan_id: drop, card_no: drop, rdr_nm: drop, rdr_tel: drop, memo: drop, due_dt: drop, ret_dt: drop,
        rdr_sex: d('读者性别'), rdr_age: d('读者年龄', { rule: castTo('int32') }), branch: d('借阅馆'), call_no: d('索书号'), isbn: d('ISBN'), book_title: d('书名'),
        loan_dt: d('借阅日期', { rule: castTo('date') }), overdue_d: d('逾期天数'), fine_amt: d('滞纳金'),
      },
      privacy: privacy(['rdr_sex', 'branch'], ['loan_dt'], { rdr_age: [5, 10, 20] }),
    }),
  },
  '志愿服务时长 volunteer hours (GB18030, mixed headers)': {
    x: volunteers, file: 'volunteers.csv', write: src(volunteers, 'volunteers.csv'),
    obvious: () => withSource({
      ...dataset('volunteer-hours', '滨州市志愿服务时长统计', 'volunteers.csv', '滨州市文明办'),
      columns: {
        志愿者编号: drop, 姓名: drop, ID_NO: drop, 手机: drop, 备注: drop, 累计时长: drop,
        性别: d('性别', { name: 'sex' }), 出生年份: d('出生年份', { name: 'birth_year', rule: castTo('int32') }), 政治面貌: d('政治面貌', { name: 'politics' }),
        所属组织: d('所属组织', { name: 'team' }), 服务项目: d('服务项目', { name: 'service' }), 服务日期: d('服务日期', { name: 'served', rule: castTo('date') }), 服务时长: d('服务时长（小时）', { name: 'hours' }),
      },
      privacy: privacy(['性别', '所属组织', '政治面貌'], ['服务日期'], { 出生年份: [5, 10, 20] }),
    }, gb),
  },
  '水电欠费 utility arrears (Parquet, pinyin initials)': {
    x: utility, file: 'utility.parquet',
    write: () => writeParquet(utility, 'utility.parquet', ['qfje']),
    obvious: () => ({
      ...dataset('utility-arrears', '滨州市居民用电欠费统计', 'utility.parquet', '国网滨州供电公司'),
      columns: {
        hh: drop, hm: drop, lxdh: drop, cby: drop, bz: drop,
        yddz: d('用电地址（到区县）', { name: 'address', rule: { type: 'mask', preset: 'cn.address' } }),
        gds: d('供电所', { name: 'station' }), yhlb: d('用户类别', { name: 'category' }), qfys: d('欠费月数', { name: 'months' }), qfje: d('欠费金额', { name: 'amount', type: 'number', scale: 2 }),
        zhjfrq: d('最后缴费日期', { name: 'last_paid', rule: castTo('date') }),
      },
      privacy: privacy(['gds', 'yhlb', 'yddz'], ['zhjfrq']),
    }),
  },
  '水质监测 river water quality (no person: a clean dataset)': {
    x: water, file: 'water.csv', write: src(water, 'water.csv'),
    obvious: () => ({
      ...dataset('water-quality', '滨州市地表水水质监测', 'water.csv', '滨州市生态环境局'),
      columns: Object.fromEntries(water.header.map((h) => [h, d(h)])),
    }),
  },
};

const outcomes = new Map<string, Outcome>();

describe.each(Object.keys(DOMAINS))('%s: the obvious hand-written spec', (name) => {
  const dom = DOMAINS[name]!;
  it('publishes every format (a refusal here is a false refusal: its codes are the message)', async () => {
    await dom.write();
    const o = await attemptRun(dom.obvious(), { dir });
    outcomes.set(name, o);
    expect(o.reasons, o.message).toEqual([]);
    expect(o.exit).toBe(0);
  });

  it('no planted name or identifier in any cell, header, metadata file or report, in any spelling; every record among k over what an attacker knows', async () => {
    const o = outcomes.get(name);
    expect(o?.result, 'the run above failed').toBeDefined();
    const specText = JSON.stringify(dom.obvious());
    await expectNoPlanted(duck, o!.result!, specText, plantedOf(dom));
    await expectAmongK(duck, o!.result!, specText, dom.x, K);
  });
});

// ------------------------------------------------------------------ one mistake away from the obvious spec

const DOM = (prefix: string): string => Object.keys(DOMAINS).find((k) => k.startsWith(prefix))!;

const CASES: MistakeCase[] = [
  // 疫苗接种记录
  ['疫苗接种记录', 'forgets: the remarks kept as written (家长电话138…, 监护人身份证…)', (s) => { s.columns.remark = d('备注'); }, refused('privacy/pii-pattern', 'columns.remark.rule')],
  ['疫苗接种记录', 'weak mask: the guardian phone keeping 7 digits', (s) => { s.columns.guardianPhone = d('监护人电话', { name: 'guardian_phone', rule: { type: 'mask', preset: 'cn.mobile', keepFirst: 7, keepLast: 0 } }); }, refused('privacy/published-risk', 'columns.guardianPhone')],
  ['疫苗接种记录', 'below k: the birth date kept to the day, no privacy block', (s) => { noPrivacy(s); delete s.columns.adverseReaction.sensitivity; }, refused('privacy/published-risk', 'columns.birthDate')],
  // 出院记录
  ['出院记录', 'forgets: 病案号 kept under a neutral header (编号)', (s) => { s.columns.病案号 = d('编号', { name: 'ref' }); }, refused('privacy/near-unique-column', 'columns.病案号')],
  ['出院记录', 'weak mask: the ID keeping 14 of 18 (keepFirst 10, keepLast 4)', (s) => { s.columns.身份证号码 = d('证件号', { name: 'id_masked', rule: { type: 'mask', preset: 'cn.id', keepFirst: 10, keepLast: 4 } }); }, refused('privacy/near-unique-column', 'columns.身份证号码')],
  ['出院记录', 'below k: the age left out of the quasi-identifiers', withoutQi('年龄'), refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  // 幼儿园入园登记
  ['幼儿园入园登记', 'forgets: the child\'s ID under 学籍辅号, no rule', (s) => { s.columns.sfzh = d('学籍辅号', { name: 'aux_code' }); }, refused('privacy/pii-pattern', 'columns.sfzh.rule')],
  ['幼儿园入园登记', 'weak mask: the guardian phone 3+4 (138****5678)', (s) => { s.columns.jhrsj = d('监护人手机', { name: 'guardian_phone', rule: { type: 'mask', keepFirst: 3, keepLast: 4 } }); }, refused('privacy/near-unique-column', 'columns.jhrsj')],
  ['幼儿园入园登记', 'below k: the entry date left out of the quasi-identifiers', withoutQi('rysj'), refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  // 特困供养人员名册
  ['特困供养人员名册', 'forgets: the remarks kept (a proxy\'s phone, a closed account)', (s) => { s.columns.备注 = d('备注', { name: 'note' }); }, refused('privacy/pii-pattern', 'columns.备注.rule')],
  ['特困供养人员名册', 'weak mask: the bank account 6+4 (622848********1234)', (s) => { s.columns.账号 = d('账号（脱敏）', { name: 'account', rule: { type: 'mask', keepFirst: 6, keepLast: 4 } }); }, refused('privacy/near-unique-column', 'columns.账号')],
  ['特困供养人员名册', 'below k: age, town and village kept raw, no privacy block', (s) => { noPrivacy(s); delete s.columns.自理能力.sensitivity; }, refused('privacy/published-risk', 'privacy')],
  // 欠税公告
  ['欠税公告', 'forgets: the taxpayer number published as a company code (个体户 rows hold the owner\'s ID)', (s) => { s.columns.taxpayer_no = d('纳税人识别号', { allow: ['cn_uscc'], public: { reason: '《欠税公告办法（试行）》第八条：公告纳税人识别号' } }); }, refused('privacy/pii-pattern', 'columns.taxpayer_no.rule')],
  ['欠税公告', 'weak mask: the legal representative\'s ID keeping 14 (as some notices print it)', (s) => { s.columns.id_no = d('证件号码', { rule: { type: 'mask', preset: 'cn.id', keepFirst: 14, keepLast: 0 } }); }, refused('privacy/near-unique-column', 'columns.id_no')],
  ['欠税公告', 'the legal representative\'s ID in its standard display (370000********1234): a register\'s warning, published', (s) => { s.columns.id_no = d('证件号码', { rule: { type: 'mask', preset: 'cn.id' } }); }, { exit: 0 }],
  // 中标结果
  ['中标结果', 'forgets: the evaluation experts kept (names joined by 、)', (s) => { s.columns.评审专家 = d('评审专家', { name: 'experts' }); }, refused('privacy/pii-pattern', 'columns.评审专家.rule')],
  ['中标结果', 'weak mask: the agent contact phone keeping 7 digits', (s) => { s.columns.代理联系电话 = d('代理联系电话', { name: 'agent_phone', rule: { type: 'mask', keepFirst: 7, keepLast: 0 } }); }, { exit: 0 }],
  // 施工许可
  ['施工许可', 'forgets: the builder\'s certificate number under cert_no (鲁137…)', (s) => { s.columns.jzszch = d('注册证书编号', { name: 'cert_no' }); }, refused('privacy/person-key', 'columns.jzszch')],
  // A register (the permit number is public): the standard display (138****5678) is its warning, published.
  ['施工许可', 'the project manager\'s phone in its standard display (3+4) beside a public permit number', (s) => { s.columns.xmfzr_sj = d('项目负责人手机', { name: 'manager_phone', rule: { type: 'mask', preset: 'cn.mobile', keepFirst: 3, keepLast: 4 } }); }, { exit: 0 }],
  ['施工许可', 'weak mask: the project manager\'s phone keeping 7 digits beside a public permit number', (s) => { s.columns.xmfzr_sj = d('项目负责人手机', { name: 'manager_phone', rule: { type: 'mask', preset: 'cn.mobile', keepFirst: 7, keepLast: 0 } }); }, refused('privacy/published-risk', 'columns.xmfzr_sj')],
  // 图书借阅
  ['图书借阅', 'forgets: the reader card number kept (读者证号, 12 digits)', (s) => { s.columns.card_no = d('读者证号'); }, refused('privacy/person-key', 'columns.card_no')],
  ['图书借阅', 'weak mask: the reader phone 3+4', (s) => { s.columns.rdr_tel = d('读者电话', { rule: { type: 'mask', keepFirst: 3, keepLast: 4 } }); }, refused('privacy/published-risk', 'columns.rdr_tel')],
  ['图书借阅', 'below k: age to the year, loan day, branch and sex, no privacy block', (s) => { noPrivacy(s); }, refused('privacy/published-risk', 'privacy')],
  // 志愿服务时长
  ['志愿服务时长', 'forgets: the remarks kept (与X结对服务, 联系人手机)', (s) => { s.columns.备注 = d('备注', { name: 'note' }); }, refused('privacy/pii-pattern', 'columns.备注.rule')],
  ['志愿服务时长', 'weak mask: the ID keeping the birth date (keepFirst 14)', (s) => { s.columns.ID_NO = d('证件号', { name: 'id_no', rule: { type: 'mask', preset: 'cn.id', keepFirst: 14, keepLast: 0 } }); }, refused('privacy/published-risk', 'columns.ID_NO')],
  ['志愿服务时长', 'forgets: the volunteer code kept under 编号 (16 digits per person)', (s) => { s.columns.志愿者编号 = d('编号', { name: 'code' }); }, refused('privacy/person-key', 'columns.志愿者编号')],
  // 水电欠费
  ['水电欠费', 'forgets: the account number kept under a neutral header (编号)', (s) => { s.columns.hh = d('编号', { name: 'ref' }); }, refused('privacy/near-unique-column', 'columns.hh')],
  ['水电欠费', 'weak mask: the address cut after 16 characters (the house number kept)', (s) => { s.columns.yddz = d('用电地址', { name: 'address', rule: { type: 'mask', keepFirst: 16, keepLast: 0 } }); }, { exit: 0 }],
  ['水电欠费', 'forgets: the remarks kept (改联系138…)', (s) => { s.columns.bz = d('备注', { name: 'note' }); }, refused('privacy/pii-pattern', 'columns.bz.rule')],
];

describeOneMistake(CASES, { domain: (prefix) => DOMAINS[DOM(prefix)]!, write: (dom) => dom.write(), scratch: () => ({ dir, duck }) });

// ------------------------------------------------------------------ errors that name the file, the line and what to do

describe('sources the engineer got wrong first', () => {
  it('the loans as the library sent them (XLSX): read, and published as the same rows in CSV are (test/xlsx-input.test.ts has the reader\'s own cases)', async () => {
    const sheet = XLSX.utils.aoa_to_sheet([loans.header, ...loans.rows]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, '借阅');
    writeFileSync(join(dir, 'loans.xlsx'), XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    await DOMAINS[DOM('图书借阅')]!.write();
    const fromCsv = await attemptRun(DOMAINS[DOM('图书借阅')]!.obvious(), { dir });
    const spec = DOMAINS[DOM('图书借阅')]!.obvious();
    spec.source = { path: 'loans.xlsx', acquiredAt: spec.source.acquiredAt };
    const fromXlsx = await attemptRun(spec, { dir });
    expect(fromXlsx.exit, fromXlsx.message).toBe(fromCsv.exit);
    const csvOf = (o: Outcome) => o.result ? readFileSync(join(o.result.packageDir, o.result.files.find((f) => f.path.endsWith('.csv'))!.path)) : Buffer.alloc(0);
    expect(csvOf(fromXlsx).equals(csvOf(fromCsv))).toBe(true);
  }, 600_000);

  it('a vaccination dump with one record cut in half: refused naming the file and the line', async () => {
    const lines = ndjsonOf(vacc, ['doseNo']).split('\n');
    lines[736] = lines[736]!.slice(0, 40);
    writeFileSync(join(dir, 'vaccinations-cut.ndjson'), lines.join('\n'));
    const spec = DOMAINS[DOM('疫苗接种记录')]!.obvious();
    spec.source.path = 'vaccinations-cut.ndjson';
    const o = await attemptRun(spec, { dir });
    expect(o.exit, o.message).toBe(1);
    expect(o.message).toContain('vaccinations-cut.ndjson');
    expect(o.message).toMatch(/line 737\b|:737\b/);
    for (const v of vacc.direct) if (v.length > 2) expect(o.message.includes(v), 'a planted value in the message').toBe(false);
  });

  it('the discharge file (GB18030) read as UTF-8: refused naming the file, or published with no planted value', async () => {
    writeFileSync(join(dir, 'discharge.csv'), extractBytes(discharge));
    const spec = DOMAINS[DOM('出院记录')]!.obvious();
    spec.source.csv = { encoding: 'utf-8' };
    const o = await attemptRun(spec, { dir });
    expect(o.exit, o.message).toBe(1);
    expect(o.message).toContain('discharge.csv');
    expect(o.message).toMatch(/gb18030|GB18030|encoding/);
  });
});

// ------------------------------------------------------------------ a refusal names its true cause

describe('图书借阅: loan dates kept beside sex and age, no privacy block', () => {
  it('refused for records below k over the known columns, the loan date counted among them, not as a person\'s number (before: privacy/person-key on loan_dt, 18.3 % distinct)', async () => {
    await DOMAINS[DOM('图书借阅')]!.write();
    const spec = DOMAINS[DOM('图书借阅')]!.obvious();
    noPrivacy(spec);
    spec.columns.loan_dt = d('借阅日期', { type: 'date', rule: castTo('date') });
    const o = await attemptRun(spec, { dir });
    expect(o.exit, o.message).toBe(3);
    expect(o.reasons, o.message).toContain('privacy/published-risk privacy');
    expect(o.message).toMatch(/attacker can know \([^)]*loan_dt/);
    expect(o.reasons.filter((r) => r.startsWith('privacy/person-key')), o.message).toEqual([]);
  });
});

// ------------------------------------------------------------------ no false refusal of a dataset with no person

describe('水质监测: a dataset with no person', () => {
  it('the draft publishes it (no false refusal), every format', async () => {
    writeFileSync(join(dir, 'water.csv'), extractBytes(water));
    const specPath = join(dir, 'water-draft.yaml');
    await draftedSpec(join(dir, 'water.csv'), specPath);
    let refusal;
    let rows = 0;
    try {
      rows = (await publishRun(await loadSpec(specPath), { outputFolder: join(dir, 'water-draft-out'), env: {}, workers: 1 })).rows;
    } catch (err) {
      refusal = refusalOf(err);
    }
    expect(refusal?.reasons ?? [], refusal?.message).toEqual([]);
    expect(rows).toBe(ROWS);
  });
});

// ------------------------------------------------------------------ the draft, as a user runs it

// Known gaps of the draft, at seed 23, 1,500 rows, counted over the columns an attacker knows: none.
// Closed in session 11 (H4, cjk-bytes.ts nameBeforeCompanion): volunteers, 与X结对服务 in the remarks
// named a partner with no context word (67 names published before).
// Closed (core/detect quasi-header.ts and quasi-values.ts, docs/privacy.md "Institutions"): the
// clinic (接种单位, 214 records in 83 classes below k before), the kindergarten (yey: 1,366 records
// in 740 classes, minors), the volunteer team (所属组织: 383 records in 155 classes), the supply
// station and the account kind (gds, yhlb: 138 records in 57 classes) are attacker-known now.
const DRAFT_LEAK_GAP = new Set<string>([]);
const DRAFT_K_GAP = new Set<string>([]);
const DRAFTED: Array<[string, string]> = [
  ['tax-arrears', '欠税公告'], ['loans', '图书借阅'], ['utility', '水电欠费'], ['vaccinations', '疫苗接种记录'], ['kindergarten', '幼儿园入园登记'], ['volunteers', '志愿服务时长'],
];

describe.each(DRAFTED)('the draft of %s: tuomin profile --write-spec, then tuomin run', (slug, prefix) => {
  const dom = DOMAINS[DOM(prefix)]!;
  let run: Awaited<ReturnType<typeof draftAndRunCli>> | undefined;
  const { direct, canonical } = plantedOf(dom);

  it('publishes (no false refusal of the draft)', async () => {
    await dom.write();
    run = await draftAndRunCli(dir, `draft-${slug}`, join(dir, dom.file));
    expect(run.code, run.err).toBe(0);
  });

  (DRAFT_LEAK_GAP.has(slug) ? it.fails : it)(`${DRAFT_LEAK_GAP.has(slug) ? 'known gap — ' : ''}no planted name or identifier in any file of the package`, async () => {
    expect(run?.code, 'the run above failed').toBe(0);
    const pkg = run!.json.packageDir as string;
    expect(await packageLeaks(duck, pkg, canonical)).toEqual({});
    expect(cellLeaks(await readPublishedCsv(duck, join(pkg, 'data', `${String(run!.spec.dataset.id)}.csv`)), direct)).toEqual({});
  });

  (DRAFT_K_GAP.has(slug) ? it.fails : it)(`${DRAFT_K_GAP.has(slug) ? 'known gap — ' : ''}every published record among ${K} over what an attacker knows`, async () => {
    expect(run?.code, 'the run above failed').toBe(0);
    const pkg = run!.json.packageDir as string;
    const p = await readPublishedCsv(duck, join(pkg, 'data', `${String(run!.spec.dataset.id)}.csv`));
    const names = publishedNames(JSON.stringify(run!.spec), dom.x.header);
    expect(belowK(p, dom.x.attacker.map((a) => names.get(a) ?? a), K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });
});
