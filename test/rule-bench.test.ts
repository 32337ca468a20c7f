import { describe, expect, it } from 'vitest';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '@tuomin/cli';
import { loadSpec, planColumns, resolveKeyRef } from '@tuomin/publish';
import { openSource } from '@tuomin/io';
import { memorySource, pipeline } from '@tuomin/core';
import { ruleStages } from '../packages/publish/src/bench/rule-stages.js';

const KEY = '000102030405060708090a0b0c0d0e0f';

async function bench(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = new Writable({ write(c, _e, cb) { out += String(c); cb(); } });
  const stderr = new Writable({ write(c, _e, cb) { err += String(c); cb(); } });
  const code = await main(['bench', ...args], { stdout, stderr, cwd: process.cwd(), env: { ...process.env, TUOMIN_KEY: KEY } });
  return { code, out, err };
}

const header = `dataset: { id: tiny, title: t, description: d, publisher: { name: p, uscc: 11371600MB28503171 }, contact: { phone: "1", email: a@b.cn }, domain: 其他, keywords: [k], updateFrequency: annual }
openAttribute: unconditional
source: { path: in.csv, acquiredAt: 2026-11-01 }
output: { folder: out, formats: [csv] }
`;

/** A source of amounts and districts, and a spec whose plan starts with a copy (a derived column), has a chain and a column dropped by its last rule. */
async function chainedSpec(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tuomin-rb-chain-'));
  const lines = ['id,金额,地区,备注'];
  const districts = ['滨城区', '沾化区', '惠民县'];
  for (let i = 0; i < 300; i++) lines.push(`${i},${((i * 7919) % 100000) / 7},${districts[i % 3]},  note ${i}  `);
  await writeFile(join(dir, 'in.csv'), `${lines.join('\n')}\n`);
  await writeFile(join(dir, 'spec.yaml'), `${header}columns:
  id: { description: 编号 }
  金额: { name: amount, description: 金额, rule: [{ type: cast, to: float64 }, { type: round, base: 100 }] }
  地区: { name: district, description: 地区 }
  备注: { description: 备注, rule: [{ type: trim }, { type: drop }] }
  地区码: { from: 地区, name: district_masked, description: 地区, rule: { type: mask, preset: cn.name } }
`);
  return join(dir, 'spec.yaml');
}

