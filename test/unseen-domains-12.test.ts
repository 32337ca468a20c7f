/**
 * A twelfth sweep over domains no earlier sweep generated (fixtures/lib/domains/unseen12-*.ts):
 * provident-fund loans, disability certificates, pension payments, dishonest judgment debtors (a
 * list the law publishes with names), land contract rights, rental subsidies, fishing licences,
 * 12345 work orders with English keys, taxi trips to six decimals, a school-bus roster, DRG
 * settlements, sports venue bookings and bike-station flows (no person: must publish). Sources in
 * the shapes agencies send: GB18030 with tabs or CRLF, UTF-8 with a BOM, NDJSON, Parquet. As a user
 * runs them: profile → draft → catalogue metadata only → run every format; then specs written by
 * hand as a hurried engineer writes them (the obvious one, one that forgets a column, one with a
 * weak mask). The independent checker (test/support/published-check.ts) looks for every planted
 * name and identifier in every file of a package and counts classes over what an attacker knows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectValue } from '@tuomin/core';
import { loadSpec, publishRun } from '@tuomin/publish';
import { attemptRun, castTo, d, dataset, describeDraftedRelease, draftedSpec, drop, expectNoPlanted, privacy, refusalOf, scratchWithDuck, type Outcome, type Spec } from './support/sweep-flow.js';
import { describeOneMistake, expectAmongK, noPrivacy, plantedOf, published, refused, withoutQi, type MistakeCase } from './support/one-mistake.js';
import { Rng } from '../fixtures/lib/rng.js';
import { extract11Bytes, type Extract11 } from '../fixtures/lib/domains/unseen12-base.js';
import { disabilityCertificates, dishonestDebtors, fishingLicences, fundLoans, landContracts, pensionPayments, rentalSubsidies } from '../fixtures/lib/domains/unseen12-registers.js';
import { bikeStationFlows, drgSettlements, hotlineOrders, schoolBusRoster, taxiTrips, venueBookings } from '../fixtures/lib/domains/unseen12-services.js';

const ROWS = 1500;
const K = 5;
const SEED = 37;
const scratch = scratchWithDuck('tuomin-unseen12-');

const loans = fundLoans(ROWS, SEED);
const disability = disabilityCertificates(ROWS, SEED);
const pension = pensionPayments(ROWS, SEED);
const debtors = dishonestDebtors(ROWS, SEED);
const land = landContracts(ROWS, SEED);
const rental = rentalSubsidies(ROWS, SEED);
const fishing = fishingLicences(ROWS, SEED);
const hotline = hotlineOrders(ROWS, SEED);
const taxi = taxiTrips(ROWS, SEED);
const bus = schoolBusRoster(ROWS, SEED);
const drg = drgSettlements(ROWS, SEED);
const venues = venueBookings(ROWS, SEED);
const bikes = bikeStationFlows(ROWS, SEED);

// Parquet as a warehouse exports it (DuckDB COPY): text columns, coordinates and money as DOUBLE.
const PARQUET = new Map<Extract11, { doubles: readonly string[]; bytes?: Buffer }>([
  [taxi, { doubles: ['pickup_lon', 'pickup_lat', 'dropoff_lon', 'dropoff_lat', 'distance_km', 'fare_yuan'] }],
  [bikes, { doubles: ['经度', '纬度'] }],
]);
beforeAll(async () => {
  for (const [x, p] of PARQUET) {
    const csv = join(scratch.dir, `${x.domain}.src.csv`);
    const out = join(scratch.dir, `${x.domain}.src.parquet`);
    writeFileSync(csv, extract11Bytes(x));
    const cols = x.header.map((h) => (p.doubles.includes(h) ? `CAST("${h}" AS DOUBLE) AS "${h}"` : `"${h}"`)).join(', ');
    await scratch.duck.run(`COPY (SELECT ${cols} FROM read_csv('${csv}', all_varchar = true, header = true)) TO '${out}' (FORMAT parquet)`);
    p.bytes = readFileSync(out);
  }
});
const bytesOf = (x: Extract11): Uint8Array => PARQUET.get(x)?.bytes ?? extract11Bytes(x);

/** Every domain, by the file it is sent as: the one place a domain's file is named. */
const ALL: Record<string, { x: Extract11; file: string }> = {
  '公积金贷款 provident-fund loans (GB18030, CRLF, headers with units)': { x: loans, file: 'fund-loans.csv' },
  '残疾人证 disability certificates (BOM, ID + 2 digits)': { x: disability, file: 'disability.csv' },
  '养老金发放 pension payments (GB18030, tabs, pinyin initials, 15-digit IDs)': { x: pension, file: 'pensions.tsv' },
  '失信被执行人 dishonest debtors (English headers, published by law)': { x: debtors, file: 'debtors.csv' },
  '土地承包经营权 land contract rights (GB18030, tabs, pinyin initials)': { x: land, file: 'land.tsv' },
  '租房补贴 rental subsidies (IDs with spaces, full-width)': { x: rental, file: 'rental.csv' },
  '渔业捕捞许可 fishing licences (GB18030, full-width brackets)': { x: fishing, file: 'fishing.csv' },
  '12345 work orders (NDJSON, English camelCase, landline extensions)': { x: hotline, file: 'hotline.ndjson' },
  '出租车行程 taxi trips (Parquet, GPS to 6 decimals)': { x: taxi, file: 'taxi.parquet' },
  '校车乘车名单 school-bus roster (BOM, English abbreviations, minors)': { x: bus, file: 'school-bus.csv' },
  '医保结算 DRG settlements (NDJSON, camelCase)': { x: drg, file: 'drg.ndjson' },
  '体育场馆预约 venue bookings (camelCase, +86)': { x: venues, file: 'venues.csv' },
  '公共自行车站点 bike-station flows (Parquet, no person)': { x: bikes, file: 'bikes.parquet' },
};
const fileOf = (x: Extract11): string => Object.values(ALL).find((v) => v.x === x)!.file;
/** A domain's source as sent, written into the scratch folder (Parquet from the beforeAll above). */
const write = (x: Extract11): void => writeFileSync(join(scratch.dir, fileOf(x)), bytesOf(x));

