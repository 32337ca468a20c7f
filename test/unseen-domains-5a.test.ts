/**
 * A fifth sweep over two domains no bundled spec covers (test/support/unseen-5a.ts): a rental
 * registration list (landlord and tenant, 房屋坐落 to the room, 不动产权证号, remarks that mix them)
 * and an enterprise credit list (USCC, 注册号, legal representatives, a liaison's name, mobile and
 * webmail). As a user: profile → draft → catalogue metadata only → run with one and two workers,
 * every format; then hand-written specs one plausible mistake away from a good one. The checker is
 * test/support/published-check.ts (DuckDB reads, plain counting, counts never values).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { detectValue } from '@tuomin/core';
import { loadSpec, publishRun, type PublishResult } from '@tuomin/publish';
import { cellLeaks, classesOver, packageLeaks, publishedNames, readPublishedCsv, type Published } from './support/published-check.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import {
  attemptRun, belowK, castTo, d, dataFiles, dataset as datasetOf, draftedSpec, drop, expectNoPlanted, privacy as privacyOf, readBack as readBackOf, runCli, scratchWithDuck, type Outcome, type Spec,
} from './support/sweep-flow.js';
import { csvBytes, type Extract4 } from './support/unseen-4.js';
import { enterpriseCredit, registrationNumber, rentalRegistrations } from './support/unseen-5a.js';

const ROWS = 2000;
const K = 5;

const scratch = scratchWithDuck('tuomin-unseen5a-');
beforeAll(() => {
  writeFileSync(join(scratch.dir, 'rental.csv'), csvBytes(rental));
  writeFileSync(join(scratch.dir, 'enterprise.csv'), csvBytes(enterprise));
});

const rental = rentalRegistrations(ROWS, 11);
const enterprise = enterpriseCredit(ROWS, 11);
const DOMAINS: Record<string, [Extract4, string]> = {
  'rental registrations (租赁登记)': [rental, 'rental.csv'],
  'enterprise credit list (市场监管)': [enterprise, 'enterprise.csv'],
};
const readBack = (r: PublishResult, specText: string, x: Extract4): Promise<{ p: Published; attacker: string[] }> => readBackOf(scratch.duck, r, specText, x);

describe.each(Object.keys(DOMAINS))('unseen domain %s: profile → draft → catalogue metadata only → run', (name) => {
  const [x, file] = DOMAINS[name]!;
  const slug = file.replace('.csv', '');
  let one: PublishResult | undefined;
  let specText = '';

  it('publishes every format, with one worker and with two (the same data bytes)', async () => {
    const source = join(scratch.dir, file);
    const specPath = join(scratch.dir, `${slug}.yaml`);
    specText = await draftedSpec(source, specPath);
    one = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, `${slug}-w1`), env: {}, workers: 1 });
    expect(one.rows).toBeGreaterThan(ROWS * 0.9);
    const two = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, `${slug}-w2`), env: {}, workers: 2, partitionBytes: 64 * 1024 });
    expect(dataFiles(two)).toEqual(dataFiles(one));
  });

  it('no planted identifier in any file of the package, in any spelling; no door-level address', async () => {
    expect(one, 'the run above failed').toBeDefined();
    await expectNoPlanted(scratch.duck, one!, specText, x);
  });

  it(`every published record is in a class of at least ${K} over the columns an attacker knows`, async () => {
    expect(one, 'the run above failed').toBeDefined();
    const { p, attacker } = await readBack(one!, specText, x);
    expect(belowK(p, attacker, K)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });
});

// ------------------------------------------------------------------ the CLI, in-process

const cli = (args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> => runCli(args, cwd);

describe('through the CLI: profile --write-spec, metadata filled, run --workers 1 and 2', () => {
  it.each(Object.keys(DOMAINS))('%s', async (name) => {
    const [x, file] = DOMAINS[name]!;
    const stem = file.replace('.csv', '');
    const cwd = join(scratch.dir, `cli-${stem}`);
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, file), csvBytes(x));
    const p = await cli(['profile', file, '--write-spec', `${stem}.yaml`], cwd);
    expect(p.code, p.err).toBe(0);
    expect(cellLeaks({ columns: ['out'], rows: [[p.out + p.err]] }, x.canonical)).toEqual({});
    const spec = join(cwd, `${stem}.yaml`);
    writeFileSync(spec, fillCatalogMetadata(readFileSync(spec, 'utf8')));
    const r1 = await cli(['run', `${stem}.yaml`, '--workers', '1', '--json'], cwd);
    expect(r1.code, r1.err).toBe(0);
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^(\s+)folder: releases$/m, '$1folder: releases-w2'));
    const r2 = await cli(['run', `${stem}.yaml`, '--workers', '2', '--json'], cwd);
    expect(r2.code, r2.err).toBe(0);
    const dir1 = JSON.parse(r1.out).packageDir as string;
    const dir2 = JSON.parse(r2.out).packageDir as string;
    expect(readFileSync(join(dir2, `data/${file}`)).equals(readFileSync(join(dir1, `data/${file}`)))).toBe(true);
    expect(await packageLeaks(scratch.duck, dir1, x.canonical)).toEqual({});
    expect(cellLeaks(await readPublishedCsv(scratch.duck, join(dir1, `data/${file}`)), x.direct)).toEqual({});
    for (const r of [r1, r2]) expect(cellLeaks({ columns: ['out'], rows: [[r.out + r.err]] }, x.canonical)).toEqual({});
  });
});

// ------------------------------------------------------------------ hand-written specs, one mistake each

const dataset = (id: string, title: string, source: string): Spec => datasetOf(id, title, source, '滨州市市场监督管理局');
const attempt = (spec: Spec, workers: number): Promise<Outcome> => attemptRun(spec, { dir: scratch.dir, workers, partitionBytes: 64 * 1024 });
const privacy = (plain: string[], dates: string[] = [], counts: Record<string, number[]> = {}): Spec => privacyOf(plain, dates, counts, [], K);
const PUBLIC = { reason: '企业信息公示暂行条例 第六条（登记信息依法公示）' };

function rentalSpec(columns: Spec): Spec {
  return {
    ...dataset('rental', '房屋租赁登记统计', 'rental.csv'),
    columns: {
      登记编号: drop, 出租人: drop, 出租人身份证号: drop, 出租人电话: drop, 承租人: drop, 承租人身份证号: drop, 承租人电话: drop, 不动产权证号: drop, 备注: drop,
      房屋坐落: d('所在县区', { name: 'district', rule: { type: 'mask', preset: 'cn.address' } }),
      房屋用途: d('房屋用途', { name: 'use' }),
      建筑面积: d('建筑面积（按 k-匿名泛化）', { name: 'area' }),
      月租金: d('月租金', { name: 'rent' }),
      租赁起始日期: d('租赁起始日期（按 k-匿名泛化）', { name: 'start', rule: castTo('date') }),
      租赁终止日期: d('租赁终止日期（按 k-匿名泛化）', { name: 'end', rule: castTo('date') }),
      ...columns,
    },
    privacy: privacy(['房屋坐落', '房屋用途'], ['租赁起始日期', '租赁终止日期'], { 建筑面积: [20, 40, 80] }),
  };
}

function enterpriseSpec(columns: Spec): Spec {
  return {
    ...dataset('enterprise', '市场主体信用信息', 'enterprise.csv'),
    columns: {
      注册号: drop, 联络员: drop, 联络员手机: drop, 电子邮箱: drop, 经营场所: drop,
      统一社会信用代码: d('统一社会信用代码', { name: 'uscc', allow: ['cn_uscc'], public: PUBLIC }),
      企业名称: d('企业名称', { name: 'company' }),
      企业类型: d('企业类型', { name: 'kind' }),
      法定代表人: d('法定代表人', { name: 'legal_rep', allow: ['person_name'], public: PUBLIC }),
      '注册资本（万元）': d('注册资本', { name: 'capital' }),
      行业代码: d('行业代码', { name: 'industry_code' }),
      行业名称: d('行业名称', { name: 'industry' }),
      成立日期: d('成立日期', { name: 'founded' }),
      登记机关: d('登记机关', { name: 'authority' }),
      信用等级: d('信用等级', { name: 'grade' }),
      ...columns,
    },
  };
}

/** [case, domain, spec, the source column the mistake is in, identifiers a spec may publish] */
const HAND: Array<[string, string, () => Spec, string]> = [
  ['rental: the remarks column redacted instead of dropped (names, IDs, certificate numbers, rooms inside)', 'rental registrations (租赁登记)',
    () => rentalSpec({ 备注: d('备注（已遮盖）', { name: 'remark', rule: { type: 'redact' } }) }), '备注'],
  ['rental: the property certificate number kept as a "document number"', 'rental registrations (租赁登记)',
    () => rentalSpec({ 不动产权证号: d('权证编号', { name: 'certificate' }) }), '不动产权证号'],
  ['enterprise: the email column declared public with the codes (personal webmail inside)', 'enterprise credit list (市场监管)',
    () => enterpriseSpec({ 电子邮箱: d('企业电子邮箱', { name: 'email', public: PUBLIC }) }), '电子邮箱'],
  ['enterprise: the liaison kept as if a public officer', 'enterprise credit list (市场监管)',
    () => enterpriseSpec({ 联络员: d('联络员', { name: 'liaison' }) }), '联络员'],
];

