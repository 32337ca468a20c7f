/**
 * A header that holds an identifier (an ID number pasted into a column name) is copied into the
 * draft only where the spec needs it (the column's key); descriptions and notes name it by number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { draftSpec, profileFile } from '@tuomin/publish';

const ID = '37010219871210507X';
let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tuomin-draft-header-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('profile --write-spec: a header that holds an identifier', () => {
  it('is written as `column #n` in descriptions and notes, kept only as the column key', async () => {
    const rows = [`科室,备注${ID},金额`];
    for (let i = 0; i < 60; i++) rows.push([['内科', '外科', '儿科'][i % 3], ['复诊', '初诊'][i % 2], String(100 + i)].join(','));
    writeFileSync(join(dir, 'h.csv'), `${rows.join('\n')}\n`);
    const profile = await profileFile(join(dir, 'h.csv'));
    const col = profile.columns[1]!;
    expect(col.name).toBe(`备注${ID}`);
    expect(col.suggestion.description).not.toContain(ID);
    expect(col.suggestion.description).toContain('column #2');
    expect(col.suggestion.note).not.toContain(ID);
    expect(col.suggestion.note).toContain('column #2');
    // Other columns keep their headers.
    expect(profile.columns[0]!.suggestion.description).toContain('科室');
    const text = draftSpec(profile, join(dir, 'h.yaml'), '2026-12-01');
    const spec = parse(text) as { columns: Record<string, { description?: string }> };
    expect(Object.keys(spec.columns)).toContain(`备注${ID}`);
    expect(spec.columns[`备注${ID}`]!.description).toContain('column #2');
    // The header appears once: as the key the run matches the source by.
    expect(text.split(ID).length - 1).toBe(1);
  });
});
