import { describe, expect, it } from 'vitest';
import { Type, tableFromArrays } from 'apache-arrow';
import { parseSpecText } from '../src/index.js';
import { publishedColumns, personEvidence } from '../src/review/published-columns.js';
import { collectPublishedRisk, judgePublishedRisk, requiredK } from '../src/review/published-risk.js';
import { isMeasure } from '../src/review/published-measure.js';

/** What each published column reveals to an attacker, decided from the spec, the header and the values. */

const HEAD = `dataset: { id: roles }
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out }
keys: { default: { env: TUOMIN_KEY } }
`;

function spec(open: string, columns: string, extra = '') {
  return parseSpecText(`${HEAD}openAttribute: ${open}\ncolumns:\n${columns}\n${extra}`, 'roles.yaml');
}

const N = 400;
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰'];

/** Output-shaped columns (what the rules would have written), 400 rows. */
function table() {
  const i = Array.from({ length: N }, (_, k) => k);
  return tableFromArrays({
    phone_masked: i.map((k) => `13${k % 10}****${String(1000 + k * 7).slice(-4)}`),
    id_pseudonym: i.map((k) => `3716${String(20 + (k % 3)).padStart(2, '0')}${String(19800101 + k).padStart(8, '0')}${String(k).padStart(4, '0')}`),
    phone_key: i.map((k) => `T${(k * 7919).toString(36)}`),
    hashed: i.map((k) => (k * 104729).toString(16)),
    doctor: i.map((k) => `${SURNAMES[k % SURNAMES.length]}${GIVEN[(k * 7) % GIVEN.length]}${GIVEN[(k * 3) % GIVEN.length]}`),
    visit: i.map((k) => `2024-${String(1 + (k % 12)).padStart(2, '0')}-${String(1 + (k % 28)).padStart(2, '0')}`),
    ward: i.map((k) => `病区${k % 4}`),
    amount: i.map((k) => `${(k * 13.7).toFixed(2)}`),
  });
}

const COLUMNS = `  phone_masked: { rule: { type: mask, preset: cn.mobile } }
  id_pseudonym: { rule: { type: fpe, format: cn.id, keepRegion: county } }
  phone_key: { rule: { type: pseudonymize, method: aes-cmac } }
  hashed: { rule: { type: pseudonymize, method: xxh64 } }
  doctor: { description: 主治 }
  visit: {}
  ward: {}
  amount: {}`;