describe('hand-written specs, one plausible mistake each: published with nothing identifying, or refused with a reason', () => {
  it.each(HAND)('%s', async (_case, domain, spec, column) => {
    const [x] = DOMAINS[domain]!;
    const allowed = new Set([...('publicByLaw' in x ? (x as { publicByLaw: Set<string> }).publicByLaw : []), ...CERTIFICATES, ...BEFORE_YU]);
    const direct = new Set([...x.direct].filter((v) => !allowed.has(v)));
    const canonical = new Set([...x.canonical].filter((v) => !allowed.has(v)));
    for (const workers of [1, 2]) {
      const o = await attempt(spec(), workers);
      for (const v of [...x.canonical].slice(0, 300)) expect(o.message.includes(v), 'a value in the message').toBe(false);
      if (o.exit !== 0) {
        expect(o.exit, o.message).toBe(3);
        expect(o.reasons.some((r) => r.includes(`columns.${column}`)), o.message).toBe(true);
        continue;
      }
      const r = o.result!;
      expect(await packageLeaks(scratch.duck, r.packageDir, canonical)).toEqual({});
      const specText = stringify(spec());
      const { p } = await readBack(r, specText, x);
      expect(cellLeaks(p, direct)).toEqual({});
      if (domain.startsWith('rental')) {
        const names = publishedNames(specText, x.header);
        const c = classesOver(p, x.attacker.map((a) => names.get(a) ?? a), K);
        expect({ classesBelowK: c.classesBelowK, recordsBelowK: c.recordsBelowK }).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
      }
    }
  });
});

