/**
 * An adversarial sweep over four more domains no bundled spec covers, with identifiers as agency
 * exports mangle them (fixtures/lib/domains/unseen-3.ts): a community-corrections roster in
 * GB18030 with CRLF, quoted line breaks and names outside GBK (𠮷, 䶮); housing-fund withdrawals
 * with English headers and a BOM; border crossings, tab-separated, with headers aligned by spaces,
 * passport pinyin and exact crossing times; a tender register with legal representatives,
 * semicolons and deposit accounts. IDs come lower-case x, 15-digit, full-width, spaced or as Excel
 * left them (3.71602E+17, 371602198003041000); phones with +86, brackets, dashes, full-width; dates
 * in five spellings; and every extract has a column named innocently (备用字段1, col_7, extra,
 * 备用字段2) that holds identifiers.
 *
 * Taken as a user would: profile → draft → catalog metadata only → run with one worker and with
 * two (same bytes), CSV and Parquet. An independent checker (test/support/published-check.ts:
 * DuckDB reads, plain counting; every identifier also looked for in any spelling) finds no raw
 * direct identifier in any published file and every record in a class of 5 over what an attacker
 * knows. A refusal with a reason (exit 3) would count as a pass; none of these drafts needs one.
 * One domain goes through the real CLI (profile in its own process, run and scan through main()).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { draftSpec, loadSpec, profileFile, publishRun, scanFile, type PublishResult } from '@tuomin/publish';
import { main } from '../packages/cli/src/main.js';
import { fileBytes } from '../fixtures/lib/domains/raw-file.js';
import { borderCrossings, correctionsRoster, providentFund, tenderBids, withSparseSpare, type MessyExtract } from '../fixtures/lib/domains/unseen-3.js';
import { canonicalLeaks, cellLeaks, classesOver, metadataLeaks, publishedNames, readPublishedCsv, readPublishedParquet, type Published } from './support/published-check.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { scratchWithDuck } from './support/sweep-flow.js';

const ROWS = 2500;
const K = 5;

/** [name, generator, also run with two workers] */
const DOMAINS: Array<[string, (rows: number, seed: number) => MessyExtract, boolean]> = [
  ['community-corrections', correctionsRoster, true],
  ['provident-fund', providentFund, true],
  ['border-crossings', borderCrossings, true],
  ['tender-bids', tenderBids, true],
  // The same extracts after a clerk used the spare column for a few IDs and added notes with identifiers.
  // (Another seed: its headers are the other spellings, `Work Unit` for the employer among them.)
  ['provident-fund, sparse spare column', (r, s) => withSparseSpare(providentFund(r, s + 10), s), false],
  ['border-crossings, sparse spare column', (r, s) => withSparseSpare(borderCrossings(r, s), s), false],
];

const scratch = scratchWithDuck('tuomin-unseen3-');

/** The draft with only the catalog metadata filled in, publishing Parquet beside the CSV. */
function userSpec(draft: string): string {
  return fillCatalogMetadata(draft).replace(/formats:\n(\s+)- csv\n/, 'formats:\n$1- csv\n$1- parquet\n');
}

const dataFiles = (r: PublishResult): Array<[string, string]> => r.files.filter((f) => f.path.startsWith('data/')).map((f) => [f.path, f.sha256]);

