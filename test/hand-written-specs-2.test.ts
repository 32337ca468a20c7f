/**
 * A second sweep of hand-written specs, over a city hotline's work orders (12345 热线工单): caller
 * names, phones (mobile, landline, spaced, dashed, full-width), ID numbers on some rows, the
 * address complained about, free-text complaint content with names, phones, plates, IDs, emails
 * and addresses inside, the handling department, the handler's name and staff number, timestamps
 * to the second, a satisfaction score and a follow-up contact column mixing mobiles, landlines and
 * mailboxes. No bundled spec covers this domain. Each spec below is one plausible mistake away
 * from the careful one; each must either publish no identifier in any file of the package (every
 * format, reports, metadata, README), checked by the independent checker in
 * test/support/published-check.ts, or be refused with a named reason and publish nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { stringify } from 'yaml';
import { BINZHOU, Rng, mobile, landline, residentId, toFullWidth } from '../fixtures/lib/index.js';
import { dateBetween } from '../fixtures/lib/dates.js';
import { detectValue } from '@tuomin/core';
import { personalMailbox } from '@tuomin/core/light';
import { namesInPackage, packageLeaks, readPublishedCsv } from './support/published-check.js';
import { attemptRun, d, runCli, scratchWithDuck, type Spec } from './support/sweep-flow.js';

// ---------------------------------------------------------------------------------------------
// The extract: a seeded generator of hotline work orders.

const HEADER = [
  '工单编号', '来电时间', '来电人姓名', '来电号码', '身份证号', '诉求地址', '所属区县', '诉求类型',
  '诉求内容', '承办部门', '承办人', '承办人工号', '办结时间', '满意度', '回访联系方式',
] as const;

// Surnames and given names chosen so that no name is a substring of the fixed vocabulary below.
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '朱', '高', '郭', '马', '罗', '梁', '宋', '郑'];
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '超', '秀兰', '霞', '刚', '桂英', '建华', '志强', '玉兰', '俊杰'];
const STREETS = ['黄河五路', '渤海七路', '长江一路', '新立河西路', '中海路', '梧桐二路', '彩虹湖路'];
const COMPOUNDS = ['阳光花园', '滨河小区', '锦绣城', '金色家园', '凤凰城', '渤海明珠苑'];
const KINDS = ['投诉', '投诉', '投诉', '咨询', '求助', '建议', '举报'];
const DEPTS = ['市城市管理局', '市住房和城乡建设局', '市生态环境局', '市市场监督管理局', '市交通运输局', '市人力资源和社会保障局', '区街道办事处'];
const SATISFACTION = ['满意', '满意', '基本满意', '不满意', '未评价'];
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const MAIL = ['qq.com', '163.com', '126.com', 'sina.com'];

interface Hotline {
  rows: string[][];
  /** Every identifier of 7 characters or more: IDs, phones, plates, mailboxes, staff numbers, order numbers. */
  long: Set<string>;
  /** Every person's name (callers, people named in the complaint, handlers). */
  names: Set<string>;
  callerNames: string[];
  staffNames: string[];
  mobiles: string[];
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** One phone as people type it into a complaint: plain, spaced, dashed, full-width, with +86 (a landline: plain or full-width). */
function spell(rng: Rng, phone: string): string {
  if (phone.startsWith('0')) return rng.chance(0.5) ? toFullWidth(phone) : phone;
  switch (rng.int(6)) {
    case 0: return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
    case 1: return `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    case 2: return toFullWidth(phone);
    case 3: return `+86 ${phone}`;
    default: return phone;
  }
}

function hotline(n: number, seed: number): Hotline {
  const rng = new Rng(seed, 12345);
  const rows: string[][] = [];
  const long = new Set<string>();
  const names = new Set<string>();
  const callerNames: string[] = [];
  const staffNames: string[] = [];
  const mobiles: string[] = [];
  const person = (): string => { const p = rng.pick(SURNAMES) + rng.pick(GIVEN); names.add(p); return p; };
  // Forty handlers with staff numbers, each handling many orders.
  const staff = Array.from({ length: 40 }, (_, i) => ({ name: person(), no: `RX${2019 + (i % 5)}${pad(100 + i * 7, 4)}`, dept: DEPTS[i % DEPTS.length]! }));
  for (const s of staff) { staffNames.push(s.name); long.add(s.no); }
  for (let i = 0; i < n; i++) {
    const county = rng.pick(BINZHOU);
    const caller = person();
    callerNames.push(caller);
    const phone = rng.chance(0.85) ? mobile(rng) : landline(rng, county.area);
    if (phone.length === 11 && !phone.includes('-')) mobiles.push(phone);
    long.add(phone);
    const male = rng.chance(0.5);
    const id = residentId(rng, county.code, dateBetween(rng, [1950, 1, 1], [2004, 12, 31]), male);
    const withId = rng.chance(0.3);
    if (withId) long.add(id);
    const address = `${county.county}${rng.pick(STREETS)}${rng.range(1, 300)}号${rng.pick(COMPOUNDS)}${rng.range(1, 30)}号楼${rng.range(1, 4)}单元${rng.range(1, 18)}0${rng.range(1, 4)}室`;
    const kind = rng.pick(KINDS);
    const d = dateBetween(rng, [2024, 1, 1], [2024, 12, 31]);
    const h = rng.range(7, 21);
    const at = `${d.year}-${pad(d.month)}-${pad(d.day)} ${pad(h)}:${pad(rng.int(60))}:${pad(rng.int(60))}`;
    const done = `${d.year}-${pad(d.month)}-${pad(Math.min(28, d.day + rng.range(0, 3)))} ${pad(rng.range(8, 18))}:${pad(rng.int(60))}:${pad(rng.int(60))}`;
    const other = person();
    const otherPhone = mobile(rng);
    long.add(otherPhone);
    const plate = `鲁M${PLATE_LETTERS[rng.int(PLATE_LETTERS.length)]}${rng.digits(4)}`;
    const mail = `${rng.pick(['zhang', 'li', 'wang', 'hot', 'bz'])}${rng.digits(5)}@${rng.pick(MAIL)}`;
    let content: string;
    switch (rng.int(8)) {
      case 0: content = `市民${caller}反映${address}附近夜间施工噪音扰民，请尽快处理。联系电话${spell(rng, phone)}。`; break;
      case 1: content = `来电人称其车辆${plate}被堵在${rng.pick(COMPOUNDS)}门口，对方车主${other}电话${spell(rng, otherPhone)}无人接听。`; long.add(plate); break;
      case 2: content = `反映${rng.pick(COMPOUNDS)}物业不作为，物业经理${other}，电话${spell(rng, otherPhone)}，多次沟通无果。`; break;
      case 3: content = `咨询社保缴费问题，来电人身份证号${id}，要求答复。`; long.add(id); break;
      case 4: content = `请将处理结果发送至邮箱${mail}，来电人${caller}。`; long.add(mail); break;
      case 5: content = `建议在${rng.pick(STREETS)}增设公交站点，方便市民出行。`; break;
      case 6: content = `市民${caller}来电反映${rng.pick(STREETS)}路灯不亮，回访人员${other}已回访。`; break;
      default: content = `${caller}女士来电咨询办事指南，已答复。`;
    }
    const s = staff[rng.int(staff.length)]!;
    const gridName = (): string => person();
    const gridPhone = (): string => { const m = mobile(rng); long.add(m); return m; };
    const follow = rng.int(3) === 0 ? mail : rng.int(2) === 0 ? spell(rng, phone) : landline(rng, county.area);
    // The checker compares canonical forms (published-check.ts): a spaced or full-width spelling meets the plain one.
    long.add(follow);
    rows.push([
      `GD${d.year}${pad(d.month)}${pad(d.day)}${pad(i, 5)}`, at, caller, phone, withId ? id : '', address, county.county, kind,
      // One order in fifty names the grid worker who took it over, with a mobile, in the department cell.
      content, rng.chance(0.02) ? `${s.dept}（网格员${gridName()}${gridPhone()}）` : s.dept, s.name, s.no, done, rng.pick(SATISFACTION), follow,
    ]);
    long.add(rows[rows.length - 1]![0]!);
  }
  return { rows, long, names, callerNames, staffNames, mobiles };
}

const csvField = (s: string): string => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const toCsv = (h: Hotline): string => [HEADER.join(','), ...h.rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';

// ---------------------------------------------------------------------------------------------

const ROWS = 3000;
const x = hotline(ROWS, 12345);
// A test key (hex, 32 bytes), for the runs whose rules need one.
const KEY = Array.from({ length: 32 }, (_, i) => (i * 53 + 7).toString(16).padStart(2, '0').slice(-2)).join('');

const scratch = scratchWithDuck('tuomin-handspec2-');
beforeAll(() => {
  writeFileSync(join(scratch.dir, 'orders.csv'), toCsv(x));
  writeFileSync(join(scratch.dir, 'orders-gbk.csv'), iconv.encode(toCsv(x), 'gbk'));
});

/** The careful spec: direct identifiers dropped, times to the month, the complaint text redacted. */
function goodSpec(): Spec {
  return {
    dataset: {
      id: 'hotline-12345',
      title: '滨州市12345政务服务便民热线工单统计',
      description: '滨州市12345热线受理的群众诉求工单（个人信息已去除）。',
      publisher: { name: '滨州市政务服务管理局', uscc: '11371600MB28503171' },
      contact: { phone: '0543-3160000', email: 'open@binzhou.gov.cn' },
      domain: '其他',
      keywords: ['12345', '热线', '诉求'],
      updateFrequency: 'monthly',
    },
    openAttribute: 'unconditional',
    source: { path: 'orders.csv', acquiredAt: '2026-11-20', system: '12345热线工单系统' },
    columns: {
      工单编号: { drop: true },
      来电时间: d('受理月份', { name: 'received_month', rule: { type: 'generalize', method: 'date', unit: 'month' } }),
      来电人姓名: { drop: true },
      来电号码: { drop: true },
      身份证号: { drop: true },
      诉求地址: { drop: true },
      所属区县: d('所属区县', { name: 'district' }),
      诉求类型: d('诉求类型', { name: 'kind' }),
      诉求内容: d('诉求内容（个人信息已遮盖）', { name: 'content', rule: { type: 'redact', replacement: 'tag' } }),
      承办部门: d('承办部门', { name: 'department', rule: { type: 'redact', replacement: 'tag' } }),
      承办人: { drop: true },
      承办人工号: { drop: true },
      办结时间: d('办结月份', { name: 'closed_month', rule: { type: 'generalize', method: 'date', unit: 'month' } }),
      满意度: d('满意度', { name: 'satisfaction' }),
      回访联系方式: { drop: true },
    },
    output: { folder: 'out', formats: ['csv', 'parquet'] },
  };
}

interface Outcome {
  exit: number;
  codes: string[];
  reasons: string[];
  message: string;
  packageDir?: string;
  leaks?: Record<string, number>;
}

async function attempt(spec: Spec, env: NodeJS.ProcessEnv = {}, workers = 1): Promise<Outcome> {
  const o = await attemptRun(spec, { dir: scratch.dir, env, workers, partitionBytes: 128 * 1024 });
  if (o.exit !== 0) return o;
  const r = o.result!;
  const leaks = { ...await packageLeaks(scratch.duck, r.packageDir, x.long) };
  // Names (callers, people in the text, handlers) in any text of any published file, of any length.
  for (const [f, n] of Object.entries(await namesInPackage(scratch.duck, r.packageDir, x.names, Infinity))) leaks[`names in ${f}`] = n;
  // A door-level address (3号楼, 2单元, 501室) left in any published cell.
  const doors = (await readPublishedCsv(scratch.duck, join(r.packageDir, 'data', `${String(spec.dataset.id)}.csv`))).rows.flat().filter((c) => c !== null && /\d+\s*(?:号楼|栋|幢|单元|室)/.test(c)).length;
  if (doors) leaks['door-level addresses in the CSV'] = doors;
  return { ...o, packageDir: r.packageDir, leaks };
}

function variant(change: (s: Spec) => void): Spec {
  const s = goodSpec();
  change(s);
  return s;
}

/** The message never repeats an identifier of the extract. */
function quiet(o: Outcome): void {
  for (const v of [...x.long].slice(0, 400)) expect(o.message.includes(v)).toBe(false);
  for (const v of x.staffNames) expect(o.message.includes(v)).toBe(false);
}

interface Expected {
  exit: 0 | 1 | 3 | 4;
  code?: string;
  path?: string;
  /** Text the message must hold (the name of what to fix). */
  says?: string;
  env?: NodeJS.ProcessEnv;
  /** Run with this many workers (partitions of 128 KiB). */
  workers?: number;
}
const refused = (code: string, path?: string, exit: 1 | 3 | 4 = 3, says?: string): Expected => ({ exit, code, ...(path ? { path } : {}), ...(says ? { says } : {}) });

const FIVE = ['csv', 'parquet', 'ndjson', 'arrow', 'xlsx'];
const PUBLIC = { reason: '依据《政府信息公开条例》第二十条公开机构名称' };
const nameOnly = (s: Spec): void => { s.columns.来电时间 = { drop: true }; s.columns.办结时间 = { drop: true }; s.columns.所属区县 = { drop: true }; };
// A caller's mailbox as the follow-up column holds it.
const mailOf = (prefix: string): string => x.rows.map((r) => r[14]!).find((v) => v.includes('@') && v.startsWith(prefix))!;
// A caller's landline as the follow-up column holds it (0543-…).
const callerLandline = (): string => x.rows.map((r) => r[14]!).find((v) => /^0543-\d{7}$/.test(v))!;

const CASES: Array<[string, (s: Spec) => void, Expected]> = [
  // Fails before the fix: 来电人吴洋。 and 网格员王秀英138… kept their names, ０５４３-６７３８１４４ its digits.
  ['the careful spec (baseline): the complaint text redacted as tags', () => {}, { exit: 0 }],
  ['all five formats (xlsx and ndjson too)', (s) => { s.output.formats = FIVE; }, { exit: 0 }],
  ['all five formats, two workers', (s) => { s.output.formats = FIVE; }, { exit: 0, workers: 2 }],
  ['the complaint text redacted with masks (the default)', (s) => { s.columns.诉求内容.rule = { type: 'redact' }; }, { exit: 0 }],
  ['pseudonymize the caller number with a key in the environment', (s) => { s.columns.来电号码 = d('来电人假名', { name: 'caller_ref', rule: { type: 'pseudonymize', key: { env: 'HOTLINE_KEY' } } }); }, { exit: 0, env: { HOTLINE_KEY: KEY } }],
  ['a GBK file, encoding detected', (s) => { s.source.path = 'orders-gbk.csv'; }, { exit: 0 }],
  ['the complaint address masked to the district (cn.address)', (s) => { s.columns.诉求地址 = d('诉求地址（到区县）', { name: 'address', rule: { type: 'mask', preset: 'cn.address' } }); }, { exit: 0 }],
  // Columns.
  ['the complaint address not mentioned at all', (s) => { delete s.columns.诉求地址; }, refused('BAD_SPEC', undefined, 1, '诉求地址')],
  ['the department marked public, a grid worker\'s mobile in some rows', (s) => { s.columns.承办部门 = d('承办部门', { name: 'department', public: PUBLIC }); }, refused('privacy/pii-pattern', 'columns.承办部门.rule')],
  ['the caller number masked keeping 7 digits', (s) => { s.columns.来电号码 = d('来电号码', { name: 'phone', rule: { type: 'mask', preset: 'cn.mobile', keepFirst: 7, keepLast: 0 } }); }, refused('privacy/near-unique-column', 'columns.来电号码')],
  ['the caller number masked 3+4 (138****5678)', (s) => { s.columns.来电号码 = d('来电号码', { name: 'phone', rule: { type: 'mask', keepFirst: 3, keepLast: 4 } }); }, refused('privacy/near-unique-column', 'columns.来电号码')],
  ['a regex that nulls texts with plain mobiles and IDs (misses spaced, dashed, full-width)', (s) => {
    s.columns.诉求内容 = d('诉求内容', { name: 'content', rule: { type: 'suppress-rows', where: { any: [{ column: '诉求内容', matches: '1[3-9]\\d{9}' }, { column: '诉求内容', matches: '\\d{17}[\\dX]' }] }, action: 'null' } });
  }, refused('privacy/pii-pattern', 'columns.诉求内容.rule')],
  // Fails before the fix: 承办人 was no name header and forty handlers over 3,000 rows score low as a list of people.
  ['the handler\'s name kept, the other attacker-known columns dropped', (s) => { nameOnly(s); s.columns.承办人 = d('承办人', { name: 'handler' }); }, refused('privacy/pii-pattern', 'columns.承办人.rule')],
  ['the handler\'s name kept with times and district', (s) => { s.columns.承办人 = d('承办人', { name: 'handler' }); }, refused('privacy/pii-pattern', 'columns.承办人.rule')],
  // Fail before the fix: forty staff numbers over 3,000 rows, no detector type, not near-unique: published.
  ['the handler\'s staff number kept', (s) => { s.columns.承办人工号 = d('工号', { name: 'staff_no' }); }, refused('privacy/unmasked-sensitive-field', 'columns.承办人工号.rule', 3, '承办人工号')],
  ['the handler\'s staff number kept under handler_code (代码), trimmed only', (s) => { s.columns.承办人工号 = d('代码', { name: 'handler_code', title: '承办代码', rule: { type: 'trim' } }); }, refused('privacy/unmasked-sensitive-field', 'columns.承办人工号.rule')],
  ['the handler\'s staff number pseudonymized with a key', (s) => { s.columns.承办人工号 = d('承办人假名', { name: 'handler_ref', rule: { type: 'pseudonymize', key: { env: 'HOTLINE_KEY' } } }); }, { exit: 0, env: { HOTLINE_KEY: KEY } }],
  ['keep: a rule type that does not exist, on the handler', (s) => { s.columns.承办人 = d('承办人', { name: 'handler', rule: { type: 'keep' } }); }, refused('spec/unknown-rule', 'columns.承办人.rule.type', 1)],
  ['the call time cut to the minute (prefix 16)', (s) => { s.columns.来电时间 = d('受理时间', { name: 'received_at', rule: { type: 'generalize', method: 'prefix', length: 16 } }); }, refused('privacy/near-unique-column', 'columns.来电时间')],
  ['the call time with unit: minute', (s) => { s.columns.来电时间 = d('受理时间', { name: 'received_at', rule: { type: 'generalize', method: 'date', unit: 'minute' } }); }, refused('spec/invalid', 'columns.来电时间.rule.unit', 1)],
  ['the call time kept to the second (type: datetime)', (s) => { s.columns.来电时间 = d('受理时间', { name: 'received_at', type: 'datetime' }); }, refused('privacy/near-unique-column', 'columns.来电时间')],
  ['k = 5 declared, the road-level address left out of the quasi-identifiers', (s) => {
    s.columns.诉求地址 = d('诉求地址（到道路）', { name: 'road', rule: { type: 'mask', keepFirst: 7, keepLast: 0 } });
    s.privacy = { k: 5, quasiIdentifiers: ['所属区县', '来电时间', '办结时间'] };
  }, refused('privacy/published-risk', 'columns.诉求地址')],
  ['the redaction only when: 诉求类型 is 投诉', (s) => { s.columns.诉求内容.rule.when = { column: '诉求类型', equals: '投诉' }; }, refused('privacy/pii-pattern', 'columns.诉求内容.rule')],
  ['the caller number renamed channel_code (渠道编码), no rule', (s) => { s.columns.来电号码 = d('渠道编码', { name: 'channel_code', title: '渠道编码' }); }, refused('privacy/pii-pattern', 'columns.来电号码.rule')],
  ['the follow-up contact renamed note (备注), no rule', (s) => { s.columns.回访联系方式 = d('备注', { name: 'note', title: '备注' }); }, refused('privacy/pii-pattern', 'columns.回访联系方式.rule')],
  ['the follow-up contact masked with the email preset (phones in most rows)', (s) => { s.columns.回访联系方式 = d('回访方式', { name: 'follow_up', rule: { type: 'mask', preset: 'email' } }); }, refused('rule/destroyed-column', 'columns.回访联系方式.rule')],
  // An ID on a third of the calls: the blanks are empty strings, which the rule voids.
  ['the ID generalized to its county, 70 % of the cells blank', (s) => {
    s.columns.身份证号 = d('证件地区', { name: 'id_region', rule: { type: 'generalize', method: 'id-region', level: 'county' } });
    s.columns.来电时间.rule.unit = 'year';
    s.columns.办结时间.rule.unit = 'year';
  }, refused('rule/destroyed-column', 'columns.身份证号.rule', 4, 'nullTokens: [""]')],
  ['the ID generalized to its county, blanks read as null (nullTokens: [""])', (s) => {
    s.source.csv = { nullTokens: [''] };
    s.columns.身份证号 = d('证件地区', { name: 'id_region', rule: { type: 'generalize', method: 'id-region', level: 'county' } });
    s.columns.来电时间.rule.unit = 'year';
    s.columns.办结时间.rule.unit = 'year';
  }, { exit: 0 }],
  // Keys.
  ['pseudonymize, the key variable not set', (s) => { s.columns.来电号码 = d('来电人假名', { name: 'caller_ref', rule: { type: 'pseudonymize', key: { env: 'HOTLINE_KEY' } } }); }, refused('BAD_KEY', undefined, 1, 'HOTLINE_KEY')],
  ['the key written inline', (s) => { s.columns.来电号码 = d('来电人假名', { name: 'caller_ref', rule: { type: 'pseudonymize', key: KEY } }); }, refused('spec/inline-key', 'columns.来电号码.rule.key', 1)],
  ['the key under key: { value: }', (s) => { s.columns.来电号码 = d('来电人假名', { name: 'caller_ref', rule: { type: 'pseudonymize', key: { value: KEY } } }); }, refused('spec/inline-key', 'columns.来电号码.rule.key.value', 1, 'treat the key as exposed')],
  ['the key pasted as the variable name', (s) => { s.columns.来电号码 = d('来电人假名', { name: 'caller_ref', rule: { type: 'pseudonymize', key: { env: KEY } } }); }, refused('BAD_KEY', undefined, 1, 'never write a key into a spec')],
  ['the key pasted as a keys: entry\'s variable name', (s) => { s.keys = { caller: { env: KEY } }; s.columns.来电号码 = d('来电人假名', { name: 'caller_ref', rule: { type: 'pseudonymize', key: 'caller' } }); }, refused('BAD_KEY', undefined, 1, 'never write a key into a spec')],
  // Metadata.
  ['a caller\'s name as a keyword', (s) => { s.dataset.keywords = ['热线', x.callerNames[3]]; }, refused('privacy/pii-in-metadata', 'dataset.keywords[1]')],
  ['a handler\'s name in the title', (s) => { s.dataset.title = `12345热线工单（${x.staffNames[2]}整理）`; }, refused('privacy/pii-in-metadata', 'dataset.title')],
  ['a caller\'s spaced mobile in the description', (s) => { const m = x.mobiles[5]!; s.dataset.description = `热线工单，电话${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}。`; }, refused('privacy/pii-in-metadata', 'dataset.description')],
  ['a caller\'s full-width mobile in the description', (s) => { s.dataset.description = `热线工单，如有疑问请联系${toFullWidth(x.mobiles[6]!)}。`; }, refused('privacy/pii-in-metadata', 'dataset.description')],
  ['a dashed mobile as the contact phone', (s) => { const m = x.mobiles[8]!; s.dataset.contact.phone = `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`; }, refused('privacy/pii-in-metadata', 'dataset.contact.phone')],
  // Fail before the fix: published as 部门电话 / 部门邮箱 with exit 0.
  ['a caller\'s landline (from the follow-up column) as the contact phone', (s) => { s.dataset.contact.phone = callerLandline(); }, refused('privacy/pii-in-metadata', 'dataset.contact.phone')],
  ['a caller\'s landline as the contact phone, two workers', (s) => { s.dataset.contact.phone = callerLandline(); }, { ...refused('privacy/pii-in-metadata', 'dataset.contact.phone'), workers: 2 }],
  ['a caller\'s mailbox (surname and number) as the contact email', (s) => { s.dataset.contact.email = mailOf('zhang'); }, refused('privacy/pii-in-metadata', 'dataset.contact.email')],
  ['a caller\'s mailbox (an office-looking word) as the contact email', (s) => { s.dataset.contact.email = mailOf('hot'); }, refused('privacy/pii-in-metadata', 'dataset.contact.email')],
  // Fail before the fix: README, datapackage.json and platform.json published the staff number.
  ['a handler\'s staff number as a column description\'s example', (s) => { s.columns.满意度.description = `满意度，例如工号${x.rows[0]![11]}的回访`; }, refused('privacy/pii-in-metadata', 'columns.满意度.description')],
  ['a handler\'s staff number in the dataset description, the column dropped', (s) => { s.dataset.description = `热线工单，由${x.rows[1]![11]}汇总。`; }, refused('privacy/pii-in-metadata', 'dataset.description')],
  ['a handler\'s staff number in the dataset description, two workers', (s) => { s.dataset.description = `热线工单，由${x.rows[1]![11]}汇总。`; }, { ...refused('privacy/pii-in-metadata', 'dataset.description'), workers: 2 }],
  ['an administrator\'s name in source.system', (s) => { s.source.system = `12345热线工单系统（管理员${x.staffNames[4]}）`; }, refused('privacy/pii-in-metadata', 'source.system')],
  ['a handler\'s name in the publisher', (s) => { s.dataset.publisher.name = `滨州市政务服务管理局（经办人${x.staffNames[5]}）`; }, refused('privacy/pii-in-metadata', 'dataset.publisher.name')],
  // Encodings.
  ['a GBK file declared utf-8', (s) => { s.source.path = 'orders-gbk.csv'; s.source.csv = { encoding: 'utf-8' }; }, refused('BAD_INPUT', undefined, 1, 'gb18030')],
  ['a UTF-8 file declared gbk', (s) => { s.source.csv = { encoding: 'gbk' }; }, refused('BAD_INPUT', undefined, 1, 'UTF-8')],
];

describe('hand-written specs over a 12345 hotline register: published without an identifier, or refused with a reason', () => {
  it.each(CASES)('%s', async (_name, change, want) => {
    const o = await attempt(variant(change), want.env ?? {}, want.workers);
    quiet(o);
    expect({ exit: o.exit, codes: o.codes }, o.message).toEqual({ exit: want.exit, codes: want.code ? expect.arrayContaining([want.code]) : [] });
    if (want.path) expect(o.reasons, o.message).toContain(`${want.code} ${want.path}`);
    if (want.says) expect(o.message).toContain(want.says);
    // A key never comes back in a message.
    expect(o.message).not.toContain(KEY);
    // Counts per file, never values: IDs, phones, plates, mailboxes, staff and order numbers in
    // every spelling, and every person's name, in every file of the package.
    if (o.exit === 0) expect(o.leaks).toEqual({});
  });
});

describe('a contact found in the extract', () => {
  it('a directory of offices that lists the publisher\'s own number, published as it is, may give that number as the contact', async () => {
    const offices = ['单位名称,办公电话', '滨州市政务服务管理局,0543-3160000', ...DEPTS.map((n, i) => `${n},0543-${3161000 + i * 17}`)].join('\n') + '\n';
    writeFileSync(join(scratch.dir, 'offices.csv'), offices);
    const spec = goodSpec();
    spec.dataset.id = 'offices';
    spec.source = { path: 'offices.csv', acquiredAt: '2026-11-20' };
    spec.columns = { 单位名称: d('单位名称', { name: 'office' }), 办公电话: d('办公电话', { name: 'phone', allow: ['cn_landline'], public: { reason: '依据《政府信息公开条例》第二十条公开办公电话' } }) };
    const o = await attempt(spec);
    expect(o.exit, o.message).toBe(0);
  });
});

describe('the detectors behind the fixes', () => {
  it('a landline typed in full-width digits, with a dash, a full-width dash, brackets or an ideographic space, is a landline', () => {
    for (const t of ['联系电话０５４３-６７３８１４４。', '电话０５４３－６７３８１４４', '（０５４３）６７３８１４４', '０５４３　６７３８１４４']) {
      expect(detectValue(t).map((f) => f.type), t).toContain('cn_landline');
    }
    // A full-width date is still no identifier.
    expect(detectValue('２０２４-０９-１９')).toEqual([]);
  });
  it('the caller and the grid worker of a hotline order are read as names', () => {
    expect(detectValue('请将处理结果发送至邮箱，来电人吴洋。').map((f) => f.type)).toEqual(['person_name']);
    expect(detectValue('区街道办事处（网格员王秀英13812345678）').map((f) => f.type)).toEqual(['person_name', 'cn_mobile']);
    expect(detectValue('工作人员已电话联系来电人')).toEqual([]);
    for (const t of ['市民吴洋来电咨询社保', '来电市民吴洋称小区停水', '回访人员郑芳已回访', '处理人：王建华']) expect(detectValue(t).map((f) => f.type), t).toEqual(['person_name']);
    for (const t of ['市民反映噪音', '市民公园附近', '市民服务中心', '市民高度关注']) expect(detectValue(t), t).toEqual([]);
    // A full name before 女士/先生; a surname alone is one too in free text (H23, docs/detection.md); 这位/各位 are none.
    for (const t of ['吴洋女士来电反映', '，王秀英先生反映', '欧阳娜娜女士', '王女士来电']) expect(detectValue(t).map((f) => f.type), t).toEqual(['person_name']);
    for (const t of ['这位女士', '各位先生', '首先生成报告']) expect(detectValue(t), t).toEqual([]);
  });
  it('a column headed 承办人 holds names', () => {
    expect(detectValue('王秀英', { column: '承办人' }).map((f) => f.type)).toEqual(['person_name']);
  });
  it('a surname and a number at a public webmail service is a person\'s mailbox; an office\'s initials are not', () => {
    expect(personalMailbox('zhang48213@qq.com')).toBe('name');
    expect(personalMailbox('hzsjj@163.com')).toBe(null);
    expect(personalMailbox('bz12345@163.com')).toBe(null);
  });
});

const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> => runCli(args, scratch.dir, env);

describe('through the CLI', () => {
  it('the staff number kept and a caller\'s landline as the contact: tuomin run exits 3 naming both paths in English and Chinese, never a value', async () => {
    const landline = callerLandline();
    const spec = variant((s) => { s.columns.承办人工号 = d('工号', { name: 'staff_no' }); s.dataset.contact.phone = landline; });
    writeFileSync(join(scratch.dir, 'cli.yaml'), stringify(spec));
    const en = await cli(['run', 'cli.yaml', '--json']);
    expect(en.code, en.err).toBe(3);
    const reasons = (JSON.parse(en.out).error.reviews as Array<{ reasons: Array<{ code: string; path?: string }> }>).flatMap((r) => r.reasons);
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'privacy/unmasked-sensitive-field', path: 'columns.承办人工号.rule' }));
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'privacy/pii-in-metadata', path: 'dataset.contact.phone' }));
    const zh = await cli(['run', 'cli.yaml', '--lang', 'zh']);
    expect(zh.code).toBe(3);
    expect(zh.err).toContain('工作人员编号（工号）');
    expect(zh.err).toContain('dataset.contact.phone 是在源数据单元格中出现的电话号码');
    for (const r of [en, zh]) {
      expect(r.out + r.err).not.toContain(landline);
      for (const v of x.rows.slice(0, 200).map((row) => row[11]!)) expect(r.out + r.err).not.toContain(v);
    }
  });
});
