/**
 * The fixtures must be trustworthy test data: deterministic, valid identifiers (checked here
 * with validators written from /work/shared/reference/cn-identifiers.md, not the generator's
 * own code), a faithful GBK copy, a documented ragged line, and samples that match the generator.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureFixture, largeFixturePath } from '../fixtures/lib/ensure.js';
import { orgCodeCheckChar, residentIdCheckChar, usccCheckChar } from '../fixtures/lib/ids.js';
import { type Manifest, sha256, writeSamples } from '../fixtures/lib/samples.js';
import { type FixtureKind, writeFixture } from '../fixtures/lib/write.js';

const SAMPLES = join(import.meta.dirname, '..', 'fixtures', 'samples');
const tmp = mkdtempSync(join(tmpdir(), 'tuomin-fixtures-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// ---- validators from the reference (§1, §2, §3, §4), independent of fixtures/lib/ids.ts ----
function validId18(s: string): boolean {
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  if (!validDate(s.slice(6, 14))) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * w[i]!;
  return '10X98765432'[sum % 11] === s[17];
}
function validId15(s: string): boolean {
  return /^[1-9]\d{14}$/.test(s) && validDate(`19${s.slice(6, 12)}`);
}
function validDate(ymd: string): boolean {
  const y = Number(ymd.slice(0, 4));
  const m = Number(ymd.slice(4, 6));
  const d = Number(ymd.slice(6, 8));
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d && y >= 1900 && y <= 2025;
}
const USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function validUscc(s: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC.indexOf(s[i]!) * (3 ** i % 31);
  const r = 31 - (sum % 31);
  if (USCC[r === 31 ? 0 : r] !== s[17]) return false;
  // embedded organization code (GB/T 11714)
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let t = 0;
  for (let i = 0; i < 8; i++) t += parseInt(s[8 + i]!, 36) * w[i]!;
  const c = 11 - (t % 11);
  return (c === 10 ? 'X' : c === 11 ? '0' : String(c)) === s[16];
}
const MOBILE = /^1(?:3\d|4[5-79]|5[0-35-9]|6[5-7]|7[0-8]|8\d|9[01256789])\d{8}$/;
const LANDLINE = /^(010|02\d|0[3-9]\d{2})-[2-9]\d{6,7}$/;

function parse(text: string, newline: '\n' | '\r\n' = '\n'): string[][] {
  const r = Papa.parse<string[]>(text, { newline, skipEmptyLines: true });
  return r.data;
}
function records(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = parse(readFileSync(join(SAMPLES, file), 'utf8'));
  return { header: header!, rows };
}
const col = (header: string[], name: string): number => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`no column ${name}`);
  return i;
};

describe('reference validators agree with the reference test vectors', () => {
  it('resident IDs and USCC', () => {
    expect(validId18('11010519491231002X')).toBe(true);
    expect(validId18('440524188001010014')).toBe(false); // valid checksum, but 1880 is outside the fixtures' range
    expect(validId18('110105194912310021')).toBe(false);
    expect(validUscc('91350100M000100Y43')).toBe(true);
    expect(validUscc('911100001000000000')).toBe(false);
    expect(validId15('130503670401001')).toBe(true);
  });
  it('the exported check functions give the same answers', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('91110108551385082')).toBe('Q');
    expect(usccCheckChar('91110000100000000')).toBe('R');
    expect(orgCodeCheckChar('M000100Y')).toBe('4');
  });
});

describe('determinism', () => {
  const gen = (kind: FixtureKind, seed: number, name: string, extra: { encoding?: 'gbk'; messy?: boolean } = {}) => {
    const p = join(tmp, name);
    writeFixture(kind, 300, p, { seed, ...extra });
    return sha256(p);
  };
  it.each(['penalties', 'enterprises', 'employment'] as const)('%s: same seed, same bytes; other seed, other bytes', (kind) => {
    const a = gen(kind, 7, `${kind}-a.csv`);
    expect(gen(kind, 7, `${kind}-b.csv`)).toBe(a);
    expect(gen(kind, 8, `${kind}-c.csv`)).not.toBe(a);
  });
  it('GBK and messy variants are deterministic too', () => {
    expect(gen('penalties', 7, 'g1.csv', { encoding: 'gbk' })).toBe(gen('penalties', 7, 'g2.csv', { encoding: 'gbk' }));
    expect(gen('penalties', 7, 'm1.csv', { messy: true })).toBe(gen('penalties', 7, 'm2.csv', { messy: true }));
  });
  it('a smaller file is a prefix of a larger one with the same seed', () => {
    writeFixture('penalties', 100, join(tmp, 'p100.csv'), { seed: 3 });
    writeFixture('penalties', 250, join(tmp, 'p250.csv'), { seed: 3 });
    const small = readFileSync(join(tmp, 'p100.csv'));
    const big = readFileSync(join(tmp, 'p250.csv'));
    expect(big.subarray(0, small.length).equals(small)).toBe(true);
    expect(big.length).toBeGreaterThan(small.length);
  });
  it('messy is refused for kinds other than penalties', () => {
    expect(() => writeFixture('employment', 10, join(tmp, 'x.csv'), { seed: 1, messy: true })).toThrow(/penalties only/);
  });
});

describe('committed samples', () => {
  const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as Manifest;

  it('equal a fresh generation, byte for byte (samples cannot drift from the generator)', () => {
    const dir = join(tmp, 'samples');
    writeSamples(dir, manifest.seed);
    const files = readdirSync(SAMPLES).sort();
    expect(readdirSync(dir).sort()).toEqual(files);
    for (const f of files) expect(sha256(join(dir, f)), f).toBe(sha256(join(SAMPLES, f)));
  });

  it('stay under 1 MB in all and match the manifest', () => {
    let total = 0;
    for (const f of readdirSync(SAMPLES)) total += statSync(join(SAMPLES, f)).size;
    expect(total).toBeLessThan(1_000_000);
    for (const f of manifest.files) {
      expect(sha256(join(SAMPLES, f.file))).toBe(f.sha256);
      expect(statSync(join(SAMPLES, f.file)).size).toBe(f.bytes);
    }
  });

  it('penalties: IDs and USCCs pass their checksums, phones are valid, ~10 % of reasons quote an ID or a mobile', () => {
    const { header, rows } = records('penalties.csv');
    expect(rows).toHaveLength(500);
    const [type, idNo, rep, phone, reason, amount, date] = ['当事人类型', '证件号码', '法定代表人', '联系电话', '处罚事由', '罚款金额', '决定日期'].map((n) => col(header, n));
    let legacy = 0;
    let embedded = 0;
    for (const r of rows) {
      expect(r).toHaveLength(14);
      if (r[type!] === '自然人') {
        expect(validId18(r[idNo!]!) || validId15(r[idNo!]!), r[idNo!]).toBe(true);
        if (r[idNo!]!.length === 15) legacy++;
        expect(r[rep!]).toBe('');
      } else {
        expect(r[type!]).toBe('法人');
        expect(validUscc(r[idNo!]!), r[idNo!]).toBe(true);
        expect(r[rep!]!.length).toBeGreaterThanOrEqual(2);
      }
      expect(MOBILE.test(r[phone!]!) || LANDLINE.test(r[phone!]!), r[phone!]).toBe(true);
      expect(r[amount!]).toMatch(/^\d+\.\d\d$/);
      expect(r[date!]).toMatch(/^20(19|2[0-5])-\d\d-\d\d$/);
      const ids = r[reason!]!.match(/\d{17}[\dX]/g) ?? [];
      const mobiles = r[reason!]!.match(/1\d{10}/g) ?? [];
      for (const id of ids) expect(validId18(id), id).toBe(true);
      if (ids.length || mobiles.some((m) => MOBILE.test(m))) embedded++;
    }
    expect(legacy).toBeGreaterThan(0);
    expect(embedded / rows.length).toBeGreaterThan(0.05);
    expect(embedded / rows.length).toBeLessThan(0.16);
  });

  it('enterprises: valid USCCs (incl. the embedded organization code), registered at a Binzhou division', () => {
    const { header, rows } = records('enterprises.csv');
    expect(rows).toHaveLength(400);
    const code = col(header, '统一社会信用代码');
    for (const r of rows) {
      expect(validUscc(r[code]!), r[code]).toBe(true);
      expect(r[code]!.slice(2, 4)).toBe('37');
    }
    expect(new Set(rows.map((r) => r[code])).size).toBe(rows.length);
  });

  it('employment: birth date and gender agree with the ID number', () => {
    const { header, rows } = records('employment.csv');
    expect(rows).toHaveLength(1000);
    const [id, birth, sex, reg, phone] = ['身份证号码', '出生日期', '性别', '登记日期', '联系电话'].map((n) => col(header, n));
    for (const r of rows) {
      const v = r[id!]!;
      expect(validId18(v), v).toBe(true);
      expect(r[birth!]).toBe(`${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`);
      expect(r[sex!]).toBe(Number(v[16]) % 2 === 1 ? '男' : '女');
      expect(r[reg!]! > r[birth!]!).toBe(true);
      expect(MOBILE.test(r[phone!]!)).toBe(true);
    }
    const names = rows.map((r) => r[0]!);
    expect(names.some((n) => n.includes('·')) || names.some((n) => /^(欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|夏侯|司徒|尉迟|公孙)/.test(n))).toBe(true);
  });

  it('the GBK variant decodes (GB18030 and GBK) to the UTF-8 sample', () => {
    const utf8 = readFileSync(join(SAMPLES, 'penalties.csv'), 'utf8');
    const gbk = readFileSync(join(SAMPLES, 'penalties-gbk.csv'));
    expect(gbk.equals(readFileSync(join(SAMPLES, 'penalties.csv')))).toBe(false);
    expect(iconv.decode(gbk, 'gb18030')).toBe(utf8);
    expect(iconv.decode(gbk, 'gbk')).toBe(utf8);
  });

  it('the messy variant has exactly one ragged row, where the manifest says', () => {
    const m = manifest.files.find((f) => f.file === 'penalties-messy.csv')!;
    const ragged = m.ragged!;
    const bytes = readFileSync(join(SAMPLES, m.file));
    const text = bytes.toString('utf8');
    const rows = parse(text, '\r\n');
    expect(rows).toHaveLength(m.rows + 1);
    const bad = rows.map((r, i) => [i, r.length] as const).filter(([, n]) => n !== 14);
    expect(bad).toEqual([[ragged.record, 15]]);
    // physical line number (header = line 1) and byte offset of that line
    const lines = text.split(/\r\n|\n|\r/);
    const line = lines[ragged.line - 1]!;
    expect(line.split(',')).toHaveLength(ragged.fields);
    expect(bytes.subarray(ragged.byteOffset, ragged.byteOffset + Buffer.byteLength(line)).toString('utf8')).toBe(line);
    expect(bytes[ragged.byteOffset - 1]).toBe(0x0a);
  });

  it('the messy variant has the documented kinds of mess', () => {
    const text = readFileSync(join(SAMPLES, 'penalties-messy.csv'), 'utf8');
    const rows = parse(text, '\r\n').slice(1);
    const dates = rows.map((r) => r[11]!);
    expect(dates.some((d) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{4}\/\d{1,2}\/\d{1,2}$/.test(d))).toBe(true);
    expect(dates.some((d) => /^\d{8}$/.test(d))).toBe(true);
    const cells = rows.flat();
    for (const tok of ['无', 'NULL', '-']) expect(cells).toContain(tok);
    expect(cells.some((c) => /[０-９]/.test(c))).toBe(true);
    expect(cells.some((c) => /\S[ \u3000]+$/.test(c))).toBe(true);
    expect(cells.some((c) => c.includes('\n') && c.includes(','))).toBe(true);
    expect(text.includes('\r\n')).toBe(true);
    expect(text.includes('""')).toBe(true);
  });
});

describe('ensureFixture', () => {
  it('names files by kind, rows, seed and variant and generates them only once', async () => {
    const p = await ensureFixture('employment', 40, { seed: 4242 });
    expect(p).toBe(largeFixturePath('employment', 40, { seed: 4242 }));
    expect(p).toMatch(/fixtures\/large\/employment-40-4242\.csv$/);
    const before = statSync(p).mtimeMs;
    expect(await ensureFixture('employment', 40, { seed: 4242 })).toBe(p);
    expect(statSync(p).mtimeMs).toBe(before);
    expect(readFileSync(p, 'utf8').trimEnd().split('\n')).toHaveLength(41);
    // a stale file (say, from an older generator) is noticed by its head and regenerated
    const fresh = readFileSync(p);
    writeFileSync(p, fresh.toString('utf8').replace('\n', '\n张三,'));
    expect(await ensureFixture('employment', 40, { seed: 4242 })).toBe(p);
    expect(readFileSync(p).equals(fresh)).toBe(true);
    const g = await ensureFixture('penalties', 40, { seed: 4242, encoding: 'gbk' });
    expect(g).toMatch(/penalties-40-4242-gbk\.csv$/);
    const g18030 = await ensureFixture('penalties', 40, { seed: 4242, encoding: 'GB18030' });
    expect(g18030).toMatch(/penalties-40-4242-gb18030\.csv$/);
    expect(readFileSync(g18030).equals(readFileSync(g))).toBe(true);
    await expect(ensureFixture('penalties', 40, { seed: 4242, encoding: 'latin1' as 'gbk' })).rejects.toThrow(/utf8, gbk or gb18030/);
    for (const f of [p, g, g18030]) rmSync(f);
  });
});