// ------------------------------------------------------------------ the draft, as a user runs it

// Drafts the review refuses (each refusal right: tests below); the draft should have done what the
// refusal asks. Where a fix belongs: the draft (packages/publish/src/profile/, H1).
const REFUSED_DRAFT: Record<string, { code: string; path: string; why: string }> = {
  'land.tsv': { code: 'privacy/person-key', path: 'columns.cbfbm', why: 'the household code (承包方编码 cbfbm, 16 digits, 2-4 plots a household) is drafted as text to redact; redaction masks 13 % whole (read as bank cards) and publishes the rest (1,310 of 1,500 cells) — the review now refuses it as a person\'s number' },
  'fishing.csv': { code: 'privacy/published-risk', path: 'privacy.quasiIdentifiers', why: 'the boat\'s length (船长（米）, by its unit: anyone can see it) is kept exact: 178 records below k over length, fishing area and expiry' },
  'taxi.parquet': { code: 'privacy/published-risk', path: 'columns.distance_km', why: 'the trip distance (distance_km, by its unit) is kept exact beside pickup and drop-off times: 115 records below k' },
};

// Gaps of the drafts that publish, found by this sweep at seed 37 (1,500 rows) and closed in core
// detect quasi-header.ts: the employer (缴存单位; 235 records below k), a pupil's grade and bus stop
// (grd, cls, stop_nm; 1,430 minors' records below k), the venue booked (venueName; 47 below k).
const K_GAP = new Set<string>([]);
// Names in free text were gaps here until detect/tables.ts read 接送/接回 after 由 and a judgment's
// 借款/欠款/货款… as ending a creditor's name after 申请执行人 (1,498 debtors' creditors and 81
// guardians were published after redact).
const LEAK_GAP = new Set<string>([]);

const DRAFTED = Object.fromEntries(Object.entries(ALL).filter(([, v]) => !REFUSED_DRAFT[v.file]));
describeDraftedRelease(DRAFTED, { scratch: () => scratch, bytes: bytesOf, rows: ROWS, k: K, kGap: K_GAP, leakGap: LEAK_GAP });

