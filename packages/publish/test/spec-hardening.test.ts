import { describe, expect, it } from 'vitest';
import { Field, Schema, Utf8 } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { parseSpecText, planColumns, SpecError } from '../src/index.js';

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
output:
  folder: out
columns:
  当事人名称: { name: party_name }
`;

function specError(text: string): SpecError {
  try {
    parseSpecText(text, 'spec.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    expect((e as SpecError).code).toBe('BAD_SPEC');
    return e as SpecError;
  }
  throw new Error('expected the spec to be rejected');
}

describe('hostile YAML', () => {
  it('an alias bomb is a bad spec (exit 1), not a raw ReferenceError', () => {
    const names = 'abcdefghij';
    const lines = [`${names[0]}: &${names[0]} [x, x, x, x, x, x, x, x, x]`];
    for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
    const err = specError(base + lines.join('\n') + '\n');
    expect(err.message).toContain('aliases expand to too many nodes');
  });
  it('deep flow nesting is a bad spec with our words, not "Maximum call stack size exceeded"', () => {
    const err = specError(base + 'x: ' + '['.repeat(20_000) + ']'.repeat(20_000) + '\n');
    expect(err.message).toContain('nested deeper than 64 levels');
    expect(err.message).not.toContain('call stack');
  });
  it('deep block nesting too', () => {
    const deep = Array.from({ length: 200 }, (_, i) => ' '.repeat(i + 2) + `k${i}:`).join('\n') + ' 1\n';
    const err = specError(base + deep);
    expect(err.message).toContain('nested deeper than 64 levels');
  });
});

describe('keys JavaScript treats specially', () => {
  it('__proto__ under columns is refused, not ignored', () => {
    const err = specError(base + '  __proto__: { drop: true }\n');
    expect(err.issues[0]).toMatchObject({ code: 'spec/reserved-key', path: 'columns.__proto__' });
    expect(err.issues[0]!.line).toBeGreaterThan(1);
  });
  it('__proto__ inside a rule or a column is refused', () => {
    expect(specError(base + '  x:\n    rule: { type: mask, preset: cn.name, __proto__: { keep: 1 } }\n').issues[0]!.path).toBe('columns.x.rule.__proto__');
    expect(specError(base + '  x:\n    __proto__: { sensitivity: L4 }\n').issues[0]!.path).toBe('columns.x.__proto__');
  });
  it('source columns named constructor and toString are undescribed unless the spec names them', async () => {
    const spec = parseSpecText(base);
    const schema = new Schema(['当事人名称', 'constructor', 'toString', '__proto__'].map((n) => new Field(n, new Utf8(), true)));
    const ctx = { resolveKey: () => new Uint8Array(16), scope: { dataset: 'd', release: '1.0.0' }, seed: 1 } as never;
    const err = await planColumns(spec, schema, ctx, 'spec.yaml').then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect((err as Error).message).toContain('not described in the spec: constructor, toString, __proto__');
  });
  it('columns named constructor and toString can be described and planned', async () => {
    const spec = parseSpecText(base + '  constructor: { name: c }\n  toString: { drop: true }\n');
    const schema = new Schema(['当事人名称', 'constructor', 'toString'].map((n) => new Field(n, new Utf8(), true)));
    const ctx = { resolveKey: () => new Uint8Array(16), scope: { dataset: 'd', release: '1.0.0' }, seed: 1 } as never;
    const plan = await planColumns(spec, schema, ctx, 'spec.yaml');
    expect(plan.columns.map((c) => c.output)).toEqual(['party_name', 'c']);
    expect(plan.droppedColumns).toEqual(['toString']);
  });
});

describe('suppress-rows after a rule that replaced the values it tests', () => {
  it('is a spec error naming the rule and the fix (same column)', () => {
    const err = specError(base + '  类型:\n    rule:\n      - { type: mask, preset: cn.name }\n      - { type: suppress-rows, where: { column: 类型, equals: 警告 } }\n');
    expect(err.issues[0]).toMatchObject({ code: 'spec/suppress-after-change', path: 'columns.类型.rule.1.where' });
    expect(err.issues[0]!.message).toContain('after its mask rule');
  });
  it('is a spec error when a later column tests an earlier masked one', () => {
    const err = specError(base + '  类型: { rule: { type: pseudonymize } }\n  金额:\n    rule: { type: suppress-rows, where: { any: [{ column: 金额, gt: 5 }, { not: { column: 类型, equals: 警告 } }] } }\n');
    expect(err.issues.map((i) => i.code)).toContain('spec/suppress-after-change');
  });
  it('is accepted before the mask, and after normalizing rules', () => {
    expect(() => parseSpecText(base + '  类型:\n    rule:\n      - { type: trim }\n      - { type: suppress-rows, where: { column: 类型, equals: 警告 } }\n      - { type: mask, preset: cn.name }\n')).not.toThrow();
  });
});

describe('an empty source', () => {
  it('is named as empty, not as "no such column"', async () => {
    const spec = parseSpecText(base);
    const ctx = { resolveKey: () => new Uint8Array(16), scope: { dataset: 'd', release: '1.0.0' }, seed: 1 } as never;
    const err = await planColumns(spec, new Schema([]), ctx, 'spec.yaml').then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect((err as TuominError).code).toBe('BAD_INPUT');
    expect((err as Error).message).toContain('the file is empty');
    expect((err as Error).message).not.toContain('no such column');
    expect((err as TuominError).location.file).toBe('penalties.csv');
  });
});
