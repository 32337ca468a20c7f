/**
 * Specs a hurried publisher writes by hand, over a blood-donor register (test/support/blood-donors.ts:
 * IDs, mobiles, names, door-level addresses, remarks with identifiers, an ID column under the
 * header 备用字段, and date of birth + gender + district that single donors out). Each spec is one
 * mistake away from a good one. Every one must either publish no raw identifier in any file of the
 * package, in any format (CSV, Parquet, NDJSON, Arrow, XLSX: cells, headers, format metadata,
 * sidecars, reports), or be refused with a reason: the security review (exit 3) or the normative
 * review (exit 4), or a spec error naming the path. Refusals are passes; a publication with a raw
 * identifier inside is a bug. Library API (loadSpec + publishRun), one case through the CLI.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { TuominError } from '@tuomin/core';
import { loadSpec, publishRun, ReviewFailedError, SpecError } from '@tuomin/publish';
import { main } from '../packages/cli/src/main.js';
import { bloodDonors, donorCsv } from './support/blood-donors.js';
import { cellLeaks, packageLeaks, readPublishedCsv } from './support/published-check.js';
import { scratchWithDuck } from './support/sweep-flow.js';

const ROWS = 2000;
const x = bloodDonors(ROWS, 7);
// A test key (hex, 32 bytes, not one repeated byte), for the runs whose rules need one.
const KEY = Array.from({ length: 32 }, (_, i) => (i * 37 + 11).toString(16).padStart(2, '0').slice(-2)).join('');

const scratch = scratchWithDuck('tuomin-handspec-');
beforeAll(() => {
  writeFileSync(join(scratch.dir, 'donors.csv'), donorCsv(x));
  writeFileSync(join(scratch.dir, `donors-${x.ids[11]}.csv`), donorCsv(x));
});

type Spec = Record<string, any>;
const d = (description: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({ description, ...more });

/** A careful spec: identifiers dropped, the date of birth to the year, remarks redacted. */
function goodSpec(): Spec {
  return {
    dataset: {
      id: 'blood-donors',
      title: '滨州市无偿献血统计',
      description: '滨州市中心血站登记的无偿献血记录（个人身份信息已去除）。',
      publisher: { name: '滨州市中心血站', uscc: '11371600MB28503171' },
      contact: { phone: '0543-3160000', email: 'open@binzhou.gov.cn' },
      domain: '卫生健康',
      keywords: ['献血', '血站'],
      updateFrequency: 'monthly',
    },
    openAttribute: 'unconditional',
    source: { path: 'donors.csv', acquiredAt: '2026-11-20' },
    columns: {
      献血编号: { drop: true },
      姓名: { drop: true },
      性别: d('献血者性别', { name: 'gender' }),
      出生日期: d('年龄段（2024年底）', { name: 'age_band', rule: { type: 'generalize', method: 'age', from: 'date', asOf: '2024-12-31', bins: { edges: [30, 45, 60] } } }),
      身份证号: { drop: true },
      手机号: { drop: true },
      住址: { drop: true },
      所在区县: d('所在区县', { name: 'district' }),
      血型: d('ABO血型', { name: 'blood_type' }),
      献血量: d('献血量（毫升）', { name: 'volume_ml', type: 'integer' }),
      献血日期: d('献血年份', { name: 'donation_year', rule: { type: 'generalize', method: 'date', unit: 'year' } }),
      献血类型: d('全血或机采', { name: 'donation_kind' }),
      检测结果: d('血液检测结果', { name: 'test_result' }),
      备注: { drop: true },
      备用字段: { drop: true },
      紧急联系电话: { drop: true },
    },
    output: { folder: 'out', formats: ['csv', 'parquet'] },
  };
}

interface Outcome {
  exit: number;
  /** Review reason codes (errors), or the error's code. */
  codes: string[];
  /** `code path` of each error reason. */
  reasons: string[];
  message: string;
  packageDir?: string;
  /** Raw identifiers per file of the package, when one was published. */
  leaks?: Record<string, number>;
}