describe('tuomin bench <spec>', () => {
  it('compares the spec with variants: a dropped mask shows up as residual findings and less loss', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-rb-'));
    const variants = join(dir, 'variants.yaml');
    await writeFile(variants, 'variants:\n  no-phone-mask:\n    联系电话: null\n');
    const { code, out } = await bench(['fixtures/specs/penalties.yaml', '--sample', '200', '--variants', variants, '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.sampleRows).toBe(200);
    const [spec, noMask] = r.variants;
    expect(spec.variant).toBe('spec');
    expect(spec.rules.map((x: any) => x.column)).toContain('联系电话');
    expect(noMask.rules.map((x: any) => x.column)).not.toContain('联系电话');
    for (const rule of spec.rules) expect(rule.rowsPerSec).toBeGreaterThan(0);
    const phoneFindings = (v: any) => v.residual.columns.filter((c: any) => c.column === 'phone').reduce((a: number, c: any) => a + c.count, 0);
    expect(phoneFindings(spec)).toBe(0);
    expect(phoneFindings(noMask)).toBeGreaterThan(100);
    expect(spec.utility.find((u: any) => u.column === '联系电话').changed).toBeGreaterThan(0.9);
  });

  it('benches the README showcase (employment.yaml: derived columns, chains, k-anonymity): every rule gets a finite positive rows/s', async () => {
    const { code, out, err } = await bench(['fixtures/specs/employment.yaml', '--sample', '500', '--json']);
    expect(code, err).toBe(0);
    const [spec] = JSON.parse(out).variants;
    expect(spec.rules.map((x: any) => `${x.column} ${x.rule}`)).toEqual([
      '姓名 synthesize',
      '身份证号码 trim', '身份证号码 upper', '身份证号码 validate', '身份证号码 fpe',
      '年龄段 generalize age',
      '年龄 generalize age', '年龄 noise', '年龄 round',
      '文化程度 fullwidth', '文化程度 null-tokens',
      '登记日期 date-shift', '登记日期 cast',
      '联系电话 pseudonymize aes-cmac',
      '电子邮箱 mask email',
    ]);
    for (const rule of [...spec.rules, spec]) {
      expect(Number.isFinite(rule.rowsPerSec), `${rule.column} ${rule.rule}`).toBe(true);
      expect(rule.rowsPerSec).toBeGreaterThan(0);
    }
    // Derived columns are compared with the column they copy: age bands keep few distinct values.
    expect(spec.utility.find((u: any) => u.column === '年龄段').distinctKept).toBeLessThan(0.2);
    // k is measured over every column an attacker can know, declared or not (published-columns.ts):
    // the synthetic name and the two keyed pseudonyms are the only ones left out.
    expect(spec.risk.quasiIdentifiers).toEqual(['age_band', 'age_rounded', 'gender', 'education', 'district', 'employer_category', 'occupation', 'registered_on', 'email_domain']);
    expect(spec.risk.k).toBeGreaterThanOrEqual(3);
  });

  it('times each link of a chain on the output of the links before it: a finite figure for cast and for round', async () => {
    const { code, out, err } = await bench([await chainedSpec(), '--sample', '200', '--json']);
    expect(code, err).toBe(0);
    const [spec] = JSON.parse(out).variants;
    expect(spec.rules.map((x: any) => `${x.column} ${x.rule}`)).toEqual(['金额 cast', '金额 round', '地区码 mask cn.name']);
    for (const rule of spec.rules) {
      expect(Number.isFinite(rule.rowsPerSec), rule.rule).toBe(true);
      expect(rule.rowsPerSec).toBeGreaterThan(0);
    }
    const md = await bench([await chainedSpec(), '--sample', '200']);
    expect(md.code, md.err).toBe(0);
    expect(md.out).toMatch(/\| spec \| 金额 \| round \| [\d,]+ \|/);
    expect(md.out).not.toContain('NaN');
  });

  it('with a copy first in the plan, each rule is timed with its own transform', async () => {
    const file = await chainedSpec();
    const loaded = await loadSpec(file);
    const src = await openSource(join(loaded.dir, 'in.csv'));
    const ctx = { resolveKey: (ref: any) => resolveKeyRef(ref, { TUOMIN_KEY: KEY }, loaded.dir), scope: { dataset: 'tiny', release: 'bench' }, seed: 1 };
    const plan = await planColumns(loaded.spec, src.schema, ctx, file, loaded.dir);
    // copy, then trim of 备注 (dropped by its next rule, so not in plan.columns), then the rules that are timed.
    expect(plan.transforms.map((t) => t.name).slice(0, 5)).toEqual(['copy', 'cast', 'round', 'trim', 'mask cn.name']);
    const stages = ruleStages(plan);
    expect(stages).toEqual([
      { column: '金额', rule: 'cast', transform: 1 },
      { column: '金额', rule: 'round', transform: 2 },
      { column: '地区码', rule: 'mask cn.name', transform: 4 },
    ]);
    // Each transform reports the column of its stage once bound on the plan's schema.
    const bound = pipeline(memorySource(src.schema, []), ...plan.transforms).stages;
    for (const s of stages) expect(bound[s.transform]!.report()[0]!.columns).toEqual([s.column]);
  });

  it('a rule that fails on the sample stops the bench (exit 1) naming its own column and rule, after a copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-rb-bad-'));
    await writeFile(join(dir, 'in.csv'), 'id,金额,地区\n1,12.5,滨城区\n2,abc,沾化区\n');
    const write = async (name: string, columns: string) => { await writeFile(join(dir, name), `${header}columns:\n${columns}`); return join(dir, name); };
    const derived = '  地区码: { from: 地区, description: 地区, rule: { type: mask, preset: cn.name } }\n';
    const badValue = await bench([await write('value.yaml', `  id: { description: 编号 }\n  金额: { description: 金额, rule: [{ type: trim }, { type: cast, to: float64, onInvalid: error }] }\n  地区: { description: 地区 }\n${derived}`)]);
    expect(badValue.code).toBe(1);
    expect(badValue.err).toMatch(/column "金额", rule cast: variant "spec": failed on the sample: row 2/);
    expect(badValue.out).toBe('');
    const badType = await bench([await write('type.yaml', `  id: { description: 编号 }\n  金额: { description: 金额, rule: { type: trim } }\n  地区: { description: 地区 }\n${derived}  地区2: { from: 地区, description: x, rule: { type: round, base: 5 } }\n`)]);
    expect(badType.code).toBe(1);
    expect(badType.err).toMatch(/column "地区2", rule round: variant "spec": failed on the sample/);
    expect(badType.err.match(/hint:/g)).toHaveLength(1);
    expect(badType.err).not.toContain('NaN');
  });
});