describe.each(Object.entries(ALL).filter(([, v]) => REFUSED_DRAFT[v.file]))('the draft of %s, refused by its own review', (_name, { x, file }) => {
  const expected = REFUSED_DRAFT[file]!;
  let refusal: ReturnType<typeof refusalOf> | undefined;
  let published = false;

  it(`refused (${expected.code} ${expected.path}), naming the column and what to do, never a value; nothing published`, async () => {
    write(x);
    const slug = file.replace(/\.\w+$/, '');
    await draftedSpec(join(scratch.dir, file), join(scratch.dir, `${slug}.yaml`));
    try {
      await publishRun(await loadSpec(join(scratch.dir, `${slug}.yaml`)), { outputFolder: join(scratch.dir, `${slug}-out`), env: {}, workers: 1 });
      published = true;
    } catch (err) {
      refusal = refusalOf(err);
    }
    expect(published, 'the draft published').toBe(false);
    expect(refusal!.exit, refusal!.message).toBe(3);
    expect(refusal!.reasons, refusal!.message).toContain(`${expected.code} ${expected.path}`);
    expect(refusal!.message).toMatch(/try:|fix/);
    for (const v of x.direct) if (v.length > 2) expect(refusal!.message.includes(v), 'a planted value in the message').toBe(false);
  });

  // The draft should do what its refusal asks (drop or generalize the column it names).
  it.fails(`known gap — the draft publishes (${expected.why})`, () => {
    expect(published).toBe(true);
  });
});

// ------------------------------------------------------------------ specs written by hand

interface Domain {
  x: Extract11;
  /** The obvious spec, as a hurried engineer writes it from docs/spec.md. */
  obvious: () => Spec;
  /** Planted names published on purpose (a list the law publishes): not leaks. */
  published?: ReadonlySet<string>;
}

const gb = (delimiter?: string): Record<string, unknown> => ({ encoding: 'gb18030', ...(delimiter ? { delimiter } : {}) });
const withCsv = (s: Spec, csv: Record<string, unknown>): Spec => ({ ...s, source: { ...s.source, csv } });
const date = (description: string, more: Record<string, unknown> = {}): Record<string, unknown> => d(description, { rule: castTo('date'), ...more });