describe('published columns: what an attacker can know', () => {
  it('masks and unkeyed hashes count; keyed pseudonyms do not; a region-keeping pseudonym counts by its prefix; names and dates by their values', () => {
    const t = table();
    const roles = Object.fromEntries(publishedColumns(spec('unconditional', COLUMNS), t.schema, t.batches).map((c) => [c.column, c]));
    expect(roles.phone_masked!.role).toBe('known');
    expect(roles.phone_masked!.why).toContain('partial mask cn.mobile');
    expect(roles.id_pseudonym).toMatchObject({ role: 'known', prefix: 6 });
    expect(roles.phone_key!.role).toBe('unlinkable');
    expect(roles.hashed!.role).toBe('known');
    expect(roles.doctor).toMatchObject({ role: 'known', personal: true });
    expect(roles.visit!.role).toBe('known');
    // Beside the doctor who treated them, the ward (病区0) is where a patient lay: a visitor knows it (core quasi-header.ts).
    expect(roles.ward!.role).toBe('known');
    expect(roles.amount!.role).toBe('measure'); // near-unique with cents, yet no one's identifier
  });

  it('a rule under when: leaves the other rows as they were: it never makes a column unlinkable', () => {
    const t = table();
    const s = spec('unconditional', COLUMNS.replace('phone_key: { rule: { type: pseudonymize, method: aes-cmac } }', 'phone_key: { rule: { type: pseudonymize, method: aes-cmac, when: { column: ward, equals: 病区1 } } }'));
    const roles = publishedColumns(s, t.schema, t.batches);
    expect(roles.find((c) => c.column === 'phone_key')!.role).not.toBe('unlinkable');
  });

  it('k defaults to 5 unconditional and 3 conditional; the spec\'s privacy.k wins', () => {
    expect(requiredK(spec('unconditional', COLUMNS))).toBe(5);
    expect(requiredK(spec('conditional', COLUMNS, 'conditions: [{ kind: usage-scenario, text: 仅用于统计研究 }]'))).toBe(3);
    expect(requiredK(spec('unconditional', '  visit: {}\n  ward: {}', 'privacy: { quasiIdentifiers: [visit], k: 11 }'))).toBe(11);
  });

  it('the 3+4 phone mask singles out records: an error naming the column; the region-keeping pseudonym is judged by its 6-character prefix', async () => {
    const t = table();
    const s = spec('unconditional', COLUMNS);
    const stats = await collectPublishedRisk(s, t.schema, (async function* () { yield* t.batches; })());
    const { reasons, figures } = judgePublishedRisk(s, stats);
    const phone = reasons.find((r) => r.column === 'phone_masked')!;
    expect(phone).toMatchObject({ code: 'privacy/near-unique-column', severity: 'error', path: 'columns.phone_masked' });
    // Three county prefixes over 400 rows: classes of 133 or 134, never near-unique.
    const id = figures.columns.find((c) => c.column === 'id_pseudonym')!;
    expect(id.distinct).toBe(3);
    expect(reasons.some((r) => r.column === 'id_pseudonym')).toBe(false);
    expect(figures.kReached).toBe(1);
  });

  it('a class table past its memory limit spills and is reduced by bucket: the same figures and reasons', async () => {
    const t = table();
    const s = spec('unconditional', COLUMNS);
    const collect = (spill?: { maxInMemory: number; buckets: number }) => collectPublishedRisk(s, t.schema, (async function* () { yield* t.batches; })(), spill ? { spill } : {});
    const inMemory = judgePublishedRisk(s, await collect());
    const spilled = judgePublishedRisk(s, await collect({ maxInMemory: 50, buckets: 3 }));
    expect(spilled).toEqual(inMemory);
    expect(spilled.figures.kReached).toBe(1);
    expect(spilled.reasons.find((r) => r.column === 'phone_masked')!.code).toBe('privacy/near-unique-column');
    expect(spilled.reasons.every((r) => r.severity === 'error')).toBe(true);
  });

  it('a near-unique column of any shape blocks (an engine number\'s last six characters), a near-unique amount does not', async () => {
    // Six distinct ASCII characters per row, drawn from a seeded generator: no detector, no code shape.
    let seed = 20261206;
    const next = (): number => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };
    const chars = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
    const tails = Array.from({ length: N }, () => {
      const pool = [...chars];
      return Array.from({ length: 6 }, () => pool.splice(next() % pool.length, 1)[0]!).join('');
    });
    const t = tableFromArrays({
      发动机号后六位: tails,
      ward: Array.from({ length: N }, (_, k) => `病区${k % 4}`),
      费用总额: Array.from({ length: N }, (_, k) => `${(1000 + k * 13.7).toFixed(2)}`),
      sex: Array.from({ length: N }, (_, k) => (k % 2 ? '男' : '女')),
    });
    const s = spec('unconditional', '  发动机号后六位: {}\n  ward: {}\n  费用总额: {}\n  sex: {}');
    const roles = Object.fromEntries(publishedColumns(s, t.schema, t.batches).map((c) => [c.column, c.role]));
    expect(roles).toMatchObject({ 发动机号后六位: 'other', 费用总额: 'measure', ward: 'other' });
    const { reasons } = judgePublishedRisk(s, await collectPublishedRisk(s, t.schema, (async function* () { yield* t.batches; })()));
    const tail = reasons.find((r) => r.column === '发动机号后六位');
    expect(tail).toMatchObject({ code: 'privacy/near-unique-column', severity: 'error', path: 'columns.发动机号后六位' });
    expect(tail!.message).toMatch(/try: drop it, pseudonymize it with a key/);
    expect(reasons.some((r) => r.column === '费用总额' || r.column === 'ward')).toBe(false);
  });

  it('redaction leaves a date as it is: a redacted column of dates in mixed spellings counts as exact event dates', () => {
    const t = tableFromArrays({
      decided: Array.from({ length: N }, (_, k) => [`2024${String(1 + (k % 12)).padStart(2, '0')}${String(1 + (k % 28)).padStart(2, '0')}`, `2024年${1 + (k % 12)}月${1 + (k % 28)}日`, `2024/${1 + (k % 12)}/${1 + (k % 28)}`][k % 3]!),
      note: Array.from({ length: N }, (_, k) => `现场检查发现问题${k % 7}项，已整改`),
    });
    const roles = Object.fromEntries(publishedColumns(spec('unconditional', '  decided: { rule: { type: redact } }\n  note: { rule: { type: redact } }'), t.schema, t.batches).map((c) => [c.column, c]));
    expect(roles.decided).toMatchObject({ role: 'known' });
    expect(roles.decided!.why).toContain('redact');
    expect(roles.note!.role).toBe('free-text');
  });

  it('what counts as a measure: amounts and counts, not codes, fixed-width numbers or row numbers', () => {
    const ints = (f: (k: number) => number): string[] => Array.from({ length: N }, (_, k) => String(f(k)));
    expect(isMeasure(['费用总额'], ints((k) => 1000 + k * 37), Type.Utf8)).toBe(true); // an amount header
    expect(isMeasure(['x'], Array.from({ length: N }, (_, k) => (k * 13.7).toFixed(2)), Type.Utf8)).toBe(true); // cents
    expect(isMeasure(['x'], ints((k) => 7 + k * k * 31), Type.Utf8)).toBe(true); // integers of varied width, sparse
    expect(isMeasure(['x'], ints((k) => k + 1), Type.Utf8)).toBe(false); // a row number
    expect(isMeasure(['x'], ints((k) => 381000 + k * 97), Type.Utf8)).toBe(false); // fixed width: an engine number's digits
    expect(isMeasure(['x'], ints((k) => 13800000000 + k * 7919), Type.Int)).toBe(false); // a mobile stored as a number
    expect(isMeasure(['x'], Array.from({ length: N }, (_, k) => String(k * 37).padStart(6, '0')), Type.Utf8)).toBe(false); // leading zeros
    expect(isMeasure(['发动机号后六位'], ints((k) => 100 + k * k), Type.Utf8)).toBe(false); // an identifier header
    expect(isMeasure(['纬度'], Array.from({ length: N }, (_, k) => (36 + k / 1000).toFixed(6)), Type.Utf8)).toBe(false); // a location
  });

  it('without any sign of persons, dates and codes of things are reported, not enforced', async () => {
    const things = tableFromArrays({
      inspection_no: Array.from({ length: N }, (_, k) => `JC2024${String(k).padStart(5, '0')}`),
      inspected_on: Array.from({ length: N }, (_, k) => `2024-01-${String(1 + (k % 28)).padStart(2, '0')}`),
    });
    const s = spec('unconditional', '  inspection_no: {}\n  inspected_on: {}');
    expect(personEvidence(s, publishedColumns(s, things.schema, things.batches))).toBeNull();
    const { reasons } = judgePublishedRisk(s, await collectPublishedRisk(s, things.schema, (async function* () { yield* things.batches; })()));
    expect(reasons.map((r) => [r.code, r.severity])).toEqual([['privacy/no-person-data', 'warning']]);
    expect(reasons[0]!.message).toContain('"inspection_no"');
  });
});
