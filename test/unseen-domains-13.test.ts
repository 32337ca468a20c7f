/**
 * A thirteenth sweep over registers no earlier sweep generated (fixtures/lib/domains/unseen13.ts):
 * legal aid, enterprise annual reports, veterans' services, rental filings (landlord and tenant),
 * shared-bike trips (the rider nested in NDJSON), exit-entry permits (passports, 港澳通行证), traffic
 * violations (new-energy plates, VIN, the licence = the ID), courier complaints, subsistence
 * allowance (a household's members as a nested array) and funeral services (the date of death as an
 * Excel serial). Spellings none of the earlier sweeps used: pinyin initials (xm, sfzh, rwsj, hphm,
 * jszh), mixed Chinese and English headers, 2025年7月1日 and 20250701, full-width digits; sources as
 * GB18030 (CRLF, tabs), UTF-8 with a BOM, XLSX, Parquet and NDJSON with nested objects.
 * Two paths a domain, as -10/-12: the draft as a user trusts it (profile → draft → catalogue metadata
 * only → run every format), and hand-written specs one mistake away from the obvious one. The
 * independent checker (test/support/published-check.ts) looks for every planted name and identifier
 * in every file of a package and counts classes over what an attacker knows; values never printed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from 'xlsx';
import { parse } from 'yaml';
import { draftSpec, profileFile } from '@tuomin/publish';
import { redact as redactTransform } from '@tuomin/core';
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { attemptRun, castTo, d, dataset, describeDraftedRelease, drop, expectNoPlanted, privacy, scratchWithDuck, type Outcome, type Spec } from './support/sweep-flow.js';
import { describeOneMistake, expectAmongK, noPrivacy, plantedOf, published, refused, withoutQi, type HandDomain, type MistakeCase } from './support/one-mistake.js';
import {
  annualReports, bikeTrips, courierComplaints, exitEntryPermits, extract13Bytes, funeralServices, legalAid, rentalFilings, subsistenceAllowance,
  trafficViolations, veteranServices, type Extract13,
} from '../fixtures/lib/domains/unseen13.js';

const ROWS = 1500;
const K = 5;
const SEED = 41;
const scratch = scratchWithDuck('tuomin-unseen13-');

const aid = legalAid(ROWS, SEED);
const reports = annualReports(ROWS, SEED);
const veterans = veteranServices(ROWS, SEED);
const rentals = rentalFilings(ROWS, SEED);
const bikes = bikeTrips(ROWS, SEED);
const permits = exitEntryPermits(ROWS, SEED);
const traffic = trafficViolations(ROWS, SEED);
const courier = courierComplaints(ROWS, SEED);
const dibao = subsistenceAllowance(ROWS, SEED);
const funeral = funeralServices(ROWS, SEED);

// Sources the test turns into other formats: the rental filings as a housing office's XLSX (dates
// as the number 20250701, areas and rents as numbers), the violations as Parquet (DuckDB COPY).
const made = new Map<Extract13, Buffer>();
beforeAll(async () => {
  const numeric = new Set(['建筑面积(㎡)', '月租金(元)', '租赁起始日', '租赁终止日']);
  const sheet = XLSX.utils.aoa_to_sheet([rentals.header, ...rentals.rows.map((r) => r.map((v, i) => (numeric.has(rentals.header[i]!) ? Number(v) : v)))]);
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, '备案');
  made.set(rentals, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  const csv = join(scratch.dir, 'traffic.src.csv');
  const out = join(scratch.dir, 'traffic.src.parquet');
  writeFileSync(csv, extract13Bytes(traffic));
  const cols = traffic.header.map((h) => (['fkje', 'jf'].includes(h) ? `CAST("${h}" AS INTEGER) AS "${h}"` : `"${h}"`)).join(', ');
  await scratch.duck.run(`COPY (SELECT ${cols} FROM read_csv('${csv}', all_varchar = true, header = true)) TO '${out}' (FORMAT parquet)`);
  made.set(traffic, readFileSync(out));
});
const bytesOf = (x: Extract13): Uint8Array => made.get(x) ?? extract13Bytes(x);

const ALL: Record<string, { x: Extract13; file: string }> = {
  '法律援助 legal aid (GB18030, CRLF, 2025年7月1日, the other party in the summary)': { x: aid, file: 'legal-aid.csv' },
  '企业年报 enterprise annual reports (snake_case, the legal representative)': { x: reports, file: 'annual-reports.csv' },
  '退役军人服务 veterans\' services (BOM, pinyin initials, full-width phones)': { x: veterans, file: 'veterans.csv' },
  '房屋租赁备案 rental filings (XLSX, mixed Chinese and English headers, 20250701)': { x: rentals, file: 'rental-filings.xlsx' },
  '共享单车行程 shared-bike trips (NDJSON, the rider nested, 6 decimals)': { x: bikes, file: 'bike-trips.ndjson' },
  '出入境证件 exit-entry permits (camelCase, passports, 港澳通行证, Excel serial birth dates)': { x: permits, file: 'permits.csv' },
  '交通违法 traffic violations (Parquet, pinyin initials, new-energy plates, VIN)': { x: traffic, file: 'traffic.parquet' },
  '快递投诉 courier complaints (snake_case, the courier named in the text)': { x: courier, file: 'courier.csv' },
  '低保 subsistence allowance (NDJSON, members as a nested array)': { x: dibao, file: 'dibao.ndjson' },
  '殡葬服务 funeral services (GB18030, tabs, date of death as an Excel serial)': { x: funeral, file: 'funeral.tsv' },
};

// ------------------------------------------------------------------ the draft, as a user runs it

const K_GAP = new Set<string>([]);
const LEAK_GAP = new Set<string>([]);
describeDraftedRelease(ALL, { scratch: () => scratch, bytes: bytesOf, rows: ROWS, k: K, kGap: K_GAP, leakGap: LEAK_GAP });

// ------------------------------------------------------------------ specs written by hand

interface Domain extends HandDomain {
  x: Extract13;
  file: string;
}

const gb = (delimiter?: string): Record<string, unknown> => ({ encoding: 'gb18030', ...(delimiter ? { delimiter } : {}) });
const withCsv = (s: Spec, csv: Record<string, unknown>): Spec => ({ ...s, source: { ...s.source, csv } });
const date = (description: string, more: Record<string, unknown> = {}): Record<string, unknown> => d(description, { rule: castTo('date'), ...more });
const stamp = (description: string, more: Record<string, unknown> = {}): Record<string, unknown> => d(description, { rule: castTo('timestamp'), ...more });
const redact = { rule: { type: 'redact' } };
const PUBLICITY = '《企业信息公示暂行条例》第八条、第九条：企业年度报告通过企业信用信息公示系统向社会公示';

const HAND: Record<string, Domain> = {
  法律援助: {
    x: aid, file: 'legal-aid.csv',
    obvious: () => withCsv({
      ...dataset('legal-aid', '滨州市法律援助案件统计', 'legal-aid.csv', '滨州市司法局'),
      columns: {
        案件编号: drop, 受援人姓名: drop, 受援人身份证号: drop, 案情摘要: drop, 承办律师: drop, 联系电话: drop,
        性别: d('性别', { name: 'sex' }), 年龄: d('年龄', { name: 'age', rule: castTo('int32') }), 户籍所在地: d('户籍所在地', { name: 'hukou_town' }),
        案件类别: d('案件类别', { name: 'kind' }), 承办机构: d('承办机构', { name: 'firm' }), 受理日期: date('受理日期', { name: 'accepted' }), 结案日期: date('结案日期', { name: 'closed' }),
      },
      privacy: privacy(['性别', '户籍所在地'], ['受理日期', '结案日期'], { 年龄: [5, 10, 20] }),
    }, gb()),
  },
  企业年报: {
    x: reports, file: 'annual-reports.csv',
    obvious: () => ({
      ...dataset('annual-reports', '滨州市企业年度报告汇总', 'annual-reports.csv', '滨州市市场监督管理局'),
      columns: {
        legal_rep: drop, legal_rep_id_no: drop, contact_mobile: drop, revenue_10k_yuan: drop, tax_paid_10k_yuan: drop, total_assets_10k_yuan: drop, employees: drop, filed_on: drop,
        uscc: d('统一社会信用代码', { allow: ['cn_uscc'], public: { reason: PUBLICITY } }), company_name: d('企业名称', { public: { reason: PUBLICITY } }),
        industry: d('行业'), county: d('区县'), report_year: d('年报年度'),
      },
    }),
  },
  退役军人服务: {
    x: veterans, file: 'veterans.csv',
    obvious: () => ({
      ...dataset('veterans', '滨州市退役军人优抚对象统计', 'veterans.csv', '滨州市退役军人事务局'),
      columns: {
        xm: drop, sfzh: drop, lxdh: drop,
        xb: d('性别', { name: 'sex' }), csrq: date('出生日期', { name: 'birth_date' }), rwsj: d('入伍时间', { name: 'enlisted' }), twsj: d('退伍时间', { name: 'discharged' }),
        yflb: d('优抚类别', { name: 'category' }), jzd: d('居住地', { name: 'town' }), sq: d('社区', { name: 'community' }), bzje: d('补助金额（元）', { name: 'amount' }), ffyf: d('发放月份', { name: 'month' }),
      },
      privacy: { ...privacy(['xb', 'jzd', 'sq'], ['csrq']), quasiIdentifiers: ['xb', 'jzd', 'sq', 'csrq', 'rwsj', 'twsj'], hierarchies: { ...privacy(['xb', 'jzd', 'sq'], ['csrq']).hierarchies, rwsj: { builtin: 'prefix', keep: [4] }, twsj: { builtin: 'prefix', keep: [4] } } },
    }),
  },
  房屋租赁备案: {
    x: rentals, file: 'rental-filings.xlsx',
    obvious: () => ({
      ...dataset('rental-filings', '滨州市房屋租赁备案统计', 'rental-filings.xlsx', '滨州市住房和城乡建设局'),
      columns: {
        备案编号: drop, '出租人 Landlord': drop, 出租人证件号码: drop, '承租人 Tenant': drop, 承租人证件号码: drop, '承租人手机 Mobile': drop, 房屋坐落: drop,
        '街道 Street': d('街道', { name: 'street' }), '建筑面积(㎡)': d('建筑面积（㎡）', { name: 'area' }), '月租金(元)': d('月租金（元）', { name: 'rent' }),
        租赁起始日: d('租赁起始日', { name: 'from' }), 租赁终止日: d('租赁终止日', { name: 'until' }), 用途: d('用途', { name: 'use' }),
      },
      privacy: privacy(['街道 Street'], [], { '建筑面积(㎡)': [10, 20, 100], 租赁起始日: [100, 10000], 租赁终止日: [100, 10000] }),
    }),
  },
  共享单车行程: {
    x: bikes, file: 'bike-trips.ndjson',
    obvious: () => ({
      ...dataset('bike-trips', '滨州市共享单车骑行统计', 'bike-trips.ndjson', '滨州市交通运输局'),
      columns: {
        orderId: drop, rider: drop, bikeNo: drop, startLng: drop, startLat: drop, endLng: drop, endLat: drop,
        startTime: stamp('开始时间'), endTime: stamp('结束时间'), durationMin: d('骑行时长（分钟）'), feeYuan: d('费用（元）'),
      },
      privacy: privacy([], ['startTime', 'endTime']),
    }),
  },
  出入境证件: {
    x: permits, file: 'permits.csv',
    obvious: () => ({
      ...dataset('exit-entry-permits', '滨州市出入境证件签发统计', 'permits.csv', '滨州市公安局'),
      columns: {
        applicationNo: drop, applicantName: drop, idNumber: drop, documentNo: drop, mobile: drop,
        gender: d('性别'), birthDate: d('出生日期（Excel 序列号）', { rule: castTo('int32') }), documentType: d('证件类型'), destination: d('前往地'),
        issueDate: date('签发日期'), issuingOffice: d('签发机关'),
      },
      privacy: privacy(['gender', 'issuingOffice', 'documentType', 'destination'], ['issueDate'], { birthDate: [365, 1825, 3650, 7300] }),
    }),
  },
  交通违法: {
    x: traffic, file: 'traffic.parquet',
    obvious: () => ({
      ...dataset('traffic-violations', '滨州市道路交通违法统计', 'traffic.parquet', '滨州市公安局交通警察支队'),
      columns: {
        jdsbh: drop, hphm: drop, clsbdh: drop, dsr: drop, jszh: drop,
        hpzl: d('号牌种类'), wfsj: stamp('违法时间'), wfdd: d('违法地点'), wfxw: d('违法行为代码'), wfnr: d('违法内容'), fkje: d('罚款金额（元）', { type: 'integer' }), jf: d('记分', { type: 'integer' }), cljg: d('处理结果'),
      },
      privacy: privacy(['wfdd', 'hpzl'], ['wfsj']),
    }),
  },
  快递投诉: {
    x: courier, file: 'courier.csv',
    obvious: () => ({
      ...dataset('courier-complaints', '滨州市快递服务投诉统计', 'courier.csv', '滨州市邮政管理局'),
      columns: {
        complaint_no: drop, waybill_no: drop, complainant_name: drop, complainant_phone: drop, delivery_address: drop, complaint_text: drop,
        received_at: stamp('受理时间'), courier_company: d('快递企业'), complaint_type: d('投诉类型'), result: d('处理结果'), satisfied: d('满意度'),
      },
      privacy: privacy(['courier_company'], ['received_at']),
    }),
  },
  低保: {
    x: dibao, file: 'dibao.ndjson',
    obvious: () => ({
      ...dataset('subsistence-allowance', '滨州市最低生活保障统计', 'dibao.ndjson', '滨州市民政局'),
      columns: {
        caseNo: drop, head: drop, members: drop,
        householdSize: d('家庭人口'), town: d('乡镇（街道）'), village: d('村（社区）'), category: d('保障类别', { sensitivity: 'L4' }), monthlyYuan: d('月保障金（元）'), approvedOn: date('批准日期'),
      },
      privacy: privacy(['town', 'village'], ['approvedOn'], { householdSize: [2, 4] }, ['category']),
    }),
  },
  殡葬服务: {
    x: funeral, file: 'funeral.tsv',
    obvious: () => withCsv({
      ...dataset('funeral-services', '滨州市殡葬服务统计', 'funeral.tsv', '滨州市民政局'),
      columns: {
        服务编号: drop, 逝者姓名: drop, 逝者身份证号: drop, 家属姓名: drop, 家属电话: drop, 死亡日期: drop,
        性别: d('性别', { name: 'sex' }), 享年: d('享年', { name: 'age', rule: castTo('int32') }), 死亡原因: d('死亡原因', { name: 'cause', sensitivity: 'L4' }),
        火化日期: date('火化日期', { name: 'cremated' }), 户籍地: d('户籍地', { name: 'hukou' }), 与逝者关系: d('与逝者关系', { name: 'relation' }),
        服务项目: d('服务项目', { name: 'service' }), '费用(元)': d('费用（元）', { name: 'fee' }),
      },
      privacy: privacy(['性别', '户籍地'], ['火化日期'], { 享年: [5, 10, 20] }, ['死亡原因']),
    }, gb('\t')),
  },
};

const write = (dom: Domain): void => writeFileSync(join(scratch.dir, dom.file), bytesOf(dom.x));
const outcomes = new Map<string, Outcome>();

describe.each(Object.keys(HAND))('%s: the obvious hand-written spec', (name) => {
  const dom = HAND[name]!;
  it('publishes every format (a refusal here is a false refusal: its codes are the message)', async () => {
    write(dom);
    const o = await attemptRun(dom.obvious(), { dir: scratch.dir });
    outcomes.set(name, o);
    expect(o.reasons, o.message).toEqual([]);
    expect(o.exit).toBe(0);
  });

  it('no planted name or identifier in any file, in any spelling; every record among k over what an attacker knows', async () => {
    const o = outcomes.get(name);
    expect(o?.result, 'the run above failed').toBeDefined();
    const specText = JSON.stringify(dom.obvious());
    await expectNoPlanted(scratch.duck, o!.result!, specText, plantedOf(dom));
    await expectAmongK(scratch.duck, o!.result!, specText, dom.x, K);
  });
});

// ------------------------------------------------------------------ one mistake away from the obvious spec

const CASES: MistakeCase[] = [
  // 法律援助
  ['法律援助', 'the case summary kept under redact (对方负责人王芳, 与王芳婚后, 被王芳驾驶车辆撞伤: the other party, by name)', (s) => { s.columns.案情摘要 = d('案情摘要', redact); }, published],
  ['法律援助', 'forgets: the aided person\'s ID kept (spaced and full-width spellings)', (s) => { s.columns.受援人身份证号 = d('证件号码'); }, refused('privacy/pii-pattern', 'columns.受援人身份证号.rule')],
  ['法律援助', 'below k: the age kept to the year (left out of the quasi-identifiers)', withoutQi('年龄'), refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  // 企业年报
  ['企业年报', 'forgets: the legal representative\'s ID kept', (s) => { s.columns.legal_rep_id_no = d('法定代表人证件号码'); }, refused('privacy/pii-pattern', 'columns.legal_rep_id_no.rule')],
  ['企业年报', 'forgets: the legal representative\'s mobile kept', (s) => { s.columns.contact_mobile = d('联系电话'); }, refused('privacy/pii-pattern', 'columns.contact_mobile.rule')],
  ['企业年报', 'trade secrets: revenue and tax kept beside the firm\'s name, unconditionally open', (s) => { s.columns.revenue_10k_yuan = d('营业总收入（万元）'); s.columns.tax_paid_10k_yuan = d('纳税总额（万元）'); }, { exit: 3, path: 'columns.revenue_10k_yuan' }],
  // 退役军人服务
  ['退役军人服务', 'forgets: the ID kept (15-digit old IDs, lower-case x, full-width)', (s) => { s.columns.sfzh = d('证件号码'); }, refused('privacy/pii-pattern', 'columns.sfzh.rule')],
  ['退役军人服务', 'weak mask: the phone 3+4 (full-width digits among them)', (s) => { s.columns.lxdh = d('联系电话', { rule: { type: 'mask', keepFirst: 3, keepLast: 4 } }); }, refused('privacy/near-unique-column', 'columns.lxdh')],
  ['退役军人服务', 'below k: the discharge month left out of the quasi-identifiers', withoutQi('twsj'), refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  // 房屋租赁备案
  ['房屋租赁备案', 'forgets: the door address kept (房屋坐落, to the room)', (s) => { s.columns.房屋坐落 = d('房屋坐落'); }, refused('privacy/pii-pattern', 'columns.房屋坐落.rule')],
  ['房屋租赁备案', 'forgets: the landlord kept (出租人 Landlord)', (s) => { s.columns['出租人 Landlord'] = d('出租人'); }, refused('privacy/pii-pattern', 'columns.出租人 Landlord.rule')],
  ['房屋租赁备案', 'below k: the floor area kept exact (anyone can measure a flat)', withoutQi('建筑面积(㎡)'), refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  // 共享单车行程
  ['共享单车行程', 'the rider object kept under redact (a user id, a name, a mobile inside nested JSON)', (s) => { s.columns.rider = d('骑行用户', redact); }, refused('privacy/person-key', 'columns.rider')],
  ['共享单车行程', 'forgets: the start point kept to 6 decimals (a rider\'s home)', (s) => { s.columns.startLng = d('起点经度'); s.columns.startLat = d('起点纬度'); }, refused('privacy/pii-pattern', 'columns.startLng.rule')],
  // 出入境证件
  ['出入境证件', 'forgets: the document number kept (E12345678, EA1234567, 港澳通行证 C12345678)', (s) => { s.columns.documentNo = d('证件号码'); }, refused('privacy/pii-pattern', 'columns.documentNo.rule')],
  ['出入境证件', 'weak mask: the document number keeping its last 6', (s) => { s.columns.documentNo = d('证件号码', { rule: { type: 'mask', keepFirst: 0, keepLast: 6 } }); }, refused('privacy/near-unique-column', 'columns.documentNo')],
  // 交通违法
  ['交通违法', 'forgets: the plate kept (鲁MD12345: 8-character new-energy plates among them)', (s) => { s.columns.hphm = d('号牌号码'); }, refused('privacy/pii-pattern', 'columns.hphm.rule')],
  ['交通违法', 'forgets: the VIN kept (clsbdh)', (s) => { s.columns.clsbdh = d('车辆识别代号'); }, refused('privacy/pii-pattern', 'columns.clsbdh.rule')],
  ['交通违法', 'forgets: the driver\'s licence kept (jszh: the ID number)', (s) => { s.columns.jszh = d('驾驶证号'); }, refused('privacy/pii-pattern', 'columns.jszh.rule')],
  // 快递投诉
  ['快递投诉', 'the complaint text kept under redact (快递员王芳（138…）: the courier, by name and phone)', (s) => { s.columns.complaint_text = d('投诉内容', redact); }, published],
  ['快递投诉', 'forgets: the delivery address kept', (s) => { s.columns.delivery_address = d('收件地址'); }, refused('privacy/pii-pattern', 'columns.delivery_address.rule')],
  // 低保
  ['低保', 'the members kept under redact (a nested array of names and IDs)', (s) => { s.columns.members = d('家庭成员', redact); }, published],
  ['低保', 'forgets: the head of household kept (a nested object: name, ID, phone)', (s) => { s.columns.head = d('户主'); }, refused('privacy/pii-pattern', 'columns.head.rule')],
  ['低保', 'below k: the village left out of the quasi-identifiers', withoutQi('village'), refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  // 殡葬服务
  ['殡葬服务', 'below k: the age at death (享年) left out of the quasi-identifiers', withoutQi('享年'), refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  ['殡葬服务', 'forgets: the date of death kept as the Excel serial it came as (45839)', (s) => { s.columns.死亡日期 = d('死亡日期'); }, refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  ['殡葬服务', 'forgets: the family phone kept (mobiles and 0543 landlines)', (s) => { s.columns.家属电话 = d('家属电话'); }, refused('privacy/pii-pattern', 'columns.家属电话.rule')],
  ['殡葬服务', 'below k: no privacy block (the cause of death no longer declared sensitive)', (s) => { noPrivacy(s); delete s.columns.死亡原因.sensitivity; }, refused('privacy/published-risk', 'privacy')],
];

// Closed here: the bike-trip rider kept as nested JSON under redact (names and mobiles masked
// inside, the user id U + 9 digits kept: 1,459 cells in every data file, exit 0) is refused as a
// person's own number now (review/person-key.ts reads an object cell's fields as columns).
// Mistakes the review lets through today with exit 0 and something planted published, or a
// refusal it does not make (each an it.fails; counted at seed 41, 1,500 rows):
//  - legal aid: the other party named in the case summary survived redact after 被 and before
//    驾驶 (受援人被王芳驾驶车辆撞伤, 230 records) and between 与 and 婚后 (受援人与王芳婚后感情破裂,
//    294): 537 of 1,500 summaries published a name; 33 since detect/tables.ts reads 被 … 驾驶 and
//    与 … 婚后 (names whose last character a place or a role ends with; minority names with a dot).
//  - courier complaints: 6 couriers' names of rare given characters after 快递员 and before a
//    bracketed phone (快递员X（138…）称…) survive redact; the rest (about 370) are found.
// Closed since: annual reports' revenue and tax beside each firm's name and credit code, open
// unconditionally, are refused as trade secrets (review/trade-secret.ts, privacy/trade-secret).
const CASE_GAP = new Set<string>([
  '法律援助 — the case summary kept under redact (对方负责人王芳, 与王芳婚后, 被王芳驾驶车辆撞伤: the other party, by name)',
  '快递投诉 — the complaint text kept under redact (快递员王芳（138…）: the courier, by name and phone)',
]);
describeOneMistake(CASES, { domain: (key) => HAND[key]!, write, scratch: () => scratch, gaps: CASE_GAP });

// The issuing office (…公安局出入境管理大队, one a county: where the applicant lives) is not known
// to the review as a place by its header or its values; left out of the quasi-identifiers, the spec
// must be refused or every published record must still be among k over what an attacker knows.
describe('出入境证件 — below k: the issuing office left out of the quasi-identifiers', () => {
  it('refused (privacy/published-risk), or published with every record among k over gender, birth date and office', async () => {
    write(HAND.出入境证件!);
    const spec = HAND.出入境证件!.obvious();
    withoutQi('issuingOffice')(spec);
    const o = await attemptRun(spec, { dir: scratch.dir });
    for (const v of permits.direct) if (v.length > 2) expect(o.message.includes(v), 'a planted value in the message').toBe(false);
    if (o.exit !== 0) {
      expect(o.reasons, o.message).toContain('privacy/published-risk privacy.quasiIdentifiers');
      return;
    }
    await expectAmongK(scratch.duck, o.result!, JSON.stringify(spec), permits, K);
  });
});

// ------------------------------------------------------------------ the fixes, one by one

describe('what this sweep fixed, by itself', () => {
  it('redact finds the other party of a legal-aid summary after 被 … 驾驶 and between 与 and 婚后/结婚/离婚 (before: 537 of 1,500 summaries kept the name); 被告人驾驶, 与其离婚 stay as written', async () => {
    const i = aid.header.indexOf('案情摘要');
    const texts = aid.rows.map((r) => r[i]!);
    const t = new Table({ s: vectorFromArray([...texts, '被告人驾驶机动车逃逸', '被执行人驾驶车辆', '受援人与其离婚', '与对方离婚后', '被他人驾驶车辆撞伤'], new Utf8()) });
    const tr = redactTransform({ columns: ['s'] }).bind(t.schema);
    const out: string[] = [];
    for await (const b of tr.apply((async function* () { yield* t.batches; })())) for (let k = 0; k < b.numRows; k++) out.push(String(b.getChildAt(0)!.get(k)));
    const names = [...aid.direct].filter((v) => /^\p{Script=Han}/u.test(v) && v.length <= 4);
    let kept = 0;
    texts.forEach((text, k) => { if (/被.+驾驶|与.+婚后/.test(text) && names.some((v) => text.includes(v) && out[k]!.includes(v))) kept++; });
    // 33 measured (names ending in a character a place or a role ends with, and minority names with a dot).
    expect(kept).toBeLessThan(50);
    expect(out.slice(texts.length)).toEqual(['被告人驾驶机动车逃逸', '被执行人驾驶车辆', '受援人与其离婚', '与对方离婚后', '被他人驾驶车辆撞伤']);
  });

  it('the draft drops a date of an event read as a number (死亡日期 as Excel serials 45839) and hands 享年 to the search as an age (before: both published raw, the draft refused by its own run, 425 records below k on the date alone)', async () => {
    writeFileSync(join(scratch.dir, 'funeral-probe.tsv'), extract13Bytes(funeral));
    const spec = parse(draftSpec(await profileFile(join(scratch.dir, 'funeral-probe.tsv')), join(scratch.dir, 'funeral-probe.yaml'), '2026-12-01')) as Spec;
    expect(spec.columns.死亡日期.drop).toBe(true);
    expect(spec.privacy.quasiIdentifiers).toContain('享年');
    expect(spec.privacy.hierarchies.享年).toMatchObject({ builtin: 'interval' });
    // A date the cast reads is still generalized by the search, and an amount under no date header still rounded or kept.
    expect(spec.columns.火化日期.rule).toEqual({ type: 'cast', to: 'date' });
    expect(spec.columns['费用(元)'].drop).toBeUndefined();
  });
});