let serial = 0;
async function attempt(spec: Spec, env: NodeJS.ProcessEnv = {}, workers = 1): Promise<Outcome> {
  const file = join(scratch.dir, `spec-${++serial}.yaml`);
  writeFileSync(file, stringify(spec));
  try {
    const r = await publishRun(await loadSpec(file), { outputFolder: join(scratch.dir, `out-${serial}`), env, workers, ...(workers > 1 ? { partitionBytes: 64 * 1024 } : {}) });
    return { exit: 0, codes: [], reasons: [], message: '', packageDir: r.packageDir, leaks: await packageLeaks(scratch.duck, r.packageDir, x.direct) };
  } catch (err) {
    // A refusal leaves no version folder behind.
    const datasetDir = join(scratch.dir, `out-${serial}`, String(spec.dataset.id));
    expect(existsSync(datasetDir) ? readdirSync(datasetDir).filter((f) => /^\d+\.\d+\.\d+$/.test(f)) : []).toEqual([]);
    if (err instanceof ReviewFailedError) {
      const errors = err.reviews.flatMap((rv) => rv.reasons.filter((rs) => rs.severity === 'error'));
      const codes = [...new Set(errors.map((rs) => rs.code))];
      return { exit: err.code === 'SECURITY_REVIEW' ? 3 : 4, codes, reasons: errors.map((rs) => `${rs.code} ${rs.path ?? ''}`), message: err.message };
    }
    // The CLI's exit codes (cli/src/main.ts): a privacy model the search cannot meet is the security
    // review's; a well-formed spec that breaks a privacy/* or gov/* rule is the review's too.
    if (err instanceof TuominError) {
      const exit = err.code === 'SECURITY_REVIEW' || err.code === 'PRIVACY' ? 3 : err.code === 'NORMATIVE_REVIEW' ? 4 : 1;
      if (err instanceof SpecError && exit !== 1) return { exit, codes: [...new Set(err.issues.map((i) => i.code))], reasons: err.issues.map((i) => `${i.code} ${i.path}`), message: err.message };
      return { exit, codes: [err.code], reasons: [], message: err.message };
    }
    throw err;
  }
}

/** A copy of the good spec with one change a hurried publisher makes. */
function variant(change: (s: Spec) => void): Spec {
  const s = goodSpec();
  change(s);
  return s;
}

/** The message never repeats a raw identifier. */
function quiet(o: Outcome): void {
  for (const v of x.ids.slice(0, 200)) expect(o.message.includes(v)).toBe(false);
}

/**
 * What a case must end in. `exit: 0`: published, and no raw identifier in any file of the package.
 * A refusal: the exit code, a reason code among the errors, and (when given) the spec path the
 * reason tells the publisher to fix.
 */
interface Expected {
  exit: 0 | 1 | 3 | 4;
  code?: string;
  path?: string;
  /** Text the message must not hold (a misleading instruction). */
  not?: string;
  /** The environment of the run (keys). */
  env?: NodeJS.ProcessEnv;
  /** Run with this many workers (partitions of 64 KiB). */
  workers?: number;
  /** More checks of the published package. */
  check?: (packageDir: string) => Promise<void>;
}

const FIVE = ['csv', 'parquet', 'ndjson', 'arrow', 'xlsx'];
const refused = (code: string, path?: string, exit: 1 | 3 | 4 = 3): Expected => ({ exit, code, ...(path ? { path } : {}) });

