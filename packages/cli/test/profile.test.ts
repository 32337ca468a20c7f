import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'yaml';
import { specSchema } from '@tuomin/publish';
import { main } from '../src/main.js';
import type { CliIO } from '../src/command.js';

function capture(cwd: string): CliIO & { out: () => string } {
  let out = '';
  return {
    stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
    stderr: new Writable({ write(_c, _e, cb) { cb(); } }),
    cwd,
    env: {},
    out: () => out,
  };
}

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function id(body17: string): string {
  const s = [...body17].reduce((a, c, i) => a + Number(c) * W[i]!, 0);
  return body17 + '10X98765432'[s % 11]!;
}

let dir = '';
const SURNAMES = '王李张刘陈杨黄赵吴周';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-profile-'));
  const rows = ['姓名,身份证号,手机,性别,出生日期,所在区县,备注,金额'];
  for (let i = 0; i < 200; i++) {
    const birth = `19${50 + (i % 40)}0${1 + (i % 9)}1${i % 10}`;
    const mobile = `139${String(10000000 + i * 7919).slice(0, 8)}`;
    const note = i % 20 === 0 ? `联系人电话${mobile}` : i % 7 === 0 ? '' : '正常';
    rows.push(`${SURNAMES[i % 10]}${'伟芳娜敏静'[i % 5]},${id(`370102${birth}${String(100 + i).slice(-3)}`)},${mobile},${i % 2 ? '男' : '女'},${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)},${['历下区', '市中区', '槐荫区'][i % 3]},${note},${(i * 13.5).toFixed(2)}`);
  }
  writeFileSync(join(dir, 'people.csv'), `${rows.join('\n')}\n`);
});

describe('tuomin profile', () => {
  it('--json: types, null rates, distinct counts, detector shares, suggestions, quasi-identifiers', async () => {
    const io = capture(dir);
    expect(await main(['profile', 'people.csv', '--json'], io)).toBe(0);
    const p = JSON.parse(io.out());
    expect(p.rows).toBe(200);
    const col = (n: string) => p.columns.find((c: { name: string }) => c.name === n);
    expect(col('身份证号').detectors[0]).toMatchObject({ type: 'cn_id', count: 200, share: 1, whole: 200 });
    // Direct identifiers are left out of a draft (a partial mask would keep them unique).
    expect(col('身份证号').suggestion).toMatchObject({ role: 'direct', sensitivity: 'L4', drop: true });
    expect(col('身份证号').suggestion.note).toContain('100.0 % valid IDs');
    expect(col('姓名').suggestion).toMatchObject({ role: 'direct', drop: true });
    expect(col('手机').suggestion).toMatchObject({ role: 'direct', drop: true });
    expect(col('备注').suggestion.rule).toEqual({ type: 'redact' });
    expect(col('性别')).toMatchObject({ distinct: 2, distinctExact: true, minLength: 1, maxLength: 1 });
    expect(col('出生日期').inferredType).toBe('date');
    expect(col('金额').inferredType).toBe('decimal');
    expect(col('身份证号')).toMatchObject({ minLength: 18, maxLength: 18, nullRate: 0 });
    expect(p.quasiIdentifiers).toEqual(['性别', '出生日期', '所在区县']);
    expect(io.out()).not.toMatch(/\d{17}[\dX]/); // no ID values printed
  });
  it('--sample limits the rows; text mode prints one line per column', async () => {
    const io = capture(dir);
    expect(await main(['profile', 'people.csv', '--sample', '50', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ rows: 50, sampled: true });
    const text = capture(dir);
    expect(await main(['profile', 'people.csv'], text)).toBe(0);
    expect(text.out()).toContain('身份证号  [L4]');
    expect(text.out()).toContain('likely quasi-identifiers: 性别, 出生日期, 所在区县');
  });
  it('--write-spec drafts a spec that the spec schema accepts, and never overwrites', async () => {
    const io = capture(dir);
    expect(await main(['profile', 'people.csv', '--write-spec', 'draft.yaml'], io)).toBe(0);
    const text = readFileSync(join(dir, 'draft.yaml'), 'utf8');
    expect(text).toContain('# 身份证号: drop (direct identifier: 100.0 % valid IDs)');
    const parsed = specSchema.safeParse(parse(text));
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    const spec = parse(text);
    expect(spec.source.path).toBe('people.csv');
    expect(spec.columns['身份证号']).toEqual({ sensitivity: 'L4', drop: true });
    expect(spec.privacy).toMatchObject({ quasiIdentifiers: ['性别', '出生日期', '所在区县'], k: 5, hierarchies: { 出生日期: { builtin: 'date' } } });
    // District names are no GB/T 2260 codes: value, then * (never a division rule that voids them).
    expect(spec.columns['所在区县'].rule).toBeUndefined();
    expect(await main(['profile', 'people.csv', '--write-spec', 'draft.yaml'], capture(dir))).toBe(1);
  });
  it('takes convert\'s CSV reader flags: --on-bad-row skip reads the messy sample, and the draft reads it the same way', async () => {
    const messy = join(import.meta.dirname, '../../../fixtures/samples/penalties-messy.csv');
    expect(await main(['profile', messy, '--json'], capture(dir))).toBe(1);
    const io = capture(dir);
    expect(await main(['profile', messy, '--on-bad-row', 'skip', '--json', '--write-spec', 'messy.yaml'], io)).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ badRows: 1, csv: { onBadRow: 'skip' } });
    expect(parse(readFileSync(join(dir, 'messy.yaml'), 'utf8')).source.csv).toEqual({ onBadRow: 'skip' });
    expect(await main(['profile', 'people.csv', '--delimiter', 'x'], capture(dir))).toBe(2);
    expect(await main(['profile', 'people.csv', '--on-bad-row', 'maybe'], capture(dir))).toBe(2);
  });
  it('usage errors exit 2, missing file 1', async () => {
    expect(await main(['profile'], capture(dir))).toBe(2);
    expect(await main(['profile', 'people.csv', '--sample', 'x'], capture(dir))).toBe(2);
    expect(await main(['profile', 'missing.csv'], capture(dir))).toBe(1);
  });
});
