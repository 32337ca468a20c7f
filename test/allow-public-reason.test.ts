import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '@tuomin/cli';
import { loadSpec, parseSpecText, SpecError } from '@tuomin/publish';
import { capture } from '../packages/cli/test/capture.js';
import { worldFor } from '../fixtures/lib/domains/extract.js';

/**
 * `allow:` of a natural-person type on a column published as it is must say which law makes the
 * values public (`public: { reason }`), or the spec is refused when it is loaded; a column whose
 * rule replaces the values (mask, synthesize, …) needs none. The reason is published with the
 * field (datapackage.json gov:publicReason).
 */
const ENTERPRISES = resolve('fixtures/specs/enterprises.yaml');
const REASON = '法定代表人姓名是依法公示的市场主体登记事项（《市场主体登记管理条例》第八条）';

/** A minimal valid spec with the given column lines under `columns:` (YAML, 2-space indented). */
function specText(columns: string): string {
  return [
    'dataset: { id: reps }',
    'openAttribute: unconditional',
    'source: { path: reps.csv, acquiredAt: 2026-11-24 }',
    'columns:',
    '  企业名称: { name: entity_name }',
    '  当事人类型: { name: party_type }',
    columns,
    'output: { folder: out }',
    '',
  ].join('\n');
}

function issuesOf(text: string): SpecError['issues'] {
  try {
    parseSpecText(text, 'reps.yaml');
  } catch (err) {
    if (err instanceof SpecError) return err.issues;
    throw err;
  }
  return [];
}

const CODE = 'privacy/allow-personal-without-reason';

