/**
 * Spec errors name the path and line of a bad value, and quote the value only when it has the
 * short shape of a misspelt word: what was typed into a free field may be a phone, an ID or a key.
 */
import { describe, expect, it } from 'vitest';
import { parseSpecText, SpecError } from '../src/index.js';

const PHONE = '13800138000';
const ID = '37010219871210507X';
const KEY = 'q8ZrX2vL0pWm4TnY7bKc9dHf';

function spec(updateFrequency: string, extra = ''): string {
  return `
dataset:
  id: binzhou-penalties
  title: 滨州市行政处罚信息
  description: 行政处罚决定信息
  publisher: { name: 滨州市市场监督管理局, uscc: 11371600MB0000000X }
  contact: { phone: 0543-1234567, email: open@binzhou.gov.cn }
  domain: 行政处罚
  updateFrequency: ${updateFrequency}
openAttribute: unconditional
source:
  path: penalties.csv
  acquiredAt: 2026-11-20
output:
  folder: out
columns:
  当事人名称: { name: party_name }
${extra}`;
}

function errorText(text: string): string {
  try {
    parseSpecText(text, 'spec.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return `${(e as SpecError).message}\n${JSON.stringify((e as SpecError).toJSON())}`;
  }
  throw new Error('expected the spec to be rejected');
}

describe('spec errors never repeat a value that could be personal data or a key', () => {
  it('an unknown updateFrequency holding a phone is named by its path only', () => {
    const msg = errorText(spec(`call ${PHONE}`));
    expect(msg).toMatch(/line 9, dataset\.updateFrequency: unknown updateFrequency \(the value is not shown\)/);
    expect(msg).not.toContain(PHONE);
  });

  it('a misspelt word is still quoted, with the guess', () => {
    expect(errorText(spec('montly'))).toMatch(/dataset\.updateFrequency: unknown updateFrequency "montly"; did you mean "monthly"\?/);
  });

  it('an unknown rule type, an unknown key and a key name that are not a short word are not shown', () => {
    const msg = errorText(spec('monthly', [
      `  地址: { rule: { type: "${KEY}" } }`,
      `  电话: { rule: { type: pseudonymize, key: "张三${PHONE}" } }`,
    ].join('\n')));
    expect(msg).toMatch(/columns\.地址\.rule\.type: unknown rule type \(the value is not shown\)/);
    expect(msg).toMatch(/columns\.电话\.rule\.key: no key of the name written here under keys:/);
    const key = errorText(spec('monthly', `"李四 ${PHONE}": 1`));
    expect(key).toMatch(/\(root\): unknown key \(the key is not shown\)/);
    for (const m of [msg, key]) {
      expect(m).not.toContain(KEY);
      expect(m).not.toContain(PHONE);
    }
  });

  it('a column reference that holds an identifier is not repeated (lint)', () => {
    const msg = errorText(spec('monthly', `privacy:\n  quasiIdentifiers: ["备注${ID}"]\n  k: 5\n`));
    expect(msg).toMatch(/privacy\.quasiIdentifiers\.0: quasi-identifier \(the name is not shown\) is not a column of the spec/);
    expect(msg).not.toContain(ID);
    // An ordinary name is still quoted.
    expect(errorText(spec('monthly', 'privacy:\n  quasiIdentifiers: [区县]\n  k: 5\n'))).toMatch(/quasi-identifier "区县" is not a column of the spec/);
  });
});
