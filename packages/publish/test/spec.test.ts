import { describe, expect, it } from 'vitest';
import { parseSpecText, SpecError } from '../src/index.js';

const base = `
dataset:
  id: binzhou-penalties
  title: 滨州市行政处罚信息
  description: 行政处罚决定信息
  publisher: { name: 滨州市市场监督管理局, uscc: 11371600MB0000000X }
  contact: { phone: 0543-1234567, email: open@binzhou.gov.cn }
  domain: 行政处罚
  updateFrequency: monthly
openAttribute: unconditional
source:
  path: penalties.csv
  acquiredAt: 2026-11-20
columns:
  当事人名称: { name: party_name }
output:
  folder: out
`;

function issuesOf(text: string) {
  try {
    parseSpecText(text, 'spec.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).issues;
  }
  throw new Error('expected the spec to be rejected');
}

describe('dataset spec', () => {
  it('accepts a minimal valid spec and fills defaults', () => {
    const s = parseSpecText(base);
    expect(s.output.formats).toEqual(['csv']);
    expect(s.columns['当事人名称']!.type).toBe('string');
    expect(s.unlistedColumns).toBe('error');
  });

  it('names the path and line of a misspelt key, with a suggestion', () => {
    const issues = issuesOf(base.replace('openAttribute: unconditional', 'openAttribute: unconditional\nacquiredAt: x').replace('  acquiredAt: 2026-11-20', '  acquiredAt: 2026-11-20\n  sytem: foo'));
    const bad = issues.find((i) => i.path === 'source')!;
    expect(bad.message).toContain('"sytem"');
    expect(bad.hint).toContain('"system"');
    expect(bad.line).toBeGreaterThan(10);
  });

  it('rejects an unknown enum value with did-you-mean', () => {
    const issues = issuesOf(base.replace('monthly', 'montly'));
    expect(issues[0]!.path).toBe('dataset.updateFrequency');
    expect(issues[0]!.message).toContain('did you mean "monthly"');
  });

  it('not-open needs a legal basis; conditional needs conditions', () => {
    expect(issuesOf(base.replace('unconditional', 'not-open')).map((i) => i.code)).toContain('gov/legal-basis-missing');
    expect(issuesOf(base.replace('unconditional', 'conditional')).map((i) => i.code)).toContain('gov/conditions-missing');
  });

  it('rejects a condition that restricts applicants by region or size', () => {
    const text = base.replace('openAttribute: unconditional', 'openAttribute: conditional\nconditions:\n  - { kind: other, text: 仅限本市注册资本1000万元以上企业申请 }');
    const issues = issuesOf(text);
    expect(issues.map((i) => i.code)).toContain('gov/conditions-discriminatory');
    expect(issues.find((i) => i.code === 'gov/conditions-discriminatory')!.path).toBe('conditions.0.text');
  });

  it('a sensitive column without a rule is an error', () => {
    const issues = issuesOf(base.replace('当事人名称: { name: party_name }', '当事人名称: { name: party_name, sensitivity: L4 }'));
    expect(issues[0]!.code).toBe('privacy/unmasked-sensitive-field');
  });

  it('unknown rule type suggests the closest', () => {
    const issues = issuesOf(base.replace('当事人名称: { name: party_name }', '当事人名称: { name: party_name, rule: { type: nope } }'));
    expect(issues[0]!.code).toBe('spec/unknown-rule');
    expect(issues[0]!.path).toBe('columns.当事人名称.rule.type');
  });

  it('YAML syntax errors carry a line', () => {
    const issues = issuesOf('dataset: [\n');
    expect(issues[0]!.code).toBe('spec/syntax');
    expect(issues[0]!.line).toBeGreaterThan(0);
  });
});