describe.each(DOMAINS)('unseen domain %s: profile → draft → catalog metadata only → run', (name, generate, withTwo) => {
  const x = generate(ROWS, 11);
  const slug = name.replace(/[^a-z]+/g, '-');
  let specText = '';
  let one: PublishResult | undefined;
  const published: Record<'csv' | 'parquet', Published | undefined> = { csv: undefined, parquet: undefined };

  it(`publishes${withTwo ? ' with one worker and with two, the same data bytes' : ''}`, async () => {
    const source = join(scratch.dir, `${slug}.csv`);
    writeFileSync(source, fileBytes(x));
    const specPath = join(scratch.dir, `${slug}.yaml`);
    specText = userSpec(draftSpec(await profileFile(source), specPath, '2026-12-01'));
    writeFileSync(specPath, specText);
    one = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, `${slug}-w1`), env: {}, workers: 1 });
    expect(one.rows).toBeGreaterThan(ROWS * 0.9);
    if (withTwo) {
      const two = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, `${slug}-w2`), env: {}, workers: 2, partitionBytes: 128 * 1024 });
      expect(dataFiles(two)).toEqual(dataFiles(one));
    }
    for (const format of ['csv', 'parquet'] as const) {
      const f = one.files.find((file) => file.format === format)!;
      const path = join(one.packageDir, f.path);
      published[format] = format === 'csv' ? await readPublishedCsv(scratch.duck, path) : await readPublishedParquet(scratch.duck, path);
      expect(published[format]!.rows.length).toBe(one.rows);
    }
  });

  it.each(['csv', 'parquet'] as const)('no direct identifier in any %s cell, raw or in any spelling (full-width, spaced, +86, inside a note)', (format) => {
    const p = published[format];
    expect(p, 'the run above failed').toBeDefined();
    // Counts by kind and column only: the test output must not carry the (synthetic) values either.
    expect(cellLeaks(p!, x.directValues)).toEqual({});
    expect(canonicalLeaks(p!, x.canonicalValues)).toEqual({});
  });

  it(`the column named ${JSON.stringify(x.hiddenIdColumn)} that holds identifiers is left out or publishes none`, () => {
    const p = published.csv;
    expect(p, 'the run above failed').toBeDefined();
    const hidden = publishedNames(specText, x.header).get(x.hiddenIdColumn)!;
    if (p!.columns.includes(hidden)) expect(canonicalLeaks(p!, x.canonicalValues)[hidden]).toBeUndefined();
    else expect(p!.columns).not.toContain(hidden);
  });

  it(`the residual scan of the source reports ${JSON.stringify(x.hiddenIdColumn)}, and of the release nothing`, async () => {
    expect(one, 'the run above failed').toBeDefined();
    const raw = await scanFile(join(scratch.dir, `${slug}.csv`));
    expect(raw.findings.some((f) => f.column === x.hiddenIdColumn)).toBe(true);
    const release = await scanFile(join(one!.packageDir, one!.files.find((f) => f.format === 'parquet')!.path));
    // A company's credit code (the bidders') is public business information, published on purpose.
    expect(release.findings.filter((f) => f.type !== 'cn_uscc').map((f) => `${f.column} ${f.type}`)).toEqual([]);
  });

  it('no identifier in datapackage.json, the README, the reports or any other text file', () => {
    expect(one, 'the run above failed').toBeDefined();
    expect(metadataLeaks(one!.packageDir, one!.files.map((f) => join(one!.packageDir, f.path)), x.directValues)).toEqual({});
  });

  it('no published column was flattened to one value (but *): a rounding base that fits the values', () => {
    const p = published.csv;
    expect(p, 'the run above failed').toBeDefined();
    const names = publishedNames(specText, x.header);
    const flattened = x.header.filter((h, i) => {
      const at = p!.columns.indexOf(names.get(h)!);
      if (at < 0) return false;
      const before = new Set(x.rows.map((r) => r[i]).filter((v) => v !== ''));
      const counts = new Map<string | null, number>();
      for (const r of p!.rows) counts.set(r[at]!, (counts.get(r[at]!) ?? 0) + 1);
      const [top, n] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
      // Many values before, one value in 95 % of the rows after, and that value no generalization.
      return before.size >= 20 && n >= 0.95 * p!.rows.length && !String(top).includes('*');
    });
    expect(flattened).toEqual([]);
  });

  it(`every published record is in a class of at least ${K} over the columns an attacker knows`, () => {
    const p = published.csv;
    expect(p, 'the run above failed').toBeDefined();
    const names = publishedNames(specText, x.header);
    const c = classesOver(p!, x.attackerColumns.map((a) => names.get(a)!), K);
    expect({ classesBelowK: c.classesBelowK, recordsBelowK: c.recordsBelowK }).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
  });
});

