/**
 * What a draft proposes for each kind of column, judged by the values rather than the headers:
 * the roles, rules and hierarchies that let a draft publish safely.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { draftSpec, loadSpec, previewRun, profileFile, type FileProfile } from '@tuomin/publish';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '秀英', '建国', '子涵', '浩然', '一诺', '雨桐', '志刚'];
const DISTRICTS = ['滨城区', '沾化区', '惠民县', '阳信县', '无棣县', '博兴县', '邹平市'];
const CODES = ['371602', '371603', '371621', '371622', '371623', '371625', '371681'];
const DIAGNOSES = ['高血压3级', '2型糖尿病', '社区获得性肺炎', 'HIV感染', '精神分裂症', '脑梗死'];

let dir = '';
let profile: FileProfile;
let spec: Record<string, any>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-suggest-'));
  const rows = ['经办医生,登记号,证件（已遮盖）,所在区县,区划代码,就诊日期,疾病名称,金额,科室'];
  for (let i = 0; i < 400; i++) {
    const name = SURNAMES[(i * 7) % SURNAMES.length]! + GIVEN[(i * 5) % GIVEN.length]!;
    rows.push([
      name, `DJ2024${String(100000 + i)}`, `3716${String(i % 100).padStart(2, '0')}********${String(1000 + i).slice(-4)}`,
      DISTRICTS[i % 7], CODES[i % 7], `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      DIAGNOSES[i % DIAGNOSES.length], (123.45 + i * 37.7).toFixed(2), ['内科', '外科', '儿科'][i % 3],
    ].join(','));
  }
  writeFileSync(join(dir, 'visits.csv'), `${rows.join('\n')}\n`);
  profile = await profileFile(join(dir, 'visits.csv'));
  spec = parse(draftSpec(profile, join(dir, 'visits.yaml'), '2026-12-01'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const role = (c: string) => profile.columns.find((x) => x.name === c)!.suggestion.role;

describe('draft suggestions by value', () => {
  it('person names under a header that names no person are a direct identifier, left out', () => {
    expect(role('经办医生')).toBe('direct');
    expect(spec.columns['经办医生']).toMatchObject({ drop: true });
  });
  it('record numbers and identifiers masked upstream are left out (they single records out)', () => {
    expect(spec.columns['登记号']).toMatchObject({ drop: true });
    expect(spec.columns['证件（已遮盖）']).toMatchObject({ drop: true });
  });
  it('district names get a value-or-* hierarchy, never a division rule that voids them; division codes get code-prefix levels', () => {
    expect(spec.columns['所在区县'].rule).toBeUndefined();
    expect(spec.privacy.hierarchies['所在区县']).toEqual({ builtin: 'prefix', keep: [3] });
    expect(spec.privacy.hierarchies['区划代码']).toEqual({ builtin: 'prefix', keep: [4, 2] });
  });
  it('event dates are quasi-identifiers with the built-in date hierarchy', () => {
    expect(spec.privacy.hierarchies['就诊日期']).toEqual({ builtin: 'date' });
  });
  it('diagnoses are a sensitive attribute with l-diversity; the search may suppress to reach k = 5', () => {
    expect(spec.privacy).toMatchObject({ sensitive: ['疾病名称'], l: 2, k: 5, suppressionLimit: 0.05 });
    // 科室 too: the department a patient is treated in is attacker-known (session 11, quasi-header.ts).
    expect(spec.privacy.quasiIdentifiers).toEqual(['所在区县', '区划代码', '就诊日期', '科室']);
  });
  it('unique amounts are rounded (cast first: a CSV column is text), the department a quasi-identifier', () => {
    expect(spec.columns['金额']).toMatchObject({ type: 'number', rule: [{ type: 'cast', to: 'float64' }, { type: 'round', base: 1000 }] });
    expect(role('科室')).toBe('quasi');
  });
  it('every published column has a description drafted from its header; TODOs only in the catalog fields', () => {
    for (const [name, c] of Object.entries(spec.columns as Record<string, { drop?: boolean; description?: string }>)) {
      if (!c.drop) expect(c.description, name).toContain(name);
    }
    expect(JSON.stringify(spec.columns)).not.toContain('TODO');
    expect(spec.dataset.title).toMatch(/^TODO/);
    expect(spec.conditions[0].text).toMatch(/^TODO/);
  });
});

describe('dates the date hierarchy cannot read as they are', () => {
  it('2024/1/31, 2024年1月31日 and timestamps are cast first, and the privacy search then generalizes them', async () => {
    const rows = ['性别,就诊时间,出生日期,登记日期'];
    for (let i = 0; i < 300; i++) {
      rows.push(`${'男女'[i % 2]},2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:15:00,19${50 + (i % 40)}年${1 + (i % 12)}月${1 + (i % 28)}日,2023/${1 + (i % 12)}/${1 + (i % 28)}`);
    }
    writeFileSync(join(dir, 'dates.csv'), `${rows.join('\n')}\n`);
    const specPath = join(dir, 'dates.yaml');
    const draft = draftSpec(await profileFile(join(dir, 'dates.csv')), specPath, '2026-12-01');
    writeFileSync(specPath, draft);
    const d = parse(draft);
    expect(d.columns['就诊时间'].rule).toEqual({ type: 'cast', to: 'timestamp' });
    expect(d.columns['出生日期'].rule).toEqual({ type: 'cast', to: 'date' });
    expect(d.columns['登记日期'].rule).toEqual({ type: 'cast', to: 'date' });
    const p = await previewRun(await loadSpec(specPath));
    expect(p.reviews.find((r) => r.review === 'security')!.passed).toBe(true);
    expect(p.privacy!.risk.minClassSize).toBeGreaterThanOrEqual(5);
    expect(p.rules.filter((r) => r.rule === 'cast').every((r) => r.invalid === 0)).toBe(true);
  });
});

describe('columns that would single out records whatever their values look like', () => {
  it('the tail of an ID (by its header), incomes and coordinates are left out; village codes get code-prefix levels', async () => {
    const rows = ['身份证后四位,月收入,经度,村居代码,性别'];
    for (let i = 0; i < 400; i++) {
      rows.push(`${String(1000 + ((i * 7919) % 9000))},${3000 + i * 13},${(117.5 + i * 0.000731).toFixed(6)},${371602001000 + (i % 9) * 1000 + (i % 4)},${'男女'[i % 2]}`);
    }
    writeFileSync(join(dir, 'tails.csv'), `${rows.join('\n')}\n`);
    const d = parse(draftSpec(await profileFile(join(dir, 'tails.csv')), join(dir, 'tails.yaml'), '2026-12-01'));
    expect(d.columns['身份证后四位']).toMatchObject({ drop: true });
    expect(d.columns['月收入']).toMatchObject({ drop: true });
    expect(d.columns['经度']).toMatchObject({ drop: true });
    expect(d.privacy.hierarchies['村居代码']).toEqual({ builtin: 'prefix', keep: [9, 6, 4, 2] });
  });
});