describe('allow: of a personal type on a column published as it is needs public.reason', () => {
  it('is refused without a reason: the issue names the column, its allow line and what to do', () => {
    const issues = issuesOf(specText('  法定代表人: { name: legal_representative, allow: [person_name] }'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: CODE, path: 'columns.法定代表人.allow', line: 7, params: { types: 'person_name' } });
    expect(issues[0]!.message).toContain('"法定代表人"');
    expect(issues[0]!.hint).toMatch(/public: \{ reason/);
    expect(issues[0]!.hint).toMatch(/mask/);
  });

  it('the error of loadSpec names the spec file and the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-allow-'));
    const file = join(dir, 'reps.yaml');
    await writeFile(file, specText('  法定代表人:\n    name: legal_representative\n    allow: [cn_mobile, person_name]'));
    const err = await loadSpec(file).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(SpecError);
    const e = err as SpecError;
    expect(e.message).toContain('line 9, columns.法定代表人.allow');
    expect(e.message).toContain('cn_mobile, person_name');
    expect(JSON.stringify(e.toJSON())).toContain(file);
    // A spec that publishes personal data without a reason is a security-review refusal (exit 3).
    expect(e.code).toBe('SECURITY_REVIEW');
  });

  it('the CLI refuses it, in English and in Chinese, naming the file, line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-allow-cli-'));
    const file = join(dir, 'reps.yaml');
    await writeFile(file, specText('  法定代表人: { name: legal_representative, allow: [person_name] }'));
    await writeFile(join(dir, 'reps.csv'), '企业名称,当事人类型,法定代表人\n滨州市某某有限公司,法人,张伟\n');
    const en = capture(dir, {});
    expect(await main(['run', file], en)).toBe(3);
    expect(en.err()).toContain(file);
    expect(en.err()).toContain('line 7, columns.法定代表人.allow');
    const zh = capture(dir, { LANG: 'zh_CN.UTF-8' });
    expect(await main(['run', file], zh)).toBe(3);
    expect(zh.err()).toContain('第 7 行，columns.法定代表人.allow');
    expect(zh.err()).toContain('会原样发布源数据中的个人信息');
    expect(zh.err()).toContain('public: { reason');
  });

  it('is accepted with public.reason', () => {
    expect(issuesOf(specText(`  法定代表人: { name: legal_representative, allow: [person_name], public: { reason: ${REASON} } }`))).toEqual([]);
  });

  it('tidy rules and suppress-rows do not change the values: a reason is still needed', () => {
    for (const rule of ['{ type: trim }', '[{ type: fullwidth }, { type: upper }]', '{ type: suppress-rows, where: { column: 当事人类型, equals: 自然人 } }']) {
      const issues = issuesOf(specText(`  法定代表人: { name: legal_representative, allow: [person_name], rule: ${rule} }`));
      expect(issues.map((i) => i.code), rule).toEqual([CODE]);
    }
  });

  it('a redact that does not look for the allowed type leaves it as it is: a reason is needed', () => {
    expect(issuesOf(specText('  备注: { name: remark, allow: [person_name], rule: { type: redact, types: [cn_id] } }')).map((i) => i.code)).toEqual([CODE]);
    expect(issuesOf(specText('  备注: { name: remark, allow: [person_name], rule: { type: redact } }'))).toEqual([]);
  });

  it('a column whose rule masks, synthesizes or pseudonymizes needs no reason (under when: too)', () => {
    for (const rule of [
      '{ type: synthesize, kind: name, key: { env: K } }',
      '{ type: mask, preset: cn.name, when: { column: 当事人类型, equals: 自然人 } }',
      '{ type: pseudonymize, key: { env: K } }',
    ]) expect(issuesOf(specText(`  法定代表人: { name: legal_representative, allow: [person_name], rule: ${rule} }`)), rule).toEqual([]);
  });

  it('a legal-person type (cn_uscc) and a dropped column need none', () => {
    expect(issuesOf(specText('  统一社会信用代码: { name: uscc, allow: [cn_uscc] }'))).toEqual([]);
    expect(issuesOf(specText('  法定代表人: { drop: true, allow: [person_name] }'))).toEqual([]);
  });

  it('the bundled specs load, and the enterprise register cites the law for its representatives and addresses', async () => {
    for (const f of ['penalties', 'enterprises', 'employment']) await expect(loadSpec(resolve(`fixtures/specs/${f}.yaml`))).resolves.toBeTruthy();
    const { spec } = await loadSpec(ENTERPRISES);
    expect(spec.columns['法定代表人']!.public?.reason).toMatch(/市场主体登记管理条例/);
    expect(spec.columns['住所']!.public?.reason).toMatch(/市场主体登记管理条例/);
  });

  it('the reason is published with the field in datapackage.json (gov:publicReason, gov:allow)', async () => {
    // A small register of its own (not the bundled sample: this test is about the package, not the detectors).
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-allow-run-'));
    const { world } = worldFor(7, 901);
    const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
    const rows = Array.from({ length: 30 }, (_, i) => [world.company('1').uscc, `滨州市第${NUMBERS[i % 10]}${['机械制造', '建材', '物流'][Math.floor(i / 10)]}有限公司`, world.person([1960, 1, 1], [1990, 12, 31]).name]);
    await writeFile(join(dir, 'reps.csv'), ['统一社会信用代码,企业名称,法定代表人', ...rows.map((r) => r.join(','))].join('\n') + '\n');
    await writeFile(join(dir, 'reps.yaml'), [
      'dataset:',
      '  id: reps',
      '  title: 市场主体法定代表人名录',
      '  description: 依法公示的市场主体登记信息。',
      '  publisher: { name: 滨州市市场监督管理局, uscc: 11371600004301234X }',
      '  contact: { phone: 0543-3160000, email: data@test.gov.cn }',
      '  domain: 市场监管',
      '  updateFrequency: monthly',
      '  keywords: [市场主体]',
      'openAttribute: unconditional',
      'source: { path: reps.csv, acquiredAt: 2026-11-24 }',
      'columns:',
      '  统一社会信用代码:',
      '    name: uscc',
      '    description: 统一社会信用代码',
      '    allow: [cn_uscc]',
      '    constraints: { unique: true }',
      '    public: { reason: 统一社会信用代码是依法公示的市场主体登记信息（《企业信息公示暂行条例》第六条） }',
      '  企业名称: { name: entity_name, description: 市场主体名称 }',
      `  法定代表人: { name: legal_representative, description: 法定代表人, allow: [person_name], public: { reason: ${REASON} } }`,
      'output: { folder: out }',
      '',
    ].join('\n'));
    const c = capture(dir, {});
    const code = await main(['run', join(dir, 'reps.yaml'), '--json'], c);
    expect(code, c.err()).toBe(0);
    const pkg = JSON.parse(c.out()).packageDir as string;
    const dp = JSON.parse(await readFile(join(pkg, 'datapackage.json'), 'utf8')) as { resources: Array<{ schema: { fields: Array<Record<string, unknown>> } }> };
    const rep = dp.resources[0]!.schema.fields.find((f) => f.name === 'legal_representative')!;
    expect(rep['gov:allow']).toEqual(['person_name']);
    expect(rep['gov:publicReason']).toBe(REASON);
  });
});
