/**
 * `tuomin run --dry-run`: the whole pass and both reviews on a fresh draft, before any catalog
 * metadata exists; nothing is written (no version folder, no ledger).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main.js';
import { capture } from './capture.js';
import { csvText, hospitalAdmissions } from '../../../fixtures/lib/domains/index.js';

let dir = '';
const extract = hospitalAdmissions(600, 5);
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-preview-'));
  writeFileSync(join(dir, 'admissions.csv'), csvText(extract));
  expect(await main(['profile', 'admissions.csv', '--write-spec', 'draft.yaml'], capture(dir))).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tuomin run --dry-run', () => {
  it('--json: verdicts with reasons, missing metadata as a list, risk, what each rule changed, the first rows; exit 0', async () => {
    const io = capture(dir);
    expect(await main(['run', 'draft.yaml', '--dry-run', '--json', '--head', '3'], io)).toBe(0);
    const p = JSON.parse(io.out());
    expect(p).toMatchObject({ ok: true, dryRun: true, wouldPublish: false, sourceRows: 600 });
    const normative = p.reviews.find((r: { review: string }) => r.review === 'normative');
    expect(normative.passed).toBe(false);
    expect(p.missingMetadata).toEqual(expect.arrayContaining(['dataset.publisher', 'dataset.contact', 'dataset.domain', 'dataset.updateFrequency', 'dataset.title', 'conditions[0].text']));
    expect(p.reviews.find((r: { review: string }) => r.review === 'security').passed).toBe(true);
    expect(p.privacy.risk.minClassSize).toBeGreaterThanOrEqual(5);
    expect(p.rules.map((r: { rule: string }) => r.rule)).toEqual(expect.arrayContaining(['mask', 'cast', 'round']));
    // Remarks that name relatives in many cells are dropped, not redacted (profile/suggest.ts, step 2).
    expect(p.dropped).toContain(extract.header.at(-1));
    expect(p.dropped).toContain(extract.header[0]); // the record number
    expect(p.head.rows).toHaveLength(3);
    expect(p.head.columns).not.toContain(extract.header[1]); // the patient's name column
    // The rows shown are the published ones: no raw identifier in them.
    const shown = JSON.stringify(p.head.rows);
    for (const v of extract.directValues) if (v.length > 6) expect(shown.includes(v)).toBe(false);
  });

  it('writes no version folder and no ledger', async () => {
    const io = capture(dir);
    expect(await main(['run', 'draft.yaml', '--dry-run'], io)).toBe(0);
    expect(io.out()).toContain('nothing was written');
    expect(io.out()).toContain('metadata still to fill in: ');
    expect(io.out()).toMatch(/first \d+ rows as published/);
    expect(existsSync(join(dir, 'releases'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['admissions.csv', 'draft.yaml']);
  });

  it('a run without --dry-run refuses the same draft (exit 4) until the metadata is filled in', async () => {
    const io = capture(dir);
    expect(await main(['run', 'draft.yaml', '--json'], io)).toBe(4);
  });

  it('--head without --dry-run is a usage error', async () => {
    expect(await main(['run', 'draft.yaml', '--head', '3'], capture(dir))).toBe(2);
  });
});
