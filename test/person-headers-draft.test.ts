/**
 * A table pivoted by person (a roster: 日期,张伟,李秀英,… with one attendance column per person)
 * has names for headers. The run refused the draft of it: the draft kept each header as the
 * column's name and title, so every format and the metadata would have published the names. The
 * draft now gives such a column `name: column_n` and `title: column #n`, and the review no longer
 * tells the user to "strip the key-value metadata from the source file" of a CSV, which has none
 * (the finding was the default title, the header itself). Found by the lead drafting such a roster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { mulberry32 } from '../fixtures/lib/rng.js';
import { draftAndRunCli, runCliJson } from './support/sweep-flow.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { filesUnder } from './support/published-check.js';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华';

function roster(seed: number, people: number, days: number): { csv: string; names: string[] } {
  const rnd = mulberry32(seed);
  const pick = (s: string): string => s[Math.floor(rnd() * s.length)]!;
  const names = new Set<string>();
  while (names.size < people) names.add(pick(SURNAMES) + pick(GIVEN) + (rnd() < 0.6 ? pick(GIVEN) : ''));
  const lines = [['日期', ...names].join(',')];
  for (let d = 0; d < days; d++) lines.push([`2025-03-${String((d % 28) + 1).padStart(2, '0')}`, ...[...names].map(() => ['出勤', '缺勤', '请假'][Math.floor(rnd() * 3)])].join(','));
  return { csv: lines.join('\n') + '\n', names: [...names] };
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tuomin-person-headers-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a roster pivoted by person', () => {
  it('the draft names each person column column_n and publishes (exit 0) with no name in any file', async () => {
    const x = roster(11, 8, 60);
    writeFileSync(join(dir, 'attendance.csv'), x.csv);
    const r = await draftAndRunCli(dir, 'attendance', join(dir, 'attendance.csv'));
    expect(r.code, r.err).toBe(0);
    const named = Object.entries(r.spec.columns as Record<string, Record<string, unknown>>).filter(([k]) => x.names.includes(k));
    expect(named.length).toBeGreaterThan(0);
    for (const [, c] of named) {
      expect(String(c.name)).toMatch(/^column_\d+$/);
      expect(String(c.title)).toMatch(/^column #\d+$/);
    }
    const leaked = filesUnder(r.json.packageDir as string).filter((f) => x.names.some((n) => readFileSync(f).toString('utf8').includes(n)));
    expect(leaked.map((f) => f.slice(dir.length)), 'files holding a planted name (names not printed)').toEqual([]);
  });

  it('a spec that keeps the headers is refused for the headers only, never told to strip a CSV\'s metadata', async () => {
    const x = roster(12, 6, 40);
    writeFileSync(join(dir, 'roster2.csv'), x.csv);
    const doc = parseDocument(fillCatalogMetadata(`dataset:\n  id: roster2\nopenAttribute: conditional\nconditions:\n  - kind: other\n    text: x\nsource:\n  path: roster2.csv\n  acquiredAt: 2026-12-01\noutput:\n  folder: out\ncolumns:\n  日期: { description: 日期 }\n${x.names.map((n, i) => `  ${n}: { description: 第${i + 2}列出勤 }`).join('\n')}\n`));
    writeFileSync(join(dir, 'roster2.yaml'), doc.toString());
    const r = await runCliJson(dir, ['run', join(dir, 'roster2.yaml')]);
    expect(r.code, JSON.stringify(r.json).slice(0, 1500)).toBe(3);
    const reasons = (r.json.error?.reasons ?? r.json.reasons ?? []) as Array<{ code: string; message: string }>;
    const text = JSON.stringify(r.json);
    expect(text).toContain('privacy/pii-in-header');
    expect(text).not.toContain('strip it from the source file');
    expect(reasons.length === 0 || reasons.every((x2) => x2.code !== 'privacy/pii-in-metadata' || !x2.message.includes('key-value metadata'))).toBe(true);
    for (const n of x.names) expect(r.text).not.toContain(n);
  });
});