// Known gaps, found by this sweep and not fixed (each `it.fails` passes while the gap is there).
// (A 不动产权证号 inside a redacted text is found since: its serial after 不动产权第. A floor area
// to the hundredth of a square metre is refused since: by its header a physical attribute anyone
// can observe, counted in k at record precision; test/measure-quasi.test.ts for the rule.)
const CERTIFICATES = new Set([...rental.canonical].filter((v) => v.includes('不动产权')));
// 承租人高修杰于2023-09-04入住…: a surname that is also a word (高, 于, 全) before rare given
// characters is read as a name only up to a clear boundary; 于 before a date is one since
// (test/detect-leftovers.test.ts), so this set is empty and allows nothing.
const BEFORE_YU = new Set(rental.rows.flatMap((r) => {
  const m = /^承租人(.+?)于\d/.exec(r[14]!);
  return m && !detectValue(r[14]!).some((h) => h.type === 'person_name') ? [m[1]!] : [];
}));
describe('known gaps (not fixed)', () => {
  it('a 不动产权证号 inside remarks under a redact rule: its serial is redacted (found after 不动产权第)', async () => {
    const o = await attempt(rentalSpec({ 备注: d('备注（已遮盖）', { name: 'remark', rule: { type: 'redact' } }) }), 1);
    expect(o.exit, o.message).toBe(0);
    expect(await packageLeaks(scratch.duck, o.result!.packageDir, CERTIFICATES)).toEqual({});
  });
  it('a tenant\'s name with a word-like surname and rare given characters before 于 in remarks is found', () => {
    expect(rental.rows.filter((r) => /^承租人(.+?)于\d/.test(r[14]!)).length).toBeGreaterThan(0);
    expect(BEFORE_YU.size).toBe(0);
  });
  it('the exact floor area, left out of the quasi-identifiers, is refused naming the column (or published in classes of k)', async () => {
    const spec = rentalSpec({ 建筑面积: d('建筑面积', { name: 'area', type: 'number', rule: castTo('float64') }) });
    spec.privacy = privacy(['房屋坐落', '房屋用途'], ['租赁起始日期', '租赁终止日期']);
    for (const workers of [1, 2]) {
      const o = await attempt(spec, workers);
      if (o.exit !== 0) {
        expect(o.exit, o.message).toBe(3);
        expect(o.reasons.some((r) => r.includes('columns.建筑面积')), o.message).toBe(true);
        continue;
      }
      const { p } = await readBack(o.result!, stringify(spec), rental);
      const c = classesOver(p, ['district', 'start', 'end', 'area'], K);
      expect(c.recordsBelowK).toBe(0);
    }
  }, 180_000);
});

