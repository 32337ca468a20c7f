/**
 * A user fixing a draft should not have to open the schema: a catalog field written as a single
 * text where the spec wants a mapping says which keys it takes, 更新频率 written in Chinese (每月) is
 * answered with the word the spec takes, and a missing required catalog field says what to write.
 * Found by the lead filling a draft for a water-billing extract as a user would (publisher: 某局,
 * updateFrequency: 每月 → "expected object, received string", "unknown updateFrequency").
 */
import { describe, expect, it } from 'vitest';
import { normativeReview, parseSpecText, SpecError } from '../src/index.js';
import type { SpecIssue } from '../src/spec/load.js';

function spec(dataset: string): string {
  return `
dataset:
  id: water-bills
  title: 居民用水缴费记录
  description: 居民用水缴费，已脱敏
${dataset}
openAttribute: unconditional
source:
  path: water.csv
  acquiredAt: 2026-11-20
output:
  folder: out
columns:
  ysl: { description: 用水量 }
`;
}

function issues(text: string): SpecIssue[] {
  try {
    parseSpecText(text, 'spec.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as SpecError).issues;
  }
  throw new Error('expected the spec to be rejected');
}

describe('what to write, in the error', () => {
  it('a mapping written as a text names the keys it takes, with the line', () => {
    const found = issues(spec('  publisher: 滨州市水务局\n  contact: water@example.gov.cn'));
    const pub = found.find((i) => i.path === 'dataset.publisher')!;
    expect(pub.message).toBe('publisher is a mapping of name, uscc, uri, not a single text');
    expect(pub.hint).toBe('write publisher: { name: …, uscc: …, uri: … }');
    expect(pub.line).toBe(6);
    expect(pub.params).toMatchObject({ kind: 'expected-mapping', name: 'publisher', keys: 'name, uscc, uri' });
    const contact = found.find((i) => i.path === 'dataset.contact')!;
    expect(contact.message).toContain('mapping of phone, email');
    // The text typed (an agency's name, an address) is not repeated.
    expect(JSON.stringify(found)).not.toContain('水务局');
    expect(JSON.stringify(found)).not.toContain('water@');
  });

  it.each([['每月', 'monthly'], ['每季度', 'quarterly'], [' 不定期 ', 'irregular'], ['实时', 'realtime']])('updateFrequency %s: did you mean "%s"?', (zh, en) => {
    const [i] = issues(spec(`  updateFrequency: "${zh}"`));
    expect(i!.path).toBe('dataset.updateFrequency');
    expect(i!.message).toContain(`did you mean "${en}"?`);
    expect(i!.params).toMatchObject({ kind: 'unknown-value', guess: en });
  });

  it('a Chinese word that is no frequency gets no guess, and is not quoted', () => {
    const [i] = issues(spec('  updateFrequency: 王小明'));
    expect(i!.message).not.toContain('did you mean');
    expect(JSON.stringify(i)).not.toContain('王小明');
  });

  it('an Object.prototype name is no frequency (the alias table is a Map)', () => {
    const [i] = issues(spec('  updateFrequency: constructor'));
    expect(i!.message).not.toContain('did you mean "constructor');
    expect(i!.params?.guess).not.toBe('function');
  });

  it('a missing required catalog field says what to write under dataset:', () => {
    const s = parseSpecText(spec(''), 'spec.yaml');
    const r = normativeReview(s, [], { rows: 10, sourceRows: 10 });
    const byPath = new Map(r.reasons.filter((x) => x.code === 'gov/required-field-missing').map((x) => [x.path, x]));
    expect([...byPath.keys()].sort()).toEqual(['dataset.contact', 'dataset.domain', 'dataset.publisher', 'dataset.updateFrequency']);
    expect(byPath.get('dataset.publisher')!.message).toContain('write publisher: { name: <部门名称>, uscc: <18-character 统一社会信用代码> }');
    expect(byPath.get('dataset.updateFrequency')!.message).toContain('one of realtime, daily, weekly, monthly');
    expect(byPath.get('dataset.domain')!.message).toContain('市场监管');
    expect(byPath.get('dataset.contact')!.params).toEqual({ example: 'contact: { phone: <部门电话>, email: <部门邮箱> }' });
  });
});

describe('what to write, in the draft', () => {
  it('the draft carries the four required catalog fields commented, in the shape the spec takes; filled in, the spec loads and they pass', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { draftSpec, profileFile } = await import('../src/index.js');
    const dir = mkdtempSync(join(tmpdir(), 'tuomin-draft-fields-'));
    try {
      const csv = join(dir, 'meters.csv');
      writeFileSync(csv, 'meter_no,reading\n' + Array.from({ length: 40 }, (_, i) => `M${1000 + i},${i * 3}`).join('\n') + '\n');
      const text = draftSpec(await profileFile(csv), join(dir, 'meters.yaml'));
      const lines = text.split('\n');
      for (const key of ['publisher', 'contact', 'domain', 'updateFrequency']) expect(lines.some((l) => l.startsWith(`  # ${key}: `)), key).toBe(true);
      // Uncommented and filled in as the comment shows, the fields pass the normative review.
      const filled = text
        .replace('  # publisher: { name: 部门名称, uscc: 18 位统一社会信用代码 }', '  publisher: { name: 滨州市水务局, uscc: 11371600MB28537290 }')
        .replace('  # contact: { phone: 部门电话, email: 部门邮箱 }', '  contact: { phone: 0543-3161234, email: open@example.gov.cn }')
        .replace(/ {2}# domain: one of .*/, '  domain: 其他')
        .replace(/ {2}# updateFrequency: one of .*/, '  updateFrequency: monthly');
      const s = parseSpecText(filled, 'meters.yaml');
      const r = normativeReview(s, [], { rows: 40, sourceRows: 40 });
      expect(r.reasons.filter((x) => x.code === 'gov/required-field-missing')).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
