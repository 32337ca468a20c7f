/**
 * A dry run prints its first rows to a terminal and into `--json`: a column the security review
 * refuses must not show its raw values there (the phones of a column left without a rule).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec, previewRun } from '@tuomin/publish';

const root = join(import.meta.dirname, '../../..');
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-preview-withheld-'));
  copyFileSync(join(root, 'fixtures/samples/penalties.csv'), join(dir, 'penalties.csv'));
  const spec = readFileSync(join(root, 'fixtures/specs/penalties.yaml'), 'utf8')
    .replace('../samples/penalties.csv', 'penalties.csv')
    // The phone column loses its rule and its sensitivity: the review finds mobiles left in it.
    .replace(/联系电话: \{[^\n]*\}/, '联系电话: { name: phone, description: 联系电话 }');
  expect(spec).toContain('联系电话: { name: phone, description: 联系电话 }');
  writeFileSync(join(dir, 'spec.yaml'), spec);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run --dry-run: first rows of a refused column', () => {
  it('withholds every cell of a column the security review refuses, keeps the others', async () => {
    const p = await previewRun(await loadSpec(join(dir, 'spec.yaml')));
    expect(p.wouldPublish).toBe(false);
    const security = p.reviews.find((r) => r.review === 'security')!;
    expect(security.reasons.some((r) => r.severity === 'error' && r.column === 'phone')).toBe(true);
    const phone = p.head.columns.indexOf('phone');
    expect(phone).toBeGreaterThanOrEqual(0);
    expect(p.head.rows.length).toBeGreaterThan(0);
    for (const row of p.head.rows) {
      expect(row[phone]).not.toMatch(/\d{7}/);
      expect(row[phone]).toBe('[withheld: see the security review]');
    }
    // A column the review passes still shows what would be published.
    const type = p.head.columns.indexOf('party_type');
    expect(p.head.rows.map((r) => r[type])).toEqual(expect.arrayContaining([expect.stringMatching(/^(自然人|法人)$/)]));
  });
});

describe('run --dry-run: values the typed output cannot hold', () => {
  it('says the run would refuse (as run does, exit 1), naming column and row, not the value', async () => {
    const lines = readFileSync(join(dir, 'penalties.csv'), 'utf8').split('\n');
    const header = lines[0]!.split(',');
    const fine = header.indexOf('罚款金额');
    expect(fine).toBeGreaterThanOrEqual(0);
    // Row 3: three decimals where the spec declares scale 2 (a simple row: no quoted commas before the amount).
    const cells = lines[3]!.split(',');
    expect(cells.length).toBe(header.length);
    cells[fine] = '1.005';
    lines[3] = cells.join(',');
    writeFileSync(join(dir, 'typed.csv'), lines.join('\n'));
    writeFileSync(join(dir, 'typed.yaml'), readFileSync(join(dir, 'spec.yaml'), 'utf8').replace('path: penalties.csv', 'path: typed.csv'));
    const p = await previewRun(await loadSpec(join(dir, 'typed.yaml')));
    expect(p.wouldPublish).toBe(false);
    const reason = p.reviews.flatMap((r) => r.reasons).find((r) => r.code === 'cell/output-type');
    expect(reason).toMatchObject({ severity: 'error', column: 'fine_amount', count: 1, rows: [3] });
    expect(JSON.stringify(p.reviews)).not.toContain('1.005');
  });
});

describe('run --dry-run: a column name that holds an identifier', () => {
  it('is named by its number everywhere in the preview (first rows, risk figures, rules)', async () => {
    const id = '37010219871210507X';
    const csv = readFileSync(join(dir, 'penalties.csv'), 'utf8').replace('违法行为类型', `违法行为类型${id}`);
    writeFileSync(join(dir, 'header.csv'), csv);
    writeFileSync(join(dir, 'header.yaml'), readFileSync(join(dir, 'spec.yaml'), 'utf8')
      .replace('path: penalties.csv', 'path: header.csv')
      .replace('违法行为类型: { name: violation_type, description: 违法行为类型 }', `违法行为类型${id}: { description: 违法行为类型 }`));
    const p = await previewRun(await loadSpec(join(dir, 'header.yaml')));
    expect(p.reviews[0]!.reasons.some((r) => r.code === 'privacy/pii-in-header')).toBe(true);
    expect(p.head.columns).toContain('output column #8');
    expect(JSON.stringify(p)).not.toContain(id);
  });
});