describe('enterprise: legal representatives and codes, public by law only when declared', () => {
  it('with both declared public (a reason given), the register publishes them, and no liaison, mobile or webmail', async () => {
    const o = await attempt(enterpriseSpec({}), 1);
    expect(o.exit, o.message).toBe(0);
    const { p } = await readBack(o.result!, stringify(enterpriseSpec({})), enterprise);
    const rep = p.columns.indexOf('legal_rep');
    expect(p.rows.filter((row) => enterprise.publicByLaw.has(row[rep]!)).length).toBeGreaterThan(ROWS * 0.9);
    // Every column but the legal representative's (王芳 the liaison of one company is inside 王芳芳 the representative of another).
    const personal = new Set([...enterprise.direct].filter((v) => !enterprise.publicByLaw.has(v)));
    expect(cellLeaks({ columns: p.columns.filter((_, i) => i !== rep), rows: p.rows.map((row) => row.filter((_, i) => i !== rep)) }, personal)).toEqual({});
    expect(await packageLeaks(scratch.duck, o.result!.packageDir, new Set([...enterprise.canonical].filter((v) => !enterprise.publicByLaw.has(v))))).toEqual({});
  });

  // The default is the safe one: without allow: [person_name] the names are refused, whether or
  // not the column is declared public (public: is about risk counting, allow: about what the
  // detectors may find in the published values; the bundled enterprises spec needs both).
  it.each([
    ['neither allow nor public', (c: Spec) => { delete c.allow; delete c.public; }],
    ['public alone (no allow)', (c: Spec) => { delete c.allow; }],
  ] as const)('the legal representative with %s: refused, naming the column', async (_what, edit) => {
    const spec = enterpriseSpec({});
    edit(spec.columns.法定代表人);
    const o = await attempt(spec, 1);
    expect(o.exit, o.message).toBe(3);
    expect(o.reasons.some((r) => r.includes('columns.法定代表人')), o.message).toBe(true);
  });
});

it('the remarks of a rental register: the parties\' names after 出租人/承租人/同住人 and a door with no estate before it are found', () => {
  const found = (t: string): string[] => detectValue(t).map((h) => `${h.type}:${t.slice(h.start, h.end)}`);
  expect(found('出租人谢宇泽委托其子代办')).toEqual(['person_name:谢宇泽']);
  expect(found('同住人：于擎苍（371602…）')).toEqual(['person_name:于擎苍']);
  expect(found('承租人宋婷于2023-07-02入住21幢3单元901')).toEqual(['person_name:宋婷', 'address:21幢3单元901']);
  expect(found('入住5号楼2单元302室后')).toEqual(['address:5号楼2单元302室']);
  expect(found('住在阳光花园3号楼2单元501')).toEqual(['address:阳光花园3号楼2单元501']);
  // Not a door: a count of buildings, or a building without a unit and a room.
  for (const t of ['共3栋2单元', '第3栋楼', '他3号楼2单元']) expect(found(t), t).toEqual([]);
});

it('the generated sources keep the shapes they are meant to test', () => {
  expect(rental.rows.some((r) => /^鲁\(\d{4}\)滨州市不动产权第\d{7}号$/.test(r[8]!))).toBe(true);
  expect(rental.rows.some((r) => /^鲁（\d{4}）/.test(r[8]!))).toBe(true);
  expect(rental.rows.some((r) => /\d+栋\d单元\d{3,4}室/.test(r[7]!))).toBe(true);
  expect(rental.rows.some((r) => /身份证\d{17}[\dX]已核验/.test(r[14]!))).toBe(true);
  expect(enterprise.rows.some((r) => /^\d{11}@163\.com$/.test(r[13]!))).toBe(true);
  // 注册号 check digit: ISO 7064 MOD 11,10 (a published example: 110108000000016)
  expect(registrationNumber('11010800000001')).toBe('110108000000016');
});
