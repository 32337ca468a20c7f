/**
 * Blank cells and legacy headers in a draft (found on generated extracts of unseen domains,
 * test/unseen-domains-2.test.ts): a date column with many open cases, an age with a few blanks,
 * and pinyin-initial headers of demographics must still be drafted as quasi-identifiers that
 * the run can generalize.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { draftSpec, loadSpec, previewRun, profileFile } from '@tuomin/publish';

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tuomin-blanks-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const d2 = (n: number): string => String(n).padStart(2, '0');

describe('drafts over blank cells and pinyin headers', () => {
  it('dates with 40 % blanks are cast and generalized (not redacted as text); an age with blanks is cast before its interval hierarchy', async () => {
    const rows = ['性别,年龄,立案日期,结案日期'];
    for (let i = 0; i < 400; i++) {
      const closed = i % 5 < 2 ? '' : `2024-${d2(1 + (i % 12))}-${d2(1 + (i % 28))}`;
      rows.push(`${'男女'[i % 2]},${i % 50 === 7 ? '' : 20 + (i % 60)},2023-${d2(1 + (i % 12))}-${d2(1 + ((i * 3) % 28))},${closed}`);
    }
    writeFileSync(join(dir, 'blanks.csv'), `${rows.join('\n')}\n`);
    const specPath = join(dir, 'blanks.yaml');
    const draft = draftSpec(await profileFile(join(dir, 'blanks.csv')), specPath, '2026-12-01');
    writeFileSync(specPath, draft);
    const d = parse(draft);
    expect(d.columns['结案日期'].rule).toEqual({ type: 'cast', to: 'date' });
    expect(d.columns['年龄'].rule).toEqual({ type: 'cast', to: 'int32' });
    expect(d.privacy.quasiIdentifiers).toEqual(expect.arrayContaining(['年龄', '结案日期']));
    const p = await previewRun(await loadSpec(specPath));
    expect(p.reviews.find((r) => r.review === 'security')!.passed).toBe(true);
    expect(p.privacy!.risk.minClassSize).toBeGreaterThanOrEqual(5);
  });

  it('xb, csrq and dwmc headers are quasi-identifiers of the draft', async () => {
    const rows = ['xm,xb,csrq,dwmc,cbrq'];
    const firms = ['滨州鑫源食品有限公司', '山东华泰化工有限公司', '滨州黄河物流有限公司', '惠民县盛和超市'];
    for (let i = 0; i < 300; i++) rows.push(`${'王李张刘'[i % 4]}${'伟芳敏静'[(i * 3) % 4]}${'国华'[i % 2]},${1 + (i % 2)},19${60 + (i % 40)}${d2(1 + (i % 12))}${d2(1 + (i % 28))},${firms[i % 4]},2015-${d2(1 + (i % 12))}-01`);
    writeFileSync(join(dir, 'pinyin.csv'), `${rows.join('\n')}\n`);
    const d = parse(draftSpec(await profileFile(join(dir, 'pinyin.csv')), join(dir, 'pinyin.yaml'), '2026-12-01'));
    expect(d.privacy.quasiIdentifiers).toEqual(expect.arrayContaining(['xb', 'csrq', 'dwmc', 'cbrq']));
  });

  it('a seller column of persons among developers is left out: redaction finds no bare name', async () => {
    const rows = ['出卖人,用途'];
    const firms = ['滨州鑫源置业有限公司', '山东华泰房地产开发有限公司', '滨州黄河置业有限公司'];
    const given = ['伟', '芳', '敏', '静', '建国', '子涵', '浩然', '雨桐', '志刚', '秀英', '一诺', '思远'];
    for (let i = 0; i < 300; i++) rows.push(`${i % 10 < 3 ? `${'王李张刘陈杨黄赵吴周'[i % 10]}${given[(i * 7) % given.length]}` : firms[i % 3]},住宅`);
    writeFileSync(join(dir, 'sellers.csv'), `${rows.join('\n')}\n`);
    const d = parse(draftSpec(await profileFile(join(dir, 'sellers.csv')), join(dir, 'sellers.yaml'), '2026-12-01'));
    expect(d.columns['出卖人']).toMatchObject({ drop: true });
    expect(d.columns['用途'].drop).toBeUndefined();
  });
});