const HAND: Record<string, Domain> = {
  公积金贷款: {
    x: loans,
    obvious: () => withCsv({
      ...dataset('fund-loans', '滨州市住房公积金个人贷款发放统计', 'fund-loans.csv', '滨州市住房公积金管理中心'),
      columns: {
        合同编号: drop, 借款人姓名: drop, 借款人证件号码: drop, 共同借款人: drop, 共同借款人证件号码: drop, 抵押房屋坐落: drop, 手机号码: drop,
        借款人年龄: d('借款人年龄', { name: 'age', rule: castTo('int32') }), 缴存单位: d('缴存单位', { name: 'employer' }),
        '贷款金额(万元)': d('贷款金额（万元）', { name: 'amount_10k' }), '贷款期限(月)': d('贷款期限（月）', { name: 'term_months' }), '年利率(%)': d('年利率（%）', { name: 'rate' }),
        放款日期: date('放款日期', { name: 'issued' }), 还款状态: d('还款状态', { name: 'status' }),
      },
      privacy: privacy(['缴存单位'], ['放款日期'], { 借款人年龄: [5, 10, 20] }),
    }, gb()),
  },
  残疾人证: {
    x: disability,
    obvious: () => ({
      ...dataset('disability', '滨州市持证残疾人统计', 'disability.csv', '滨州市残疾人联合会'),
      columns: {
        残疾人证号: drop, 姓名: drop, 监护人: drop, 监护人联系电话: drop, 备注: drop,
        性别: d('性别', { name: 'sex' }), 出生日期: date('出生日期', { name: 'birth_date' }), 残疾类别: d('残疾类别', { name: 'category', sensitivity: 'L4' }),
        残疾等级: d('残疾等级', { name: 'level' }), '乡镇(街道)': d('乡镇（街道）', { name: 'town' }), '村(社区)': d('村（社区）', { name: 'village' }), 发证日期: date('发证日期', { name: 'issued' }),
      },
      privacy: privacy(['性别', '乡镇(街道)', '村(社区)'], ['出生日期', '发证日期'], {}, ['残疾类别']),
    }),
  },
  养老金发放: {
    x: pension,
    obvious: () => withCsv({
      ...dataset('pensions', '滨州市养老金发放统计', 'pensions.tsv', '滨州市人力资源和社会保障局'),
      columns: {
        xm: drop, sfzh: drop, yhkh: drop, lxdh: drop,
        xb: d('性别', { name: 'sex' }), csny: d('出生年月', { name: 'birth_month' }), cbxz: d('参保险种', { name: 'scheme' }), sq: d('社区', { name: 'community' }),
        ffyf: d('发放月份', { name: 'month' }), ffje: d('发放金额（元）', { name: 'amount' }),
      },
      privacy: privacy(['xb', 'csny', 'sq']),
    }, gb('\t')),
  },
  失信被执行人: {
    x: debtors, published: debtors.debtorNames,
    obvious: () => ({
      ...dataset('dishonest-debtors', '滨州市失信被执行人名单', 'debtors.csv', '滨州市中级人民法院'),
      columns: {
        debtor_phone: drop, creditor_contact: drop, obligation: drop, sex: drop, age: drop,
        case_no: d('案号', { public: { reason: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第六条：公布案号' } }),
        debtor_name: d('被执行人姓名', { allow: ['person_name'], public: { reason: '《最高人民法院关于公布失信被执行人名单信息的若干规定》第六条：公布被执行人姓名' } }),
        debtor_id_no: d('身份证号码（部分隐去）', { rule: { type: 'mask', preset: 'cn.id' } }),
        court: d('执行法院'), filed_on: date('立案时间', { type: 'date' }), behaviour: d('失信被执行人行为具体情形'), published_on: date('发布时间', { type: 'date' }),
      },
    }),
  },
  土地承包经营权: {
    x: land,
    obvious: () => withCsv({
      ...dataset('land-contracts', '滨州市农村土地承包经营权确权统计', 'land.tsv', '滨州市农业农村局'),
      columns: {
        cbfbm: drop, cbfdbxm: drop, zjhm: drop, lxdh: drop, dkbm: drop,
        jtcysl: d('家庭成员数', { name: 'members' }), dkmc: d('地块名称', { name: 'plot' }), htmj: d('合同面积（亩）', { name: 'area_mu', rule: castTo('float64') }), tdyt: d('土地用途', { name: 'use' }),
        cbqx: date('承包期限', { name: 'until', type: 'date' }), xz: d('乡镇', { name: 'town' }), c: d('村', { name: 'village' }),
      },
      privacy: privacy(['xz', 'c'], [], { jtcysl: [2, 4], htmj: [1, 2, 4] }),
    }, gb('\t')),
  },
  租房补贴: {
    x: rental,
    obvious: () => ({
      ...dataset('rental-subsidies', '滨州市租赁补贴发放统计', 'rental.csv', '滨州市住房和城乡建设局'),
      columns: {
        申请编号: drop, 申请人: drop, 身份证号: drop, 租赁房屋地址: drop, 联系电话: drop,
        '家庭人口(人)': d('家庭人口（人）', { name: 'household_size' }), '家庭月收入(元)': d('家庭月收入（元）', { name: 'income' }),
        街道: d('街道', { name: 'town' }), 社区: d('社区', { name: 'community' }), '补贴标准(元/月)': d('补贴标准（元/月）', { name: 'subsidy' }),
        审批日期: date('审批日期', { name: 'approved' }), 困难类型: d('困难类型', { name: 'hardship', sensitivity: 'L4' }),
      },
      privacy: privacy(['街道', '社区'], ['审批日期'], { '家庭人口(人)': [2, 4] }, ['困难类型']),
    }),
  },
  渔业捕捞许可: {
    x: fishing,
    obvious: () => withCsv({
      ...dataset('fishing-licences', '滨州市渔业捕捞许可统计', 'fishing.csv', '滨州市海洋发展和渔业局'),
      columns: {
        许可证编号: drop, 船名号: drop, 船舶所有人: drop, 所有人身份证号: drop, 联系电话: drop,
        船籍港: d('船籍港', { name: 'port' }), '主机功率（千瓦）': d('主机功率（千瓦）', { name: 'power_kw', rule: castTo('float64') }), '船长（米）': d('船长（米）', { name: 'length_m', rule: castTo('int32') }),
        作业类型: d('作业类型', { name: 'gear' }), 作业场所: d('作业场所', { name: 'area' }), 有效期至: date('有效期至', { name: 'valid_until' }),
      },
      privacy: privacy(['船籍港', '作业类型', '作业场所'], ['有效期至'], { '主机功率（千瓦）': [25, 50, 100], '船长（米）': [5, 10, 20] }),
    }, gb()),
  },
  '12345热线': {
    x: hotline,
    obvious: () => ({
      ...dataset('hotline-orders', '滨州市12345热线工单统计', 'hotline.ndjson', '滨州市12345政务服务便民热线'),
      columns: {
        orderNo: drop, callerName: drop, callerPhone: drop,
        acceptedAt: d('受理时间', { name: 'accepted', rule: castTo('date') }), channel: d('渠道'), district: d('区县'), category: d('诉求类别'),
        content: d('诉求内容（个人信息已遮盖）', { rule: { type: 'redact' } }), handledBy: d('承办单位'), status: d('办理状态'), satisfaction: d('满意度'),
      },
      privacy: privacy(['district'], ['acceptedAt']),
    }),
  },
  出租车行程: {
    x: taxi,
    obvious: () => ({
      ...dataset('taxi-trips', '滨州市出租汽车运营统计', 'taxi.parquet', '滨州市交通运输局'),
      columns: {
        trip_id: drop, plate_no: drop, driver_name: drop, driver_id_no: drop, passenger_phone: drop,
        pickup_lon: drop, pickup_lat: drop, dropoff_lon: drop, dropoff_lat: drop, dropoff_time: drop,
        pickup_time: d('上车时间', { rule: castTo('date') }), distance_km: d('行驶里程（公里）'), fare_yuan: d('金额（元）', { type: 'number' }), pay_type: d('支付方式'),
      },
      privacy: privacy([], ['pickup_time'], { distance_km: [5, 10, 20] }),
    }),
  },
  校车乘车名单: {
    x: bus,
    obvious: () => ({
      ...dataset('school-bus', '滨州市农村校车乘车统计', 'school-bus.csv', '滨州市教育局'),
      columns: {
        stu_no: drop, stu_nm: drop, grd_nm: drop, grd_tel: drop, rmk: drop, dob: drop, grd_rel: drop,
        sex: d('性别'), sch_nm: d('学校'), grd: d('年级'), cls: d('班级'), bus_no: d('校车'), stop_nm: d('乘车站点'),
      },
      privacy: privacy(['sex', 'sch_nm', 'grd', 'cls', 'stop_nm']),
    }),
  },
  医保结算DRG: {
    x: drg,
    obvious: () => ({
      ...dataset('drg-settlements', '滨州市医保DRG结算统计', 'drg.ndjson', '滨州市医疗保障局'),
      columns: {
        settleId: drop, insuredName: drop, insuredIdNo: drop,
        gender: d('性别'), age: d('年龄'), insuranceType: d('险种'), hospitalName: d('定点医院'), drgCode: d('DRG分组编码'), drgName: d('DRG分组名称', { sensitivity: 'L4' }),
        admitDate: date('入院日期'), dischargeDate: date('出院日期'), totalCost: d('总费用（元）'), fundPaid: d('统筹支付（元）'), selfPaid: d('个人负担（元）'),
      },
      privacy: privacy(['gender', 'hospitalName'], ['admitDate', 'dischargeDate'], { age: [5, 10, 20] }, ['drgName']),
    }),
  },
  体育场馆预约: {
    x: venues,
    obvious: () => ({
      ...dataset('venue-bookings', '滨州市公共体育场馆预约统计', 'venues.csv', '滨州市体育局'),
      columns: {
        bookingId: drop, bookerName: drop, bookerMobile: drop, memberCardNo: drop,
        venueName: d('场馆'), courtName: d('场地'), bookingDate: date('预约日期'), timeSlot: d('时段'), partySize: d('人数'), priceYuan: d('价格（元）'), payStatus: d('支付状态'),
      },
      privacy: privacy(['venueName', 'courtName', 'timeSlot'], ['bookingDate']),
    }),
  },
  公共自行车站点: {
    x: bikes,
    obvious: () => ({
      ...dataset('bike-stations', '滨州市公共自行车站点借还统计', 'bikes.parquet', '滨州市城市管理局'),
      columns: {
        ...Object.fromEntries(bikes.header.map((h) => [h, d(h)])),
        // A station's place, no person's: docs/detection.md's way to keep coordinates (allow, public reason, L1).
        经度: d('经度', { type: 'number', allow: ['geo_coordinate'], sensitivity: 'L1', public: { reason: '公共自行车站点属市政公用设施，其位置按《政府信息公开条例》第二十条主动公开' } }),
        纬度: d('纬度', { type: 'number', allow: ['geo_coordinate'], sensitivity: 'L1', public: { reason: '公共自行车站点属市政公用设施，其位置按《政府信息公开条例》第二十条主动公开' } }),
      },
    }),
  },
};

const outcomes = new Map<string, Outcome>();

// False refusals of an obvious spec, each with its reason code and where a fix belongs:
//  - venue bookings: privacy/pii-pattern columns.courtName.rule — 游泳馆 (114 of 1,500 courts) is
//    read as a person's name (游 is a surname); the name detectors' (H4). The draft drops the column.
const FALSE_REFUSAL = new Set(['体育场馆预约']);

describe.each(Object.keys(HAND))('%s: the obvious hand-written spec', (name) => {
  const dom = HAND[name]!;
  const falseRefusal = FALSE_REFUSAL.has(name);
  (falseRefusal ? it.fails : it)(`${falseRefusal ? 'known false refusal — ' : ''}publishes every format (a refusal here is a false refusal: its codes are the message)`, async () => {
    write(dom.x);
    const o = await attemptRun(dom.obvious(), { dir: scratch.dir });
    outcomes.set(name, o);
    expect(o.reasons, o.message).toEqual([]);
    expect(o.exit).toBe(0);
  });

  (falseRefusal ? it.fails : it)('no planted name or identifier in any file, in any spelling; every record among k over what an attacker knows', async () => {
    const o = outcomes.get(name);
    expect(o?.result, 'the run above failed').toBeDefined();
    const specText = JSON.stringify(dom.obvious());
    await expectNoPlanted(scratch.duck, o!.result!, specText, plantedOf(dom));
    // A list the law publishes with names has no attacker to hide a record from.
    if (dom.published) return;
    await expectAmongK(scratch.duck, o!.result!, specText, dom.x, K);
  });
});

// ------------------------------------------------------------------ one mistake away from the obvious spec

const CASES: MistakeCase[] = [
  // 公积金贷款
  ['公积金贷款', 'forgets: the co-borrower\'s ID kept (共同借款人证件号码, spaced and full-width spellings)', (s) => { s.columns.共同借款人证件号码 = d('共同借款人证件号码'); }, refused('privacy/pii-pattern', 'columns.共同借款人证件号码.rule')],
  ['公积金贷款', 'weak mask: the mobile keeping 7 digits (+86 and spaced spellings too)', (s) => { s.columns.手机号码 = d('手机号码', { name: 'mobile', rule: { type: 'mask', preset: 'cn.mobile', keepFirst: 7, keepLast: 0 } }); }, refused('privacy/near-unique-column', 'columns.手机号码')],
  ['公积金贷款', 'below k: the age kept to the year, no privacy block', (s) => { noPrivacy(s); }, refused('privacy/published-risk', 'privacy')],
  // 残疾人证
  ['残疾人证', 'forgets: the certificate number kept under 证号 (ID + 2 digits)', (s) => { s.columns.残疾人证号 = d('证号', { name: 'cert_no' }); }, refused('privacy/pii-pattern', 'columns.残疾人证号.rule')],
  ['残疾人证', 'weak mask: the certificate number keeping region and birth date (keepFirst 14)', (s) => { s.columns.残疾人证号 = d('证号', { name: 'cert_no', rule: { type: 'mask', keepFirst: 14, keepLast: 0 } }); }, refused('privacy/near-unique-column', 'columns.残疾人证号')],
  ['残疾人证', 'forgets: the remarks kept under redact (换证，原证号 + the old certificate number)', (s) => { s.columns.备注 = d('备注', { name: 'note', rule: { type: 'redact' } }); }, published],
  ['残疾人证', 'below k: the village left out of the quasi-identifiers', withoutQi('村(社区)'), refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  // 养老金发放
  ['养老金发放', 'forgets: the ID kept (15-digit old IDs among 18-digit ones)', (s) => { s.columns.sfzh = d('证件号码', { name: 'id_no' }); }, refused('privacy/pii-pattern', 'columns.sfzh.rule')],
  ['养老金发放', 'weak mask: the bank card 6+4 (6217 00** **** **12 34 grouped by spaces)', (s) => { s.columns.yhkh = d('银行卡号', { name: 'card', rule: { type: 'mask', keepFirst: 6, keepLast: 4 } }); }, refused('privacy/published-risk', 'columns.yhkh')],
  // 失信被执行人
  ['失信被执行人', 'the names kept with no law cited (allow only)', (s) => { delete s.columns.debtor_name.public; }, { exit: 3, path: 'columns.debtor_name.allow' }],
  ['失信被执行人', 'the full ID kept beside the name (the law publishes it partly hidden)', (s) => { s.columns.debtor_id_no = d('身份证号码'); }, refused('privacy/pii-pattern', 'columns.debtor_id_no.rule')],
  ['失信被执行人', 'the obligation kept under redact (给付申请执行人王芳借款本金…: a private creditor, by name)', (s) => { s.columns.obligation = d('执行依据确定的义务', { rule: { type: 'redact' } }); }, published],
  ['失信被执行人', 'forgets: the creditor contact kept (a private creditor\'s name and mobile)', (s) => { s.columns.creditor_contact = d('申请执行人联系方式'); }, refused('privacy/pii-pattern', 'columns.creditor_contact.rule')],
  // 土地承包经营权
  ['土地承包经营权', 'forgets: the household code kept as it is (承包方编码)', (s) => { s.columns.cbfbm = d('承包方编码'); }, refused('privacy/person-key', 'columns.cbfbm')],
  ['土地承包经营权', 'the household code under redact, as the draft does (13 % masked whole, the rest published)', (s) => { s.columns.cbfbm = d('承包方编码', { rule: { type: 'redact' } }); }, refused('privacy/person-key', 'columns.cbfbm')],
  ['土地承包经营权', 'below k: the plot area kept exact (anyone can measure a plot)', withoutQi('htmj'), refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  // 租房补贴
  ['租房补贴', 'forgets: the ID kept under 证件 (spaced, full-width, 15-digit)', (s) => { s.columns.身份证号 = d('证件'); }, refused('privacy/pii-pattern', 'columns.身份证号.rule')],
  ['租房补贴', 'weak mask: the rented home cut after 20 characters (the house number kept)', (s) => { s.columns.租赁房屋地址 = d('租赁房屋地址', { name: 'address', rule: { type: 'mask', keepFirst: 20, keepLast: 0 } }); }, refused('privacy/pii-pattern', 'columns.租赁房屋地址.rule')],
  // 渔业捕捞许可
  ['渔业捕捞许可', 'forgets: the owner\'s name kept (船舶所有人)', (s) => { s.columns.船舶所有人 = d('船舶所有人', { name: 'owner' }); }, refused('privacy/pii-pattern', 'columns.船舶所有人.rule')],
  ['渔业捕捞许可', 'the boat\'s name kept beside port, power and length (鲁滨渔01234: the vessel register names its owner)', (s) => { s.columns.船名号 = d('船名号', { name: 'boat' }); }, refused('privacy/near-unique-column', 'columns.船名号')],
  // 12345
  ['12345热线', 'forgets: the request text kept as written (回访请拨138…)', (s) => { delete s.columns.content.rule; }, refused('privacy/pii-pattern', 'columns.content.rule')],
  ['12345热线', 'weak mask: the caller\'s phone 3+4 (landlines with extensions too)', (s) => { s.columns.callerPhone = d('来电号码', { rule: { type: 'mask', keepFirst: 3, keepLast: 4 } }); }, refused('privacy/near-unique-column', 'columns.callerPhone')],
  // 出租车行程
  ['出租车行程', 'forgets: the pickup point kept to 6 decimals (a regular passenger\'s home)', (s) => { s.columns.pickup_lon = d('上车经度'); s.columns.pickup_lat = d('上车纬度'); }, refused('privacy/pii-pattern', 'columns.pickup_lon.rule')],
  ['出租车行程', 'forgets: the driver\'s ID kept', (s) => { s.columns.driver_id_no = d('驾驶员身份证号'); }, refused('privacy/pii-pattern', 'columns.driver_id_no.rule')],
  // 校车乘车名单
  ['校车乘车名单', 'forgets: the birth date kept to the day beside school, grade and class (minors)', (s) => { s.columns.dob = d('出生日期', { rule: castTo('date') }); }, refused('privacy/published-risk', 'privacy.quasiIdentifiers')],
  ['校车乘车名单', 'the remarks kept under redact (由王芳接送: the guardian, by name)', (s) => { s.columns.rmk = d('备注', { rule: { type: 'redact' } }); }, published],
  ['校车乘车名单', 'weak mask: the guardian phone 3+4', (s) => { s.columns.grd_tel = d('监护人电话', { rule: { type: 'mask', keepFirst: 3, keepLast: 4 } }); }, refused('privacy/near-unique-column', 'columns.grd_tel')],
  // 医保结算DRG
  ['医保结算DRG', 'weak mask: the insured ID keeping 14 (region and birth date)', (s) => { s.columns.insuredIdNo = d('证件号码', { rule: { type: 'mask', preset: 'cn.id', keepFirst: 14, keepLast: 0 } }); }, refused('privacy/near-unique-column', 'columns.insuredIdNo')],
  ['医保结算DRG', 'below k: admission and discharge to the day, no privacy block', (s) => { noPrivacy(s); delete s.columns.drgCode.sensitivity; delete s.columns.drgName.sensitivity; }, refused('privacy/published-risk', 'privacy')],
  // 体育场馆预约
  ['体育场馆预约', 'forgets: the member card kept (会员卡号 TY…, repeated over a member\'s bookings)', (s) => { s.columns.memberCardNo = d('会员卡号'); s.columns.courtName = drop; withoutQi('courtName')(s); }, refused('privacy/person-key', 'columns.memberCardNo')],
  // 公共自行车站点
  ['公共自行车站点', 'the station coordinates kept with no public reason: refused, naming each column and the rule (fail closed: a point may be a home)', (s) => { s.columns.经度 = d('经度', { type: 'number' }); s.columns.纬度 = d('纬度', { type: 'number' }); }, refused('privacy/pii-pattern', 'columns.经度.rule')],
];

// Hand-written mistakes the review lets through with exit 0 and something planted published (each
// an it.fails). Was: 申请执行人王芳借款本金 (1,498 of 1,500) and 由王芳接送 (81), fixed in detect/tables.ts.
const CASE_GAP = new Set<string>([]);

describeOneMistake(CASES, { domain: (key) => HAND[key]!, write: (dom) => write(dom.x), scratch: () => scratch, gaps: CASE_GAP });

// ------------------------------------------------------------------ the detectors and the errors, one by one

describe('what this sweep fixed, by itself', () => {
  it('a disability certificate number (the ID, the category 1-7, the grade 1-4) is read as an ID alone, in a remark, with an X and in full-width digits; 20 random digits are not', () => {
    const ids = [...disability.direct].filter((v) => /^\d{17}[\dX]\d\d$/.test(v)).slice(0, 200);
    expect(ids.length).toBeGreaterThan(100);
    const isId = (s: string): boolean => detectValue(s).some((f) => f.type === 'cn_id');
    for (const cert of ids) {
      expect(isId(cert)).toBe(true);
      expect(isId(`换证，原证号${cert}已作废`)).toBe(true);
      expect(isId(cert.replace(/\d/g, (c) => String.fromCharCode(0xff10 + Number(c))))).toBe(true);
    }
    expect(ids.some((c) => c[17] === 'X'), 'an ID ending in X among them').toBe(true);
    // Not a 20-digit order number: its first 18 digits would need a region, a birth date and the check digit (0 of 20,000 measured).
    const rng = new Rng(SEED, 99);
    let read = 0;
    for (let i = 0; i < 2000; i++) if (isId(`订单号${rng.digits(20)}`)) read++;
    expect(read).toBeLessThan(5);
  });

  it('an interval hierarchy whose widths do not nest is refused with the spec, naming the file, the line and privacy.hierarchies.<column> (before: "rule interval: …", no column, no line)', async () => {
    write(fishing);
    const spec = HAND.渔业捕捞许可!.obvious();
    spec.privacy.hierarchies['主机功率（千瓦）'].widths = [20, 50, 100];
    const o = await attemptRun(spec, { dir: scratch.dir });
    expect(o.exit, o.message).toBe(1);
    expect(o.message).toMatch(/hand-\d+\.yaml/);
    expect(o.message).toMatch(/line \d+, privacy\.hierarchies\.主机功率（千瓦）\.widths/);
    expect(o.message).toMatch(/\[5, 10, 20\]/);
  });

  it('a 12345 dump cut in the middle of a record: refused naming the file and the line, no value', async () => {
    const lines = extract11Bytes(hotline).toString('utf8').split('\n');
    lines[812] = lines[812]!.slice(0, 60);
    writeFileSync(join(scratch.dir, 'hotline-cut.ndjson'), lines.join('\n'));
    const spec = HAND['12345热线']!.obvious();
    spec.source.path = 'hotline-cut.ndjson';
    const o = await attemptRun(spec, { dir: scratch.dir });
    expect(o.exit, o.message).toBe(1);
    expect(o.message).toContain('hotline-cut.ndjson');
    expect(o.message).toMatch(/line 813\b|:813\b/);
    for (const v of hotline.direct) if (v.length > 2) expect(o.message.includes(v), 'a planted value in the message').toBe(false);
  });
});
