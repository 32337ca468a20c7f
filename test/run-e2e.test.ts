import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtemp, readFile, writeFile, readdir, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '@tuomin/cli';
import { openSource } from '@tuomin/io';
import XLSX from 'xlsx';

const SAMPLE = resolve('fixtures/samples/penalties.csv');
const SPEC = resolve('fixtures/specs/penalties.yaml');

function capture() {
  let out = '';
  let err = '';
  const stdout = new Writable({ write(c, _e, cb) { out += String(c); cb(); } });
  const stderr = new Writable({ write(c, _e, cb) { err += String(c); cb(); } });
  return { io: { stdout, stderr, cwd: process.cwd(), env: { ...process.env, TUOMIN_KEY: '000102030405060708090a0b0c0d0e0f' } }, out: () => out, err: () => err };
}

let base = '';

function isResidentId(id: string): boolean {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * w[i]!;
  if ('10X98765432'[sum % 11] !== id[17]) return false;
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const dt = new Date(Date.UTC(y, m - 1, d));
  return y >= 1800 && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}
beforeAll(async () => {
  base = await readFile(SPEC, 'utf8');
});

/** Write a variant of the bundled penalties spec into a fresh folder; returns spec path and output root. */
async function variant(edit: (s: string) => string): Promise<{ spec: string; out: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-e2e-'));
  const text = edit(base.replace('path: ../samples/penalties.csv', `path: ${SAMPLE}`).replace('folder: ../out', 'folder: out'));
  const spec = join(dir, 'spec.yaml');
  await writeFile(spec, text);
  return { spec, out: join(dir, 'out') };
}

async function run(spec: string, ...args: string[]) {
  const c = capture();
  const code = await main(['run', spec, '--json', ...args], c.io);
  return { code, json: JSON.parse(c.out() || '{}') as Record<string, any>, err: c.err() };
}

async function published(out: string): Promise<string[]> {
  try {
    return (await readdir(join(out, 'binzhou-admin-penalties'))).filter((f) => /^\d/.test(f));
  } catch {
    return [];
  }
}

