import { describe, expect, it } from 'vitest';
import { Field, Schema, Utf8 } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { parseSpecText, planColumns } from '../src/index.js';

/**
 * "The spec does not match the source header" names columns; a header that is itself an
 * identifier (an ID number pasted as a header) is named by its number, never echoed.
 */
const ID = '37010219871210507X';
const MOBILE = '13812345678';
const spec = (columns: string, extra = '') => parseSpecText(`dataset: { id: d }
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out }
openAttribute: unconditional
${extra}columns:
${columns}
`, 'spec.yaml');
const ctx = { resolveKey: () => new Uint8Array(16), scope: { dataset: 'd', release: '1.0.0' }, seed: 1 } as never;

async function planError(columns: string, header: string[], extra = ''): Promise<TuominError> {
  const schema = new Schema(header.map((n) => new Field(n, new Utf8(), true)));
  const err = await planColumns(spec(columns, extra), schema, ctx, 'spec.yaml').then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(TuominError);
  return err as TuominError;
}

describe('the header mismatch error never echoes a header that holds personal data', () => {
  it('unlisted source columns and the hint name such a header by its number', async () => {
    const err = await planError('  姓名: { drop: true }', ['姓名', ID, '备注', MOBILE], 'unlistedColumns: error\n');
    const text = `${err.message}\n${err.hint ?? ''}`;
    expect(text).not.toContain(ID);
    expect(text).not.toContain(MOBILE);
    expect(err.message).toContain('not described in the spec: column #2, 备注, column #4');
    expect(err.hint).toBe('source columns: 姓名, column #2, 备注, column #4');
  });
  it('a "did you mean" guess and a spec key that hold personal data are named by their numbers', async () => {
    // Another valid ID, two digits away from the header's: the spec key is a typo of it.
    const typo = '370102198712105088';
    const err = await planError(`  "${typo}": { drop: true }\n  性别: {}`, ['性别', ID]);
    const text = `${err.message}\n${err.hint ?? ''}`;
    expect(text).not.toContain(typo);
    expect(text).not.toContain(ID);
    expect(err.message).toContain('columns (spec column #1): no such column in the source; did you mean column #2?');
  });
  it('ordinary names are still shown as they are', async () => {
    const err = await planError('  性别x: {}', ['性别', '年龄']);
    expect(err.message).toContain('columns.性别x: no such column in the source; did you mean "性别"?');
    expect(err.hint).toBe('source columns: 性别, 年龄');
  });
});