const CASES: Array<[string, (s: Spec) => void, Expected]> = [
  ['the careful spec (baseline)', () => {}, { exit: 0 }],
  ['all five formats', (s) => { s.output.formats = FIVE; }, { exit: 0 }],
  ['all five formats, two workers', (s) => { s.output.formats = FIVE; }, { exit: 0, workers: 2 }],
  ['the test result marked L4 with no rule', (s) => { s.columns.检测结果.sensitivity = 'L4'; }, refused('privacy/unmasked-sensitive-field', 'columns.检测结果.rule')],
  // Columns.
  ['a column left out of columns:', (s) => { delete s.columns.身份证号; }, refused('BAD_SPEC', undefined, 1)],
  ['a column left out of columns:, unlistedColumns: drop', (s) => { delete s.columns.身份证号; s.unlistedColumns = 'drop'; }, { exit: 0 }],
  ['IDs under 备用字段 listed with no rule', (s) => { s.columns.备用字段 = d('备用', { name: 'spare' }); }, refused('privacy/pii-pattern', 'columns.备用字段.rule')],
  ['IDs under col_7 listed with no rule', (s) => { s.columns.备用字段 = d('备用', { name: 'col_7', title: 'col_7' }); }, refused('privacy/unmasked-sensitive-field', 'columns.备用字段.rule')],
  ['IDs under remark2, sensitivity L1, no rule', (s) => { s.columns.备用字段 = d('备注二', { name: 'remark2', title: 'remark2', sensitivity: 'L1' }); }, refused('privacy/pii-pattern', 'columns.备用字段.rule')],
  ['drop: true on the ID, a derived column (from:) copying it', (s) => { s.columns.id_copy = d('证件', { from: '身份证号', name: 'ref_code' }); }, refused('privacy/pii-pattern', 'columns.id_copy.rule')],
  ['mask keeping 14 of 18 ID digits (keepFirst 10, keepLast 4)', (s) => { s.columns.身份证号 = d('证件号（已遮盖）', { name: 'id_masked', rule: { type: 'mask', keepFirst: 10, keepLast: 4 } }); }, refused('privacy/near-unique-column', 'columns.身份证号')],
  ['mask preset cn.id keeping 14 of 18', (s) => { s.columns.身份证号 = d('证件号（已遮盖）', { name: 'id_masked', rule: { type: 'mask', preset: 'cn.id', keepFirst: 10, keepLast: 4 } }); }, refused('privacy/near-unique-column', 'columns.身份证号')],
  ['mask keeping the region code only (keepFirst 6)', (s) => { s.columns.身份证号 = d('证件号前六位（行政区划）', { name: 'id_region', rule: { type: 'mask', preset: 'cn.id', keepFirst: 6, keepLast: 0 } }); }, { exit: 0 }],
  ['generalize the date of birth only to the day', (s) => { s.columns.出生日期 = d('出生日期', { name: 'birth_date', rule: { type: 'generalize', method: 'date', unit: 'day' } }); }, refused('privacy/near-unique-column', 'columns.出生日期')],
  ['pseudonymize without the key in the environment', (s) => { s.columns.身份证号 = d('证件号假名', { name: 'donor_ref', rule: { type: 'pseudonymize', key: { env: 'DONOR_KEY' } } }); }, refused('BAD_KEY', undefined, 1)],
  ['a when: condition that leaves the mask off for most rows', (s) => { s.columns.手机号 = d('手机号（已遮盖）', { name: 'mobile', rule: { type: 'mask', preset: 'cn.mobile', when: { column: '献血类型', equals: '机采血小板' } } }); }, refused('privacy/pii-pattern', 'columns.手机号.rule')],
  ['rename as a rule (id_no → ref)', (s) => { s.columns.身份证号 = d('参考号', { rule: { type: 'rename', to: 'ref' } }); }, refused('BAD_SPEC', undefined, 1)],
  ['the ID published under the English name ref, no rule', (s) => { s.columns.身份证号 = d('参考号', { name: 'ref', title: 'ref' }); }, refused('privacy/pii-pattern', 'columns.身份证号.rule')],
  ['type: number on the phone column', (s) => { s.columns.手机号 = d('联系电话', { name: 'phone', type: 'number' }); }, refused('privacy/pii-pattern', 'columns.手机号.rule')],
  ['type: integer on the phone column, all five formats', (s) => { s.output.formats = FIVE; s.columns.手机号 = d('联系电话', { name: 'phone', type: 'integer' }); }, refused('privacy/pii-pattern', 'columns.手机号.rule')],
  ['remarks redacted (phones keep their ends)', (s) => { s.columns.备注 = d('备注（身份信息已遮盖）', { name: 'remark', rule: { type: 'redact' } }); }, refused('privacy/published-risk', 'columns.备注')],
  // allow: of a personal type with no masking rule and no public.reason: refused when the spec loads.
  ['allow: [cn_id] on the ID column to quiet the gate', (s) => { s.columns.身份证号 = d('证件号', { name: 'id_no', allow: ['cn_id'] }); }, refused('privacy/allow-personal-without-reason', 'columns.身份证号.allow')],
  ['mask cn.id keeping the region, onInvalid: keep, over spaced and full-width IDs in 备用字段', (s) => { s.columns.备用字段 = d('备用', { name: 'spare', rule: { type: 'mask', preset: 'cn.id', keepFirst: 6, keepLast: 0, onInvalid: 'keep' } }); }, refused('privacy/pii-pattern', 'columns.备用字段.rule')],
  ['redact with minConfidence 0.99 on the remarks', (s) => { s.columns.备注 = d('备注', { name: 'remark', rule: [{ type: 'redact', minConfidence: 0.99 }] }); }, refused('privacy/pii-pattern', 'columns.备注.rule')],
  ['redact types [cn_id] only on the remarks', (s) => { s.columns.备注 = d('备注', { name: 'remark', rule: { type: 'redact', types: ['cn_id'] } }); }, refused('privacy/pii-pattern', 'columns.备注.rule')],
  ['pseudonymize xxh64 on the ID', (s) => { s.columns.身份证号 = d('证件号哈希', { name: 'id_hash', rule: { type: 'pseudonymize', method: 'xxh64' } }); }, refused('privacy/non-crypto-hash', 'columns.身份证号.rule')],
  ['generalize prefix 14 on the ID', (s) => { s.columns.身份证号 = d('证件号前缀', { name: 'id_prefix', rule: { type: 'generalize', method: 'prefix', length: 14 } }); }, refused('privacy/near-unique-column', 'columns.身份证号')],
  ['the phone cast to float64 with noise of scale 0.01', (s) => { s.columns.手机号 = d('电话', { name: 'phone', type: 'number', rule: [{ type: 'cast', to: 'float64' }, { type: 'noise', scale: 0.01 }] }); }, refused('privacy/pii-pattern', 'columns.手机号.rule')],
  ['the name column with mask cn.name, a derived full copy', (s) => { s.columns.姓名 = d('姓', { name: 'surname', rule: { type: 'mask', preset: 'cn.name' } }); s.columns.name_copy = d('姓名', { from: '姓名', name: 'full_name' }); }, refused('privacy/pii-pattern', 'columns.name_copy.rule')],
  ['the address with mask cn.address', (s) => { s.columns.住址 = d('住址（到区县）', { name: 'address', rule: { type: 'mask', preset: 'cn.address' } }); }, { exit: 0, check: async (pkg) => {
    expect(cellLeaks(await readPublishedCsv(scratch.duck, join(pkg, 'data', 'blood-donors.csv')), new Set())).toEqual({});
  } }],
  ['the address with no rule under 地点', (s) => { s.columns.住址 = d('地点', { name: 'place', title: '地点' }); }, refused('privacy/pii-pattern', 'columns.住址.rule')],
  ['the record number 献血编号 published as is', (s) => { s.columns.献血编号 = d('编号', { name: 'record_no' }); }, refused('privacy/near-unique-column', 'columns.献血编号')],
  ['allow: [cn_id] and public: on the raw ID column (both quiet their own reason)', (s) => { s.columns.身份证号 = d('证件号', { name: 'id_no', allow: ['cn_id'], public: { reason: '依据《献血法》第十条公开' } }); }, refused('privacy/pii-pattern', 'columns.身份证号.allow')],
  ['allow: [cn_mobile] and public: on the phone, fpe on some rows only (when:)', (s) => { s.columns.手机号 = d('电话', { name: 'phone', allow: ['cn_mobile'], public: { reason: '依据《献血法》第十条公开' }, rule: { type: 'fpe', format: 'cn.mobile', key: { env: 'DONOR_KEY' }, when: { column: '献血类型', equals: '机采血小板' } } }); }, { ...refused('privacy/pii-pattern', 'columns.手机号.allow'), env: { DONOR_KEY: KEY } }],
  ['allow: [cn_mobile] on the phone with fpe on every row (look-alike mobiles, by design)', (s) => { s.columns.手机号 = d('电话（格式保留假名）', { name: 'phone', allow: ['cn_mobile'], rule: { type: 'fpe', format: 'cn.mobile', key: { env: 'DONOR_KEY' } } }); }, { exit: 0, env: { DONOR_KEY: KEY } }],
  ['type: date on the date of birth, no rule', (s) => { s.columns.出生日期 = d('出生日期', { name: 'birth_date', type: 'date' }); }, refused('privacy/near-unique-column', 'columns.出生日期')],
  ['k: 1 declared, the date of birth to the day', (s) => { s.columns.出生日期 = d('出生日期', { name: 'birth_date', rule: { type: 'generalize', method: 'date', unit: 'day' } }); s.privacy = { k: 1, quasiIdentifiers: ['性别', '所在区县', '出生日期'] }; }, refused('privacy/near-unique-column', 'columns.出生日期')],
  ['k: 1 declared to quiet the review, the date of birth to the month', (s) => { s.columns.出生日期 = d('出生年月', { name: 'birth_month', rule: { type: 'generalize', method: 'date', unit: 'month' } }); s.privacy = { k: 1, quasiIdentifiers: ['性别', '所在区县', '出生日期'] }; }, { ...refused('privacy/published-risk', 'columns.出生日期'), not: '(privacy.k)' }],
  ['a conditional release (k = 3 by default), the date of birth to the month', (s) => { s.openAttribute = 'conditional'; s.conditions = [{ kind: 'usage-scenario', text: '仅用于血液供应研究' }]; s.columns.出生日期 = d('出生年月', { name: 'birth_month', rule: { type: 'generalize', method: 'date', unit: 'month' } }); }, refused('privacy/published-risk', 'columns.出生日期')],
  ['k = 5 over quasi-identifiers named by their output names, no hierarchies', (s) => { s.columns.出生日期 = d('出生年月', { name: 'birth_month', rule: { type: 'generalize', method: 'date', unit: 'month' } }); s.privacy = { k: 5, quasiIdentifiers: ['gender', 'district', 'birth_month'] }; }, refused('PRIVACY')],
  ['maxProsecutorRisk: 1 over gender alone, the date of birth to the month', (s) => { s.columns.出生日期 = d('出生年月', { name: 'birth_month', rule: { type: 'generalize', method: 'date', unit: 'month' } }); s.privacy = { quasiIdentifiers: ['性别'], maxProsecutorRisk: 1 }; }, refused('privacy/published-risk', 'columns.出生日期')],
  ['a column title with a donor\'s name', (s) => { s.columns.血型.title = `血型（${x.rows[4]![1]}）`; }, refused('privacy/pii-in-metadata', 'columns.血型.title')],
  // Metadata.
  ['a name and a phone in dataset.description', (s) => { s.dataset.description = `献血记录，联系人${x.rows[0]![1]}，电话${x.rows[0]![5]}。`; }, refused('privacy/pii-in-metadata', 'dataset.description')],
  ['a personal mobile as the contact phone (contactPoint)', (s) => { s.dataset.contact.phone = x.rows[0]![5]; }, refused('privacy/pii-in-metadata', 'dataset.contact.phone')],
  ['a keyword that is an ID number', (s) => { s.dataset.keywords = ['献血', x.ids[0]]; }, refused('privacy/pii-in-metadata', 'dataset.keywords[1]')],
  ['a column description with a real ID as its example', (s) => { s.columns.性别.description = `性别，例如身份证${x.ids[1]}的献血者为男`; }, { ...refused('privacy/pii-in-metadata', 'columns.性别.description'), not: 'source file' }],
  ['a dataset title with a donor\'s name', (s) => { s.dataset.title = `${x.rows[2]![1]}等献血者名单`; }, refused('privacy/pii-in-metadata', 'dataset.title')],
  ['a dataset title with a donor\'s name, two workers', (s) => { s.dataset.title = `${x.rows[2]![1]}等献血者名单`; }, { ...refused('privacy/pii-in-metadata', 'dataset.title'), workers: 2 }],
  ['a keyword with a donor\'s name', (s) => { s.dataset.keywords = ['献血', x.rows[3]![1]]; }, refused('privacy/pii-in-metadata', 'dataset.keywords[1]')],
  ['a column title with an ID', (s) => { s.columns.血型.title = `血型${x.ids[3]}`; }, { ...refused('privacy/pii-in-metadata', 'columns.血型.title'), not: 'source file' }],
  ['an ID in the publisher name', (s) => { s.dataset.publisher.name = `滨州市中心血站${x.ids[4]}`; }, refused('privacy/pii-in-metadata', 'dataset.publisher.name')],
  ['a mobile in source.system', (s) => { s.source.system = `献血系统（管理员${x.rows[5]![5]}）`; }, refused('privacy/pii-in-metadata', 'source.system')],
  ['an ID among a constraint\'s enum values', (s) => { s.columns.性别.constraints = { enum: ['男', '女', x.ids[6]] }; }, refused('privacy/pii-in-metadata', 'columns.性别.constraints.enum[2]')],
  ['an ID in the recipient', (s) => { s.openAttribute = 'conditional'; s.conditions = [{ kind: 'usage-scenario', text: '仅用于血液供应研究' }]; s.recipient = `某研究所（联系人身份证${x.ids[13]}）`; }, refused('privacy/pii-in-metadata', 'recipient')],
  ['a mobile in a condition text', (s) => { s.openAttribute = 'conditional'; s.conditions = [{ kind: 'usage-scenario', text: `仅用于研究，联系${x.mobiles[14]}` }]; }, refused('privacy/pii-in-metadata', 'conditions[0].text')],
  ['an ID in a public column\'s reason (the review report)', (s) => { s.columns.血型.public = { reason: `依法公开，见身份证${x.ids[12]}` }; }, refused('privacy/pii-in-metadata')],
  ['an ID in a when: equals value (the desensitization report)', (s) => { s.columns.献血类型.rule = { type: 'null', when: { column: '身份证号', equals: x.ids[15] } }; }, { exit: 0 }],
  // Outputs: texts that reach only some formats.
  ['an ID in the dataset title, all five formats (XLSX core properties)', (s) => { s.output.formats = FIVE; s.dataset.title = `献血统计${x.ids[7]}`; }, refused('privacy/pii-in-metadata', 'dataset.title')],
  ['an ID glued into a column name (the header row)', (s) => { s.columns.血型.name = `c${x.ids[8]!.toLowerCase()}`; }, refused('privacy/pii-in-header')],
  ['a mobile glued into a column name (the header row)', (s) => { s.output.formats = FIVE; s.columns.血型.name = `p${x.mobiles[9]}`; }, refused('privacy/pii-in-header')],
  ['a mobile in the dataset id (file names of every format)', (s) => { s.output.formats = FIVE; s.dataset.id = `donors-${x.mobiles[10]}`; }, refused('privacy/pii-in-metadata', 'dataset.id')],
  ['an ID in the source file name (provenance in Parquet, Arrow, XLSX, CSV-W)', (s) => { s.output.formats = FIVE; s.source.path = `donors-${x.ids[11]}.csv`; }, refused('privacy/pii-in-metadata', 'source.path')],
  // Privacy: what the attacker knows, declared or not.
  ['k = 5, the date of birth (to the month) left out of quasiIdentifiers', (s) => {
    s.columns.出生日期 = d('出生年月', { name: 'birth_month', rule: { type: 'generalize', method: 'date', unit: 'month' } });
    s.privacy = { k: 5, quasiIdentifiers: ['性别', '所在区县'] };
  }, refused('privacy/published-risk', 'columns.出生日期')],
  ['the date of birth (to the month) under an innocent name, no privacy block', (s) => {
    s.columns.出生日期 = d('附加日期', { name: 'extra_date', title: '附加日期', rule: { type: 'generalize', method: 'date', unit: 'month' } });
  }, refused('privacy/published-risk', 'columns.出生日期')],
  ['the date of birth as it is under col_3, k = 5 over gender and district', (s) => {
    s.columns.出生日期 = d('附加', { name: 'col_3', title: 'col_3' });
    s.privacy = { k: 5, quasiIdentifiers: ['性别', '所在区县'] };
  }, refused('privacy/near-unique-column', 'columns.出生日期')],
  ['l = 2 on a sensitive column with one value per class (a copy of a quasi-identifier)', (s) => {
    s.columns.district_copy = d('区县（副本）', { from: '所在区县', name: 'district_copy' });
    s.privacy = { k: 5, l: 2, quasiIdentifiers: ['性别', '所在区县', '出生日期'], sensitive: ['district_copy'] };
  }, { ...refused('PRIVACY'), not: 'lower k' }],
  ['l = 2 on the test result, most classes all 合格', (s) => {
    s.privacy = { k: 5, l: 2, quasiIdentifiers: ['性别', '所在区县', '出生日期'], sensitive: ['检测结果'] };
  }, { exit: 0, check: async (pkg) => {
    // Independently: every class over the published quasi-identifiers holds two test results or more, and five records or more.
    const p = await readPublishedCsv(scratch.duck, join(pkg, 'data', 'blood-donors.csv'));
    const at = ['gender', 'district', 'age_band', 'test_result'].map((c) => p.columns.indexOf(c));
    expect(at.every((i) => i >= 0)).toBe(true);
    const classes = new Map<string, { n: number; results: Set<string | null> }>();
    for (const row of p.rows) {
      const key = JSON.stringify(at.slice(0, 3).map((i) => row[i]));
      const c = classes.get(key) ?? { n: 0, results: new Set() };
      c.n++;
      c.results.add(row[at[3]!]!);
      classes.set(key, c);
    }
    expect([...classes.values()].filter((c) => c.n < 5 || c.results.size < 2).length).toBe(0);
  } }],
];