/** main() in this process, capturing its output. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void): Writable => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
  const code = await main(args, { stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }), cwd: scratch.dir, env: {} });
  return { code, out, err };
}

describe('the real CLI on the GB18030 corrections roster', () => {
  const x = correctionsRoster(ROWS, 12);

  it('profile --write-spec (its own process), metadata filled, run --workers 1 and 2, scan: clean release, findings in the source', async () => {
    const source = join(scratch.dir, 'cli-roster.csv');
    const spec = join(scratch.dir, 'cli-roster.yaml');
    writeFileSync(source, fileBytes(x));
    const p = spawnSync(process.execPath, ['--conditions=@tuomin/source', '--import', 'tsx', 'packages/cli/src/bin.ts', 'profile', source, '--write-spec', spec], {
      cwd: resolve('.'), encoding: 'utf8', env: { ...process.env, TUOMIN_MALLOC_TUNING: '0' },
    });
    expect(p.status, p.stderr).toBe(0);
    // The profile prints shares and suggestions, never a value.
    expect(cellLeaks({ columns: ['out'], rows: [[p.stdout]] }, x.directValues)).toEqual({});
    writeFileSync(spec, fillCatalogMetadata(readFileSync(spec, 'utf8')));
    const r1 = await cli(['run', spec, '--workers', '1', '--json']);
    expect(r1.code, r1.err).toBe(0);
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^(\s+)folder: releases$/m, '$1folder: releases-w2'));
    const r2 = await cli(['run', spec, '--workers', '2', '--json']);
    expect(r2.code, r2.err).toBe(0);
    const csv1 = join(JSON.parse(r1.out).packageDir as string, 'data/cli-roster.csv');
    const csv2 = join(JSON.parse(r2.out).packageDir as string, 'data/cli-roster.csv');
    expect(readFileSync(csv2).equals(readFileSync(csv1))).toBe(true);
    const published = await readPublishedCsv(scratch.duck, csv1);
    expect(cellLeaks(published, x.directValues)).toEqual({});
    expect(canonicalLeaks(published, x.canonicalValues)).toEqual({});
    const clean = await cli(['scan', csv1, '--json']);
    expect({ code: clean.code, clean: JSON.parse(clean.out).clean }).toEqual({ code: 0, clean: true });
    const raw = await cli(['scan', source, '--json']);
    expect(raw.code).toBe(3);
    const columns = new Set((JSON.parse(raw.out).findings as Array<{ column: string }>).map((f) => f.column));
    expect(columns.has(x.hiddenIdColumn)).toBe(true);
  });
});

it('the raw files keep the shapes they are meant to test', () => {
  const bytes = (g: (r: number, s: number) => MessyExtract): Buffer => Buffer.from(fileBytes(g(400, 11)));
  const roster = bytes(correctionsRoster);
  expect(roster.includes(Buffer.from('姓名', 'utf8'))).toBe(false); // GB18030, not UTF-8
  expect(roster.includes(Buffer.from([0x95, 0x34, 0xb2, 0x35]))).toBe(true); // 𠮷 in four GB18030 bytes
  expect(roster.includes(Buffer.from('\r\n'))).toBe(true);
  expect([...bytes(providentFund).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes(borderCrossings).toString('utf8').split('\n')[0]!.split('\t').filter((h) => /\p{Script=Han}\s+\p{Script=Han}/u.test(h)).length).toBeGreaterThan(1);
  expect(bytes(tenderBids).toString('utf8').split('\n')[0]!.split(';').length).toBe(16);
  // Excel's two forms of an ID, full-width digits and a quoted line break are all there.
  const all = DOMAINS.filter(([, , main]) => main).flatMap(([, g]) => g(400, 11).rows.flat());
  expect(all.some((c) => /^\d\.\d{5}E\+17$/.test(c))).toBe(true);
  expect(all.some((c) => /^\d{15}000$/.test(c))).toBe(true);
  expect(all.some((c) => /[０-９]{11}/.test(c))).toBe(true);
  expect(all.some((c) => c.includes('\n'))).toBe(true);
});