describe('tuomin run, end to end on the penalties fixture', () => {
  it('an unconditional dataset publishes a complete, verifiable package', async () => {
    const { spec, out } = await variant((s) => s);
    const r = await run(spec);
    expect(r.code, r.err).toBe(0);
    expect(r.json.version).toBe('1.0.0');
    // Counted at the source: the spec's first rule runs under when: on part of the rows only.
    expect(r.json.sourceRows).toBe(500);
    expect(r.json.rows).toBe(500);
    const pkg = r.json.packageDir as string;
    const files = (await readdir(pkg, { recursive: true })).map(String).sort();
    for (const f of ['README.md', 'SHA256SUMS', 'catalog.jsonld', 'datapackage.json', 'platform.json', 'status.json', 'reports/quality.json', 'reports/desensitization.json', 'reports/review.json', 'data/binzhou-admin-penalties.csv', 'data/binzhou-admin-penalties.parquet']) {
      expect(files).toContain(f);
    }
    // sha256sum -c SHA256SUMS, in process.
    const sums = (await readFile(join(pkg, 'SHA256SUMS'), 'utf8')).trim().split('\n');
    expect(sums.length).toBeGreaterThan(5);
    for (const line of sums) {
      const [hex, path] = line.split(/ {2}/);
      expect(createHash('sha256').update(await readFile(join(pkg, path!))).digest('hex'), path).toBe(hex);
    }
    // And with the real tool, where coreutils is installed (it is on Debian and in CI).
    const sha = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: pkg, encoding: 'utf8' });
    if (!sha.error) expect(sha.status, sha.stdout + sha.stderr).toBe(0);
    const review = JSON.parse(await readFile(join(pkg, 'reports/review.json'), 'utf8'));
    expect(review.sha256sumsDigest).toBe(`sha256:${createHash('sha256').update(await readFile(join(pkg, 'SHA256SUMS'))).digest('hex')}`);
    const csv = await readFile(join(pkg, 'data/binzhou-admin-penalties.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('case_number,party_name,party_type,id_number,legal_representative,phone,address,violation_type,legal_basis,penalty,fine_amount,decision_date,authority,reason');
    // No valid resident ID (checksum and birth date, checked here independently of the detectors)
    // and no full mobile number survives anywhere in the file. All-digit USCCs fail the ID checks.
    const ids = [...csv.matchAll(/(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])/g)].map((m) => m[0]).filter(isResidentId);
    expect(ids).toEqual([]);
    expect(csv).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    const desens = await readFile(join(pkg, 'reports/desensitization.json'), 'utf8');
    const source = await readFile(SAMPLE, 'utf8');
    const someId = source.match(/\b\d{6}(19|20)\d{9}[\dX]\b/)![0];
    expect(desens).not.toContain(someId);
    const dp = JSON.parse(await readFile(join(pkg, 'datapackage.json'), 'utf8'));
    expect(dp.resources).toHaveLength(2);
    expect(dp.resources[0].hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dp['gov:citation']).toContain('获取日期：2026-11-20');
    // Data Package v2 rules (datapackage.org): the profile URL, a slug name, resources with a
    // unique slug name and a path, Table Schema fields with a name and a known type.
    expect(dp.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
    expect(dp.name).toMatch(/^[a-z0-9._-]+$/);
    const names = new Set<string>();
    for (const res of dp.resources) {
      expect(res.name).toMatch(/^[a-z0-9._-]+$/);
      expect(names.has(res.name)).toBe(false);
      names.add(res.name);
      expect(typeof res.path).toBe('string');
      expect(res.schema.fields.length).toBe(14);
      for (const f of res.schema.fields) {
        expect(typeof f.name).toBe('string');
        expect(['string', 'number', 'integer', 'boolean', 'object', 'array', 'date', 'time', 'datetime', 'year', 'yearmonth', 'duration', 'geopoint', 'geojson', 'list', 'any']).toContain(f.type);
      }
    }
    // DCAT-AP 3 mandatory properties: Catalogue (title, description, publisher, dataset),
    // Dataset (title, description), Distribution (accessURL), Agent (name).
    const cat = JSON.parse(await readFile(join(pkg, 'catalog.jsonld'), 'utf8'));
    for (const k of ['dct:title', 'dct:description', 'dct:publisher', 'dcat:dataset']) expect(cat[k], k).toBeTruthy();
    const ds = cat['dcat:dataset'];
    for (const k of ['dct:title', 'dct:description', 'dct:accessRights', 'dct:accrualPeriodicity', 'dcat:distribution']) expect(ds[k], k).toBeTruthy();
    expect(ds['dct:publisher']['foaf:name']).toBe('滨州市市场监督管理局');
    for (const d of ds['dcat:distribution']) {
      expect(d['dcat:accessURL']['@id']).toBeTruthy();
      expect(d['spdx:checksum']['spdx:checksumValue']).toMatch(/^[0-9a-f]{64}$/);
    }
    // Provenance travels inside the Parquet file (Art. 18), and field titles as field metadata.
    const pq = await openSource(join(pkg, 'data/binzhou-admin-penalties.parquet'), {});
    expect(pq.schema.metadata.get('tuomin.acquiredAt')).toBe('2026-11-20');
    expect(pq.schema.metadata.get('tuomin.version')).toBe('1.0.0');
    expect(pq.schema.metadata.get('tuomin.specDigest')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(pq.schema.fields[3]!.metadata.get('title')).toBe('证件号码');
    const sidecar = JSON.parse(await readFile(join(pkg, 'data/binzhou-admin-penalties.csv-metadata.json'), 'utf8'));
    expect(sidecar['dc:provenance']['tuomin.source']).toBe('滨州市行政执法信息系统');
    const platform = JSON.parse(await readFile(join(pkg, 'platform.json'), 'utf8'));
    for (const k of ['标题', '来源部门', '重点领域', '开放类型', '数据量', '所属行业', '更新频率', '部门电话', '部门邮箱', '标签', '描述']) expect(platform[k], k).toBeDefined();
    expect(platform['信息项'][3]).toEqual({ 英文信息项名: 'id_number', 中文信息项名: '证件号码', 数据类型: '字符型C', 中文描述: '法人的统一社会信用代码；自然人的身份证号已脱敏' });
  });

  it('a forgotten mask fails the security review: exit 3, names column, type and count, publishes nothing', async () => {
    const { spec, out } = await variant((s) => s.replace(", sensitivity: L3, rule: { type: mask, preset: cn.mobile, onInvalid: mask-all }", ''));
    const r = await run(spec);
    expect(r.code).toBe(3);
    const reasons = r.json.error.reviews.find((x: any) => x.review === 'security').reasons;
    const phone = reasons.find((x: any) => x.column === 'phone' && x.type === 'cn_mobile');
    expect(phone.code).toBe('privacy/pii-pattern');
    expect(phone.count).toBeGreaterThan(100);
    expect(r.err).toContain('column "phone"');
    expect(await published(out)).toEqual([]);
  });

  it('a conditional dataset without conditions: exit 4, nothing published', async () => {
    const { spec, out } = await variant((s) => s.replace('openAttribute: unconditional', 'openAttribute: conditional'));
    const r = await run(spec);
    expect(r.code).toBe(4);
    expect(r.err).toContain('conditions');
    expect(r.json.error.issues[0].code).toBe('gov/conditions-missing');
    expect(await published(out)).toEqual([]);
  });

  it('a discriminatory condition: exit 4', async () => {
    const { spec } = await variant((s) => s.replace('openAttribute: unconditional', 'openAttribute: conditional\nconditions:\n  - { kind: usage-scenario, text: 用于信用评价研究 }\n  - { kind: other, text: 申请单位须为本市注册的规模以上企业 }'));
    const r = await run(spec);
    expect(r.code).toBe(4);
    expect(r.json.error.issues.map((i: any) => i.code)).toContain('gov/conditions-discriminatory');
  });

  it('a not-open dataset is never published: exit 4', async () => {
    const { spec, out } = await variant((s) => s.replace('openAttribute: unconditional', 'openAttribute: not-open\nlegalBasis:\n  - { law: 中华人民共和国个人信息保护法, article: 第二十八条 }'));
    const r = await run(spec);
    expect(r.code).toBe(4);
    expect(r.err).toContain('never published');
    expect(await published(out)).toEqual([]);
  });

  it('a missing catalog field fails the normative review: exit 4', async () => {
    const { spec, out } = await variant((s) => s.replace(/\n  title: .*\n/, '\n'));
    const r = await run(spec);
    expect(r.code).toBe(4);
    const reasons = r.json.error.reviews.find((x: any) => x.review === 'normative').reasons;
    expect(reasons.find((x: any) => x.code === 'gov/required-field-missing').path).toBe('dataset.title');
    expect(await published(out)).toEqual([]);
  });

  it('a type violation fails the normative review with counts and rows, never values', async () => {
    const { spec } = await variant((s) => s.replace("description: 罚款金额（元）, type: number, scale: 2", "description: 罚款金额（元）, type: integer"));
    const r = await run(spec);
    expect(r.code).toBe(4);
    const reasons = r.json.error.reviews.find((x: any) => x.review === 'normative').reasons;
    const t = reasons.find((x: any) => x.code === 'cell/type');
    expect(t.column).toBe('fine_amount');
    expect(t.count).toBeGreaterThan(0);
    expect(t.rows[0]).toBeGreaterThan(0);
  });

  it('an unknown column in the spec names it and suggests the closest header', async () => {
    const { spec } = await variant((s) => s.replace('  决定机关:', '  决定机构:'));
    const r = await run(spec);
    expect(r.code).toBe(1);
    expect(r.err).toContain('决定机构');
    expect(r.err).toContain('did you mean "决定机关"');
  });

  it('withdraw, re-process, publish: the new version links the old; the withdrawn one keeps no data', async () => {
    const { spec, out } = await variant((s) => s);
    expect((await run(spec)).code).toBe(0);
    const c = capture();
    expect(await main(['release', 'withdraw', spec, '1.0.0', '--reason', '隐私泄露投诉：地址过细', '--json'], c.io)).toBe(0);
    const v1 = join(out, 'binzhou-admin-penalties', '1.0.0');
    await expect(stat(join(v1, 'data'))).rejects.toThrow();
    const r2 = await run(spec);
    expect(r2.code).toBe(0);
    expect(r2.json.version).toBe('1.1.0');
    const dp = JSON.parse(await readFile(join(r2.json.packageDir, 'datapackage.json'), 'utf8'));
    expect(dp['gov:previousVersion']).toBe('1.0.0');
    expect(dp['gov:replaces']).toBe('1.0.0');
    const st1 = JSON.parse(await readFile(join(v1, 'status.json'), 'utf8'));
    expect(st1).toMatchObject({ status: 'withdrawn', reason: '隐私泄露投诉：地址过细', replacedBy: '1.1.0' });
    expect(await readFile(join(v1, 'SHA256SUMS'), 'utf8')).toContain('data/binzhou-admin-penalties.csv');
    const list = capture();
    await main(['release', 'list', spec, '--json'], list.io);
    expect(JSON.parse(list.out()).versions.map((v: any) => `${v.version}:${v.status}`)).toEqual(['1.0.0:withdrawn', '1.1.0:published']);
    const ledger = (await readFile(join(out, 'binzhou-admin-penalties', 'ledger.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l).event);
    // Write-ahead: each change is an intent line, then its completion (docs/publication.md, "The commit").
    expect(ledger).toEqual(['publish-intent', 'publish', 'withdraw-intent', 'withdraw', 'publish-intent', 'publish']);
  });

  it('refuses a version that is not MAJOR.MINOR.PATCH, for run and for release, and writes nothing', async () => {
    const { spec, out } = await variant((s) => s);
    for (const bad of ['../../escaped', 'v2', '1.0', '1.0.0/../../x']) {
      const r = await run(spec, '--version', bad);
      expect(r.code).toBe(1);
      expect(r.json.error?.message ?? r.err).toContain('is not a version');
    }
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(out, '..', 'escaped'))).toBe(false);
    expect((await run(spec, '--version', '2.0.0')).code).toBe(0);
    const c = capture();
    expect(await main(['release', 'withdraw', spec, '../2.0.0', '--reason', 'x', '--json'], c.io)).toBe(1);
    expect(await published(out)).toEqual(['2.0.0']);
  });

  it('a conditional release for one recipient: RESTRICTED in DCAT, conditions in the portal record, recipient in the ledger', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-e2e-ent-'));
    const text = (await readFile('fixtures/specs/enterprises.yaml', 'utf8')).replace('path: ../samples/enterprises.csv', `path: ${resolve('fixtures/samples/enterprises.csv')}`).replace('folder: ../out', 'folder: out');
    await writeFile(join(dir, 'spec.yaml'), text);
    const r = await run(join(dir, 'spec.yaml'));
    expect(r.code, r.err).toBe(0);
    const pkg = r.json.packageDir as string;
    const catalog = JSON.parse(await readFile(join(pkg, 'catalog.jsonld'), 'utf8'));
    expect(catalog['dcat:dataset']['dct:accessRights']['@id']).toMatch(/RESTRICTED$/);
    const platform = JSON.parse(await readFile(join(pkg, 'platform.json'), 'utf8'));
    expect(platform['开放类型']).toBe('有条件开放');
    expect(platform['开放条件']).toContain('反馈');
    const ledger = JSON.parse((await readFile(join(dir, 'out', 'binzhou-market-entities', 'ledger.jsonl'), 'utf8')).trim().split('\n').at(-1)!);
    expect(ledger.event).toBe('publish');
    expect(ledger.recipient).toBe('滨州市信用服务中心');
    const ndjson = (await readFile(join(pkg, 'data/binzhou-market-entities.ndjson'), 'utf8')).trim().split('\n');
    expect(ndjson).toHaveLength(400);
    expect(JSON.parse(ndjson[1]!).registered_capital).toBeNull();

    // The XLSX parity copy: the same rows as the NDJSON copy, provenance inside, listed and hashed like every file.
    const xlsxPath = 'data/binzhou-market-entities.xlsx';
    const wb = XLSX.read(await readFile(join(pkg, xlsxPath)), { type: 'buffer' });
    const sheetRows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!, { raw: true, defval: null });
    // The declared date is a date cell (Excel serial days) where the NDJSON copy has its ISO text.
    const serial = (d: string | null) => (d === null ? null : Date.parse(d) / 86400000 + 25569);
    expect(sheetRows).toEqual(ndjson.map((l) => JSON.parse(l)).map((r) => ({ ...r, established_on: serial(r.established_on) })));
    expect(wb.Props).toMatchObject({ Title: '滨州市市场主体登记信息', Author: '滨州市市场监督管理局' });
    expect(wb.Custprops).toMatchObject({ 'tuomin.dataset': 'binzhou-market-entities', 'tuomin.version': '1.0.0', 'tuomin.acquiredAt': '2026-11-24' });
    expect(existsSync(join(pkg, `${xlsxPath}-metadata.json`))).toBe(false);
    expect(await readFile(join(pkg, 'SHA256SUMS'), 'utf8')).toContain(`  ${xlsxPath}\n`);
    const sha = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: pkg, encoding: 'utf8' });
    expect(sha.status, sha.stdout + sha.stderr).toBe(0);
    const dp = JSON.parse(await readFile(join(pkg, 'datapackage.json'), 'utf8'));
    const resource = dp.resources.find((res: { path: string }) => res.path === xlsxPath);
    expect(resource).toMatchObject({ format: 'xlsx', mediatype: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'gov:rowCount': 400 });
    expect(resource.encoding).toBeUndefined();
    const dist = catalog['dcat:dataset']['dcat:distribution'].find((d: Record<string, any>) => d['dcat:downloadURL']['@id'] === xlsxPath);
    expect(dist['dcat:mediaType']['@id']).toMatch(/spreadsheetml\.sheet$/);
    expect(platform['资源格式']).toBe('csv,ndjson,xlsx');
  });

  it('employment: every kind of transform and k-anonymity suppression, with nothing of the source identifiers left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-e2e-emp-'));
    const text = (await readFile('fixtures/specs/employment.yaml', 'utf8')).replace('path: ../samples/employment.csv', `path: ${resolve('fixtures/samples/employment.csv')}`).replace('folder: ../out', 'folder: out').replaceAll('file: hierarchies/', `file: ${resolve('fixtures/specs/hierarchies')}/`);
    await writeFile(join(dir, 'spec.yaml'), text);
    const r = await run(join(dir, 'spec.yaml'));
    expect(r.code, r.err).toBe(0);
    expect(r.json.sourceRows).toBe(1000);
    expect(r.json.rows).toBeLessThan(1000);
    expect(r.json.rows).toBeGreaterThanOrEqual(980);
    const pkg = r.json.packageDir as string;
    const out = await readFile(join(pkg, 'data/binzhou-employment-registrations.csv'), 'utf8');
    const src = (await readFile('fixtures/samples/employment.csv', 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','));
    const lines = out.trim().split('\n');
    const header = 'person_name,id_pseudonym,age_band,age_rounded,gender,education,district,employer_category,occupation,registered_on,phone_pseudonym,email_domain'.split(',');
    expect(lines[0]!.split(',')).toEqual(header);
    const rows = lines.slice(1).map((l) => l.split(','));
    const srcIds = new Set(src.map((x) => x[1]));
    const srcPhones = new Set(src.map((x) => x[9]));
    // Nothing of the source identifiers, employers, exact dates or mailboxes is left in any cell.
    const srcValues = new Set(src.flatMap((x) => [x[1]!, x[2]!, x[6]!, x[8]!, x[9]!, x[10]!]).filter((v) => v !== ''));
    const localParts = new Set(src.map((x) => x[10]!.split('@')[0]!).filter((v) => v !== ''));
    for (const row of rows) {
      expect(row).toHaveLength(header.length);
      expect(isResidentId(row[1]!), row[1]).toBe(true);        // format-preserving: a valid ID
      expect(srcIds.has(row[1]!)).toBe(false);                 // but not the person's
      expect(srcPhones.has(row[10]!)).toBe(false);
      for (const cell of row) expect(srcValues.has(cell), 'a source value is published').toBe(false);
      // The mailbox is never published, only the provider or a coarser label.
      expect(row[11]).toMatch(/^(\*{3}@[a-z0-9.-]+|个人邮箱|\*|)$/);
      if (row[11]!.includes('@')) expect(localParts.has(row[11]!.split('@')[0]!)).toBe(false);
      // The noisy rounded age is a quasi-identifier: a multiple of 5, an interval or * after the search.
      expect(row[3]).toMatch(/^(\d*[05]|\d+-\d+|\*)$/);
    }
    // Every published record sits in a class of at least k = 3 over the columns an attacker can
    // know (docs/privacy.md, attacker model), counted here by plain counting, not by our risk code:
    // all but the synthetic name and the two keyed pseudonyms.
    const known = header.map((_, i) => i).filter((i) => ![0, 1, 10].includes(i));
    const classes = new Map<string, number>();
    for (const row of rows) {
      const key = JSON.stringify(known.map((i) => row[i]));
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    expect(Math.min(...classes.values())).toBeGreaterThanOrEqual(3);
    expect(classes.size).toBeGreaterThan(1);
    const review = r.json.reviews.find((x: any) => x.review === 'security');
    expect(review.reasons.filter((x: any) => x.severity === 'error')).toEqual([]);
    const desens = JSON.parse(await readFile(join(pkg, 'reports/desensitization.json'), 'utf8'));
    expect(desens.anonymization.suppressed).toBe(1000 - r.json.rows);
    expect(desens.privacy.figures.risk.minClassSize).toBeGreaterThanOrEqual(3);
    const types = new Set(desens.transforms.map((t: any) => t.transform));
    for (const t of ['synthesize', 'fpe', 'generalize', 'noise', 'round', 'date-shift', 'cast', 'pseudonymize', 'mask']) expect([...types].some((x) => String(x).startsWith(t)), t).toBe(true);
    expect(JSON.stringify(desens)).not.toContain(src[0]![1]!);
  });

  it('an empty rule list is a spec error, not a way past the sensitive-column check', async () => {
    const { spec, out } = await variant((s) => s.replace('违法行为类型: { name: violation_type, description: 违法行为类型 }', '违法行为类型: { name: violation_type, description: 违法行为类型, sensitivity: L4, rule: [] }'));
    expect(await readFile(spec, 'utf8')).toContain('rule: [] }');
    const r = await run(spec);
    expect(r.code).toBe(1);
    expect(JSON.stringify(r.json) + r.err).toContain('empty rule list');
    expect(existsSync(out)).toBe(false);
  });

  it('releases for two recipients carry unlinkable pseudonyms by default; an unconditional release keeps the dataset scope', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-e2e-rcp-'));
    const text = (await readFile('fixtures/specs/employment.yaml', 'utf8')).replace('path: ../samples/employment.csv', `path: ${resolve('fixtures/samples/employment.csv')}`).replace('folder: ../out', 'folder: out').replaceAll('file: hierarchies/', `file: ${resolve('fixtures/specs/hierarchies')}/`);
    const conditional = (recipient: string, folder: string) => text.replace('openAttribute: unconditional', `openAttribute: conditional
conditions:
  - { kind: usage-scenario, text: 就业政策研究 }
  - { kind: security-commitment, text: 不得尝试重新识别自然人 }
recipient: ${recipient}`).replace('folder: out', `folder: ${folder}`);
    await writeFile(join(dir, 'a.yaml'), conditional('甲研究院', 'out-a'));
    await writeFile(join(dir, 'b.yaml'), conditional('乙大学', 'out-b'));
    await writeFile(join(dir, 'c.yaml'), text.replace('folder: out', 'folder: out-c'));
    await writeFile(join(dir, 'd.yaml'), text.replace('folder: out', 'folder: out-d'));
    const rows = async (spec: string): Promise<string[][]> => {
      const r = await run(join(dir, spec));
      expect(r.code, r.err).toBe(0);
      const csv = await readFile(join(r.json.packageDir as string, 'data/binzhou-employment-registrations.csv'), 'utf8');
      return csv.trim().split('\n').slice(1).map((l) => l.split(','));
    };
    const [a, b, c, d] = [await rows('a.yaml'), await rows('b.yaml'), await rows('c.yaml'), await rows('d.yaml')];
    // id_pseudonym (fpe) is column 1, phone_pseudonym (pseudonymize) column 10.
    const col = (t: string[][], i: number) => new Set(t.map((r) => r[i]!));
    for (const i of [1, 10]) {
      const shared = [...col(a, i)].filter((v) => col(b, i).has(v));
      expect(shared, `column ${i}`).toEqual([]);
      expect(col(c, i)).toEqual(col(d, i));
    }
  });

  it('suppression: mask on a quasi-identifier with an enum constraint is a spec error naming both', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-e2e-mask-'));
    const text = (await readFile('fixtures/specs/employment.yaml', 'utf8')).replace('path: ../samples/employment.csv', `path: ${resolve('fixtures/samples/employment.csv')}`).replace('folder: ../out', 'folder: out').replaceAll('file: hierarchies/', `file: ${resolve('fixtures/specs/hierarchies')}/`);
    await writeFile(join(dir, 's.yaml'), text.replace('  k: 3\n', '  k: 3\n  suppression: mask\n'));
    const r = await run(join(dir, 's.yaml'));
    expect(r.code).not.toBe(0);
    expect(JSON.stringify(r.json) + r.err).toContain('privacy/mask-breaks-constraint');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('employment: quasi-identifiers named by their output names give the same release as by source names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-e2e-qi-'));
    const text = (await readFile('fixtures/specs/employment.yaml', 'utf8')).replace('path: ../samples/employment.csv', `path: ${resolve('fixtures/samples/employment.csv')}`).replace('folder: ../out', 'folder: out').replaceAll('file: hierarchies/', `file: ${resolve('fixtures/specs/hierarchies')}/`);
    const bySource = 'quasiIdentifiers: [年龄段, 年龄, 性别, 所在区县, 文化程度, 职业, 用人单位, 登记日期, 电子邮箱]';
    expect(text).toContain(bySource);
    await writeFile(join(dir, 'a.yaml'), text);
    await writeFile(join(dir, 'b.yaml'), text.replace(bySource, 'quasiIdentifiers: [age_band, age_rounded, gender, district, education, occupation, employer_category, registered_on, email_domain]').replace('folder: out', 'folder: out-b'));
    const [a, b] = [await run(join(dir, 'a.yaml')), await run(join(dir, 'b.yaml'))];
    expect(b.code, b.err).toBe(0);
    expect(b.json.rows).toBe(a.json.rows);
    const desens = JSON.parse(await readFile(join(b.json.packageDir as string, 'reports/desensitization.json'), 'utf8'));
    expect(desens.privacy.figures.quasiIdentifiers).toEqual(['age_band', 'age_rounded', 'gender', 'district', 'education', 'occupation', 'employer_category', 'registered_on', 'email_domain']);
  });

  it('rows rejected by a cast are withheld, kept in a private folder outside the publication tree and reported', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-e2e-rej-'));
    await writeFile(join(dir, 'in.csv'), 'id,日期\n1,2024-08-13\n2,不是日期\n3,2024/8/14\n');
    await writeFile(join(dir, 'spec.yaml'), `dataset:
  id: tiny
  title: 测试
  description: 测试数据
  publisher: { name: 测试局, uscc: 11371600MB28503171 }
  contact: { phone: 0543-1, email: a@b.cn }
  domain: 其他
  keywords: [测试]
  updateFrequency: annual
openAttribute: unconditional
source: { path: in.csv, acquiredAt: 2026-11-01 }
columns:
  id: { description: 编号 }
  日期: { name: day, description: 日期, type: date, rule: { type: cast, to: date, onInvalid: reject-row } }
output: { folder: out, formats: [csv] }
`);
    const r = await run(join(dir, 'spec.yaml'));
    expect(r.code, r.err).toBe(0);
    expect(r.json.rows).toBe(2);
    const warn = r.json.reviews.find((x: any) => x.review === 'normative').reasons.find((x: any) => x.code === 'row/rejected');
    expect(warn.count).toBe(1);
    // Raw rows: never under the output folder; in the work root (publish/src/run/staging.ts), 0600 in 0700 folders.
    const kept = r.json.rejects as Array<{ path: string; rows: number }>;
    expect(kept).toHaveLength(1);
    expect(kept[0]!.path.startsWith(dir)).toBe(false);
    expect(existsSync(join(dir, 'out', 'tiny', 'rejects'))).toBe(false);
    expect(await readFile(kept[0]!.path, 'utf8')).toContain('不是日期');
    expect((await stat(kept[0]!.path)).mode & 0o077).toBe(0);
    expect((await stat(join(kept[0]!.path, '..'))).mode & 0o077).toBe(0);
    expect(warn.message).toContain(kept[0]!.path);
    expect(await readFile(join(r.json.packageDir, 'data', 'tiny.csv'), 'utf8')).toBe('id,day\n1,2024-08-13\n3,2024-08-14\n');
  });

  it('a ragged source row stops the run naming file, line and byte; with onBadRow: skip it goes to the private rejects folder and is counted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-e2e-bad-'));
    await writeFile(join(dir, 'in.csv'), 'a,b\n1,2\n3,4,5\n6,7\n');
    const spec = (onBadRow: string) => `dataset: { id: tiny, title: t, description: d, publisher: { name: p, uscc: 11371600MB28503171 }, contact: { phone: "1", email: a@b.cn }, domain: 其他, keywords: [k], updateFrequency: annual }
openAttribute: unconditional
source: { path: in.csv, acquiredAt: 2026-11-01, csv: { onBadRow: ${onBadRow} } }
columns: { a: { description: A }, b: { description: B } }
output: { folder: out, formats: [csv] }
`;
    await writeFile(join(dir, 'strict.yaml'), spec('error'));
    const strict = await run(join(dir, 'strict.yaml'));
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/in\.csv.*line 3/);
    await writeFile(join(dir, 'skip.yaml'), spec('skip'));
    const r = await run(join(dir, 'skip.yaml'));
    expect(r.code, r.err).toBe(0);
    expect(r.json.rows).toBe(2);
    const warn = r.json.reviews.find((x: any) => x.review === 'normative').reasons.find((x: any) => x.code === 'row/rejected');
    expect(warn.count).toBe(1);
    expect(r.json.rejects[0].path).toMatch(/[\\/]1\.0\.0-source-bad-rows\.csv$/);
    expect(await readFile(r.json.rejects[0].path, 'utf8')).toBe('3,4,5\n');
    expect(existsSync(join(dir, 'out', 'tiny', 'rejects'))).toBe(false);
    // Only there: the second read of the source (the security review's sample) writes no copy.
    expect((await readdir(dir)).sort()).toEqual(['in.csv', 'out', 'skip.yaml', 'strict.yaml']);
  });
});
