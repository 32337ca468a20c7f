/**
 * Drafts that publish safely: the draft of every bundled sample runs once its catalog metadata
 * is filled in; a TODO left in it is a normative failure (exit 4); a rule that voids most of a
 * column fails the run unless the spec says so (expectInvalid).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { draftSpec, loadSpec, parseSpecText, profileFile, publishRun, ReviewFailedError, type ProfileCsvOptions } from '@tuomin/publish';
import { fillCatalogMetadata } from '../../../test/support/catalog-metadata.js';

const SAMPLES = resolve(import.meta.dirname, '../../../fixtures/samples');
let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tuomin-drafts-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));


async function draftOf(sample: string, csv?: ProfileCsvOptions): Promise<string> {
  const specPath = join(dir, `${sample}.yaml`);
  const profile = await profileFile(join(SAMPLES, sample), csv ? { csv } : {});
  return draftSpec(profile, specPath, '2026-12-01');
}

async function failure(specPath: string): Promise<ReviewFailedError> {
  try {
    await publishRun(await loadSpec(specPath), { outputFolder: join(dir, 'out'), env: {} });
  } catch (e) {
    if (e instanceof ReviewFailedError) return e;
    throw e;
  }
  throw new Error('the run published');
}

describe('drafts of the bundled samples', () => {
  it.each([
    ['penalties.csv', undefined],
    ['penalties-gbk.csv', undefined],
    ['penalties-messy.csv', { onBadRow: 'skip' } as ProfileCsvOptions],
    ['enterprises.csv', undefined],
    ['employment.csv', undefined],
  ])('%s: runs (exit 0) once the catalog metadata is filled in', async (sample, csv) => {
    const specPath = join(dir, `${sample}.yaml`);
    writeFileSync(specPath, fillCatalogMetadata(await draftOf(sample, csv)));
    const r = await publishRun(await loadSpec(specPath), { outputFolder: join(dir, 'out'), env: {} });
    expect(r.rows).toBeGreaterThan(0);
    expect(r.reviews.every((x) => x.passed)).toBe(true);
  });

  it('the messy sample is read with the options the profile used (source.csv.onBadRow carried into the draft)', async () => {
    const draft = parseDocument(await draftOf('penalties-messy.csv', { onBadRow: 'skip' })).toJS();
    expect(draft.source.csv).toEqual({ onBadRow: 'skip' });
  });

  it('never proposes a division generalization for district names (the old draft voided 所在区县)', async () => {
    const draft = parseDocument(await draftOf('employment.csv')).toJS();
    expect(JSON.stringify(draft.columns['所在区县'])).not.toContain('division');
    expect(draft.privacy.quasiIdentifiers).toContain('所在区县');
  });

  it('every TODO of a draft fails the normative review (exit 4) and names its path', async () => {
    const specPath = join(dir, 'todo.yaml');
    const doc = parseDocument(fillCatalogMetadata(await draftOf('employment.csv')));
    doc.setIn(['conditions', 0, 'text'], 'TODO: describe the permitted use');
    writeFileSync(specPath, doc.toString());
    const e = await failure(specPath);
    expect(e.code).toBe('NORMATIVE_REVIEW');
    const normative = e.reviews.find((r) => r.review === 'normative')!;
    expect(normative.reasons.filter((r) => r.code === 'gov/todo').map((r) => r.path)).toEqual(['conditions[0].text']);
  });
});

describe('rules that destroy data are errors', () => {
  const spec = (expect?: number): string => `
dataset: { id: districts, title: 区县, description: 测试, publisher: { name: 测试局, uscc: 11371600004301234X }, contact: { phone: 0543-3160000, email: a@b.gov.cn }, domain: 其他, updateFrequency: annual }
openAttribute: unconditional
source: { path: districts.csv, acquiredAt: 2026-12-01 }
columns:
  区县: { description: 区县, rule: { type: generalize, method: division, level: city${expect !== undefined ? `, expectInvalid: ${expect}` : ''} } }
  数量: { description: 数量 }
output: { folder: out, formats: [csv] }
`;
  beforeAll(() => {
    const names = ['滨城区', '沾化区', '惠民县', '阳信县', '无棣县', '博兴县', '邹平市'];
    writeFileSync(join(dir, 'districts.csv'), `区县,数量\n${Array.from({ length: 70 }, (_, i) => `${names[i % 7]},${i}`).join('\n')}\n`);
  });

  it('a rule whose onInvalid voids more than half of a column fails with the rule, the column and the count', async () => {
    const specPath = join(dir, 'districts.yaml');
    writeFileSync(specPath, spec());
    const e = await failure(specPath);
    const r = e.reviews.flatMap((x) => x.reasons).find((x) => x.code === 'rule/destroyed-column');
    expect(r).toMatchObject({ severity: 'error', column: '区县', count: 70, path: 'columns.区县.rule' });
    expect(r!.message).toContain('rule generalize');
    expect(r!.message).toContain('70 of 70');
    expect(r!.message).toContain('expectInvalid');
  });

  it('expectInvalid on the rule states that the share is expected', async () => {
    const specPath = join(dir, 'districts-expected.yaml');
    writeFileSync(specPath, spec(1));
    const r = await publishRun(await loadSpec(specPath), { outputFolder: join(dir, 'out2'), env: {} });
    expect(r.reviews.flatMap((x) => x.reasons).some((x) => x.code === 'rule/destroyed-column')).toBe(false);
  });

  it('expectInvalid outside [0, 1] is a spec error', () => {
    expect(() => parseSpecText(spec(2), 'x.yaml')).toThrow(/expectInvalid/);
  });
});
