/**
 * A person's licence or qualification number repeated over the records they signed (a doctor's
 * over prescriptions, a driver's over trips) is drafted as a person key: dropped, never redacted as
 * text, however few persons there are (few distinct codes are few persons, not a category). The
 * generator writes other spellings than test/unseen-domains-11 (pinyin, camelCase, Han headers,
 * 12-18 character codes, 30 persons over 600 records); a thing's code of as few values stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileFile, type FileProfile } from '@tuomin/publish';
import { personKeyOf, stillCodes } from '../src/review/person-key.js';
import { mulberry32 } from '../../../fixtures/lib/rng.js';

const ROWS = 600;
const PERSONS = 30;

/** A seeded generator (mulberry32): runs are repeatable. */
const rng = mulberry32;
const digits = (r: () => number, n: number): string => Array.from({ length: n }, () => String(Math.floor(r() * 10))).join('');

// Header → a person's code of that scheme.
const PERSON_CODES: Array<[string, (r: () => number) => string]> = [
  ['doctor_license_no', (r) => `1103716${digits(r, 8)}`],
  ['DriverLicenceNo', (r) => `3716${digits(r, 14)}`],
  ['physician licence number', (r) => `P${digits(r, 11)}`],
  ['医师执业证书编号', (r) => `1103716${digits(r, 8)}`],
  ['从业资格证号', (r) => `ZG${digits(r, 12)}`],
  ['zgzh', (r) => `${digits(r, 12)}`],
];

let dir = '';
let profile: FileProfile;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-licence-'));
  const r = rng(12);
  const persons = Array.from({ length: PERSONS }, () => PERSON_CODES.map(([, gen]) => gen(r)));
  const products = Array.from({ length: PERSONS }, () => `69${digits(r, 11)}`);
  const rows = [[...PERSON_CODES.map(([h]) => h), 'product_code', 'qty'].join(',')];
  for (let i = 0; i < ROWS; i++) {
    const p = persons[Math.floor(r() * PERSONS)]!;
    rows.push([...p, products[Math.floor(r() * PERSONS)]!, String(1 + Math.floor(r() * 5))].join(','));
  }
  writeFileSync(join(dir, 'signed.csv'), `${rows.join('\n')}\n`);
  profile = await profileFile(join(dir, 'signed.csv'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const suggestion = (c: string) => profile.columns.find((x) => x.name === c)!.suggestion;

describe('a person\'s licence number, few persons over many records', () => {
  it.each(PERSON_CODES.map(([h]) => h))('%s: dropped as a person\'s codes, no redact', (h) => {
    const s = suggestion(h);
    expect(s.drop, s.note).toBe(true);
    expect(s.rule).toBeUndefined();
    expect(s.note).toMatch(/codes/);
  });
  it('a product\'s code of as few values is no person\'s: not dropped', () => {
    expect(suggestion('product_code').drop, suggestion('product_code').note).toBeUndefined();
  });
});

describe('the review asks the same question of a hand-written spec that keeps them', () => {
  const r = rng(7);
  const doctors = Array.from({ length: 40 }, () => `1103716${digits(r, 8)}`);
  const published = Array.from({ length: 1500 }, () => doctors[Math.floor(r() * 40)]!);
  it('40 doctors\' licence numbers over 1,500 records, unchanged: a person key by the header', () => {
    expect(personKeyOf(['doctor_license_no'], published)).toBe('header');
    expect(personKeyOf(['执业医师', '医师资格证书编号'], published)).toBe('header');
    expect(stillCodes(published, ['doctor_license_no'])).toBe(true);
  });
  it('as few codes under a thing\'s or a bare licence header are not judged by the header', () => {
    expect(personKeyOf(['product_code'], published)).toBeNull();
    expect(personKeyOf(['license_no'], published)).toBeNull();
  });
});
