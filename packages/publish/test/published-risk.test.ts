import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '@tuomin/cli';
import { loadSpec } from '../src/index.js';
import { benchRules } from '../src/bench/rule-bench.js';

/**
 * The published-risk review on a hospital admissions roster it has never seen (generated here,
 * seeded): what an attacker can know of the published columns decides, not only what the spec
 * declares. Published files are checked by plain counting, never by the review's own code.
 */

const ROWS = 3000;
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鑫博宇浩然子轩梓涵一诺欣怡雨桐思远文博嘉怡'];
const COUNTIES = ['370102', '370103', '370104', '370105', '370112', '371602', '371603', '371621', '371622', '371623', '371625', '371681'];
const DEPARTMENTS = ['内科', '外科', '妇产科', '儿科', '骨科', '眼科', '神经内科', '心血管内科'];

/** xorshift32: the same roster on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

function checkDigit(id17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id17[i]) * w[i]!;
  return '10X98765432'[sum % 11]!;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function roster(): string {
  const r = rng(20261206);
  const pick = <T>(a: T[]): T => a[Math.floor(r() * a.length)]!;
  const lines = ['住院号,姓名,性别,出生日期,身份证号,联系电话,入院日期,科室'];
  const born0 = Date.UTC(1940, 0, 1), born1 = Date.UTC(2008, 11, 31);
  const in0 = Date.UTC(2023, 0, 1), in1 = Date.UTC(2024, 11, 31);
  for (let i = 0; i < ROWS; i++) {
    const birth = isoDay(born0 + Math.floor(r() * (born1 - born0)));
    const seq = String(Math.floor(r() * 1000)).padStart(3, '0');
    const id17 = `${pick(COUNTIES)}${birth.replaceAll('-', '')}${seq}`;
    const sex = Number(seq[2]) % 2 === 1 ? '男' : '女';
    const name = `${pick(SURNAMES)}${pick(GIVEN)}${r() < 0.6 ? pick(GIVEN) : ''}`;
    const phone = `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
    const admitted = isoDay(in0 + Math.floor(r() * (in1 - in0)));
    lines.push([`ZY${admitted.slice(0, 4)}${String(i + 1).padStart(6, '0')}`, name, sex, birth, `${id17}${checkDigit(id17)}`, phone, admitted, pick(DEPARTMENTS)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

const HEAD = `dataset:
  id: admissions
  title: 住院登记信息
  description: 某医院住院登记记录（脱敏）
  publisher: { name: 某市卫生健康委员会, uscc: 11371600MB28503171 }
  contact: { phone: 0543-3160000, email: open@example.gov.cn }
  domain: 卫生健康
  keywords: [住院]
  updateFrequency: annual
openAttribute: unconditional
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out, formats: [csv] }
`;

/** Columns of a spec, by source name; a value of null drops the column. */
function spec(columns: Record<string, string | null>, extra = ''): string {
  // Every published column gets a description (the normative review requires one).
  const lines = Object.entries(columns).map(([k, v]) => `  ${k}: ${v === null ? '{ drop: true }' : v.replace('{ ', `{ description: ${k}, `)}`);
  return `${HEAD}columns:\n${lines.join('\n')}\n${extra}`;
}

const DROP_DIRECT = { 住院号: null, 姓名: null, 出生日期: null, 联系电话: null };

/** Generalized: age band from the ID, sex, department, admission year; the search suppresses what stays below k. */
const GENERALIZED = {
  ...DROP_DIRECT,
  身份证号: null,
  年龄段: '{ from: 身份证号, name: age_band, rule: { type: generalize, method: age, from: id, asOf: "2026-11-18", bins: { width: 20, output: range } } }',
  性别: '{ name: sex }',
  入院日期: '{ name: admitted_year, rule: { type: generalize, method: date, unit: year } }',
  科室: '{ name: department }',
};
const PRIVACY = 'privacy: { quasiIdentifiers: [age_band, sex, admitted_year, department], k: 5, suppressionLimit: 0.05 }\n';

let csv = '';
beforeAll(() => {
  csv = roster();
});

async function run(specText: string): Promise<{ code: number; json: Record<string, any>; err: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-prisk-'));
  await writeFile(join(dir, 'in.csv'), csv);
  await writeFile(join(dir, 'spec.yaml'), specText);
  let out = '';
  let err = '';
  const io = {
    stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
    stderr: new Writable({ write(c, _e, cb) { err += String(c); cb(); } }),
    cwd: dir,
    env: { ...process.env, TUOMIN_KEY: '000102030405060708090a0b0c0d0e0f' },
  };
  const code = await main(['run', join(dir, 'spec.yaml'), '--json'], io);
  return { code, json: JSON.parse(out || '{}') as Record<string, any>, err, dir };
}

function errors(json: Record<string, any>): Array<Record<string, any>> {
  const reviews = (json.reviews ?? json.error?.reviews ?? []) as Array<{ review: string; reasons: Array<Record<string, any>> }>;
  return reviews.find((r) => r.review === 'security')?.reasons.filter((x) => x.severity === 'error') ?? [];
}

/** Plain counting over the published CSV (no quoted cells in this data): size of each class of whole rows. */
function rowClasses(text: string): Map<string, number> {
  const lines = text.trim().split('\n').slice(1);
  const m = new Map<string, number>();
  for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
}

describe('published risk: what an attacker can know of the published columns', () => {
  it('a 6+4 masked ID in an unconditional release is exit 3 naming the column, with the k reached and a fix', async () => {
    const r = await run(spec({ ...DROP_DIRECT, 入院日期: null, 身份证号: '{ name: id_masked, sensitivity: L4, rule: { type: mask, preset: cn.id } }', 性别: '{ name: sex }', 科室: '{ name: department }' }));
    expect(r.code, r.err).toBe(3);
    const reasons = errors(r.json);
    const id = reasons.find((x) => x.column === 'id_masked');
    expect(id, r.err).toBeDefined();
    expect(id!.code).toBe('privacy/near-unique-column');
    expect(id!.path).toBe('columns.身份证号');
    expect(id!.message).toContain('partial mask cn.id');
    expect(id!.message).toMatch(/try: mask all of it/);
    const all = reasons.find((x) => x.code === 'privacy/published-risk' && x.column === undefined);
    expect(all!.message).toMatch(/k = 5 \(the default for an unconditional release\).*k reached 1/);
    expect(r.err).toContain('id_masked');
    // Counts and column names only: no published or source value in the reasons.
    const first = csv.split('\n')[1]!.split(',');
    expect(JSON.stringify(reasons)).not.toContain(first[4]!.slice(0, 6) + '********');
  });

  it('exact event dates are flagged though nothing declares them', async () => {
    const r = await run(spec({ ...DROP_DIRECT, 身份证号: null, 入院日期: '{ name: admitted_on, type: date }', 性别: '{ name: sex }', 科室: '{ name: department }' }));
    expect(r.code, r.err).toBe(3);
    const date = errors(r.json).find((x) => x.column === 'admitted_on');
    expect(date, r.err).toBeDefined();
    expect(date!.message).toContain('date');
    expect(date!.message).toContain('generalize');
  });

  it('a generalized release passes, and every published record sits in a class of at least 5 by plain counting', async () => {
    const r = await run(spec(GENERALIZED, PRIVACY));
    expect(r.code, r.err).toBe(0);
    const text = await readFile(join(r.json.packageDir as string, 'data', 'admissions.csv'), 'utf8');
    expect(text.split('\n')[0]).toBe('age_band,sex,admitted_year,department');
    const classes = rowClasses(text);
    const rows = [...classes.values()].reduce((a, b) => a + b, 0);
    expect(rows).toBeGreaterThan(ROWS * 0.95);
    // Whole published rows: every subset of the columns has classes at least this large.
    expect(Math.min(...classes.values())).toBeGreaterThanOrEqual(5);
    const desens = JSON.parse(await readFile(join(r.json.packageDir as string, 'reports', 'desensitization.json'), 'utf8'));
    expect(desens.privacy.published.attackerKnown.map((c: { column: string }) => c.column)).toEqual(['age_band', 'sex', 'admitted_year', 'department']);
    expect(desens.privacy.published.kReached).toBe(Math.min(...classes.values()));
  });

  it('a record number blocks the release unless the spec declares it public with a reason', async () => {
    const withNumber = { ...GENERALIZED, 住院号: '{ name: case_number }' };
    const blocked = await run(spec(withNumber, PRIVACY));
    expect(blocked.code, blocked.err).toBe(3);
    const reason = errors(blocked.json).find((x) => x.column === 'case_number');
    expect(reason!.code).toBe('privacy/near-unique-column');
    expect(reason!.message).toContain('declare `public: { reason: … }`');

    const declared = await run(spec({ ...withNumber, 住院号: '{ name: case_number, public: { reason: 住院号按《某市医疗信息公开办法》第五条公开 } }' }, PRIVACY));
    expect(declared.code, declared.err).toBe(0);
    const review = JSON.parse(await readFile(join(declared.json.packageDir as string, 'reports', 'review.json'), 'utf8'));
    expect(JSON.stringify(review.security.reasons)).not.toContain('near-unique');
    const desens = JSON.parse(await readFile(join(declared.json.packageDir as string, 'reports', 'desensitization.json'), 'utf8'));
    expect(desens.privacy.published.public).toEqual([{ column: 'case_number', reason: '住院号按《某市医疗信息公开办法》第五条公开' }]);
  });

  it('tuomin bench reports k over the same attacker-known columns as the review', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-prisk-bench-'));
    await writeFile(join(dir, 'in.csv'), csv);
    // Declared quasi-identifiers alone (sex) would give k in the hundreds; the masked ID makes every record unique.
    await writeFile(join(dir, 'spec.yaml'), spec({ ...DROP_DIRECT, 入院日期: null, 身份证号: '{ name: id_masked, rule: { type: mask, preset: cn.id } }', 性别: '{ name: sex }', 科室: '{ name: department }' }, 'privacy: { quasiIdentifiers: [sex], k: 5 }\n'));
    const res = await benchRules(await loadSpec(join(dir, 'spec.yaml')), { sample: 1000, env: {} });
    const risk = res.variants[0]!.risk!;
    // The department (科室) a patient is treated in is attacker-known by its header (core quasi-header.ts).
    expect(risk.quasiIdentifiers).toEqual(['id_masked', 'sex', 'department']);
    // Independent count over the sample: distinct masked IDs among the first 1000 rows.
    const masked = csv.trim().split('\n').slice(1, 1001).map((l) => { const id = l.split(',')[4]!; return `${id.slice(0, 6)}${'*'.repeat(8)}${id.slice(14)}|${l.split(',')[2]}|${l.split(',')[7]}`; });
    const counts = new Map<string, number>();
    for (const m of masked) counts.set(m, (counts.get(m) ?? 0) + 1);
    expect(risk.k).toBe(Math.min(...counts.values()));
    expect(risk.k).toBe(1);
  });
});
