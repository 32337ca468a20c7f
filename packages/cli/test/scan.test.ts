import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main.js';
import { capture } from './capture.js';


const ID = '11010519491231002X';
const MOBILE = '13812345678';
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-scan-'));
  const rows = ['案件编号,当事人,处罚事由'];
  for (let i = 1; i <= 120; i++) {
    const reason = i === 3 ? `当事人身份证号${ID}，未取得许可经营` : i % 10 === 0 ? `联系电话${MOBILE}` : '未取得许可经营';
    rows.push(`A-${i},某某公司,${reason}`);
  }
  writeFileSync(join(dir, 'dirty.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'company.csv'), '名称,信用代码\n某某公司,91350100M000100Y43\n');
  writeFileSync(join(dir, 'clean.csv'), '编号,名称,金额\n1,滨州市某某公司,100\n2,济南市某某公司,200\n');
});

describe('tuomin scan', () => {
  it('--json prints one object with findings, exit 3, values never printed', async () => {
    const io = capture(dir);
    const code = await main(['scan', 'dirty.csv', '--json'], io);
    expect(code).toBe(3);
    const r = JSON.parse(io.out());
    expect(r.clean).toBe(false);
    expect(r.rows).toBe(120);
    const brief = r.findings.map((f: { column: string; type: string; count: number; rows: number[] }) => [f.column, f.type, f.count, f.rows]);
    expect(brief).toEqual([
      ['处罚事由', 'cn_id', 1, [3]],
      ['处罚事由', 'cn_mobile', 12, [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]],
    ]);
    expect(io.out()).not.toContain(ID);
    expect(io.out()).not.toContain(MOBILE);
  });
  it('text mode prints a table without values; --types filters', async () => {
    const io = capture(dir);
    expect(await main(['scan', 'dirty.csv'], io)).toBe(3);
    expect(io.out()).toContain('cn_mobile');
    expect(io.out()).not.toContain(MOBILE);
    const only = capture(dir);
    expect(await main(['scan', 'dirty.csv', '--json', '--types', 'cn_id'], only)).toBe(3);
    expect(JSON.parse(only.out()).findings.map((f: { type: string }) => f.type)).toEqual(['cn_id']);
  });
  it('clean file exits 0; a USCC is business information, reported only with --all-types', async () => {
    const io = capture(dir);
    expect(await main(['scan', 'clean.csv', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ ok: true, clean: true, rows: 2, findings: [] });
    expect(await main(['scan', 'company.csv', '--json'], capture(dir))).toBe(0);
    const all = capture(dir);
    expect(await main(['scan', 'company.csv', '--json', '--all-types'], all)).toBe(3);
    expect(JSON.parse(all.out()).findings).toEqual([{ column: '信用代码', type: 'cn_uscc', count: 1, rows: [1], confidence: 0.98, personal: false }]);
  });
  it('missing file exits 1, bad usage exits 2', async () => {
    expect(await main(['scan', 'nope.csv'], capture(dir))).toBe(1);
    expect(await main(['scan'], capture(dir))).toBe(2);
    expect(await main(['scan', 'dirty.csv', '--types', 'nonsense'], capture(dir))).toBe(2);
  });
});