describe('hand-written specs over a blood-donor register: published without a raw identifier, or refused with a reason', () => {
  it.each(CASES)('%s', async (_name, change, want) => {
    const o = await attempt(variant(change), want.env ?? {}, want.workers);
    quiet(o);
    expect({ exit: o.exit, codes: o.codes }, o.message).toEqual({ exit: want.exit, codes: want.code ? expect.arrayContaining([want.code]) : [] });
    if (want.path) expect(o.reasons, o.message).toContain(`${want.code} ${want.path}`);
    if (want.not) expect(o.message).not.toContain(want.not);
    if (o.exit === 0) {
      // Counts per file, never values: every ID, mobile and record number in every spelling, in every file.
      expect(o.leaks).toEqual({});
      await want.check?.(o.packageDir!);
    }
  });
});

/** main() in this process, capturing its output. */
async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void): Writable => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
  const code = await main(args, { stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }), cwd: scratch.dir, env });
  return { code, out, err };
}

describe('through the CLI', () => {
  it('a personal mobile as the department contact: tuomin run exits 3, names dataset.contact.phone in English and Chinese, never the number', async () => {
    const mobile = x.rows[0]![5]!;
    const spec = variant((s) => { s.dataset.contact.phone = mobile; });
    writeFileSync(join(scratch.dir, 'cli.yaml'), stringify(spec));
    const en = await cli(['run', 'cli.yaml', '--json']);
    expect(en.code, en.err).toBe(3);
    const reasons = (JSON.parse(en.out).error.reviews as Array<{ reasons: Array<{ code: string; path?: string }> }>).flatMap((r) => r.reasons);
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'privacy/pii-in-metadata', path: 'dataset.contact.phone' }));
    const zh = await cli(['run', 'cli.yaml', '--lang', 'zh']);
    expect(zh.code).toBe(3);
    expect(zh.err).toContain('dataset.contact.phone 是手机号');
    for (const r of [en, zh]) expect(r.out + r.err).not.toContain(mobile);
  });
});
