/**
 * An unquoted 18-digit ID in `in:` is read by YAML as a double (370104198711284603 becomes …600);
 * the condition then matched nothing and the row it was written to withhold was published, exit 0.
 * Such numbers (and leading zeros) are refused, naming the line and path, never the value.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpecText, SpecError } from '@tuomin/publish';

const base = readFileSync(join(import.meta.dirname, '../../../fixtures/specs/penalties.yaml'), 'utf8');
const withCondition = (values: string): string =>
  base.replace(/当事人类型: \{ name: party_type,/, `当事人类型: { name: party_type, rule: { type: suppress-rows, where: { column: 证件号码, in: [${values}] } },`);

function issuesOf(text: string): { path: string; message: string; line?: number }[] {
  try {
    parseSpecText(text, 'spec.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as SpecError).issues;
  }
  return [];
}

describe('numbers YAML cannot keep as written', () => {
  it('an unquoted 18-digit ID in in: is refused with its line and path, not its value', () => {
    const text = withCondition('370104198711284603');
    expect(text).toContain('in: [370104198711284603]');
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'columns.当事人类型.rule.where.in.0', line: expect.any(Number) });
    expect(JSON.stringify(issues)).not.toMatch(/3701041987|28460/);
  });

  it('a leading zero is refused too; quoted values and ordinary numbers load', () => {
    expect(issuesOf(withCondition('05433160000'))[0]?.message).toContain('leading zero');
    expect(issuesOf(withCondition("'370104198711284603', 13812345678"))).toEqual([]);
    expect(issuesOf(base)).toEqual([]);
  });
});
