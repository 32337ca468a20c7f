/**
 * More extracts of domains no bundled spec covers, each arriving as files do: a court's
 * enforcement roster in GBK with CRLF, a housing bureau's sales list with a BOM, a social-insurance
 * roll with pinyin-initial headers and semicolons, a petition log with English headers, a health
 * check list with mixed Chinese/English headers, tab-separated. Taken the way a new user would
 * (profile → draft → catalog metadata only → run, the reader detecting encoding and delimiter),
 * then checked by a checker that shares no code with tuomin (test/support/published-check.ts:
 * DuckDB reads the published CSV, plain counting in JS).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { draftSpec, loadSpec, profileFile, publishRun } from '@tuomin/publish';
import { courtEnforcement, fileBytes, healthCheck, housingSales, insuranceRoll, petitionLog, type RawExtract } from '../fixtures/lib/domains/unseen-2.js';
import { cellLeaks, classesOver, metadataLeaks, publishedNames, readPublishedCsv, type Published } from './support/published-check.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { scratchWithDuck } from './support/sweep-flow.js';

const ROWS = 3000;
const K = 5;

/**
 * Gaps still open, by domain (the assertion is marked `it.fails` so CI stays green and turns red
 * the day the gap closes, to remove the mark). None today: the petition log's complaints and the
 * enforcement roster's remarks name persons in many cells, some without a context word the
 * detectors need (姜晨阳与苏娟私分…, 其夫于家豪名下…), so the draft drops those columns rather
 * than redact them (packages/publish/src/profile/suggest.ts, step 2).
 */
const OPEN_LEAK_GAPS = new Set<string>([]);

const DOMAINS: Array<[string, (rows: number, seed: number) => RawExtract]> = [
  ['court-enforcement', courtEnforcement],
  ['housing-sales', housingSales],
  ['insurance-roll', insuranceRoll],
  ['petition-log', petitionLog],
  ['health-check', healthCheck],
];

const scratch = scratchWithDuck('tuomin-unseen2-');


describe.each(DOMAINS)('unseen domain %s: profile → draft → catalog metadata only → run', (name, generate) => {
  const x = generate(ROWS, 11);
  let published: Published | undefined;
  let specText = '';
  let metadata: Record<string, number> | undefined;

  it('publishes (exit 0) with no rule touched, reading the file as it arrives', async () => {
    const source = join(scratch.dir, `${name}.csv`);
    writeFileSync(source, fileBytes(x));
    const specPath = join(scratch.dir, `${name}.yaml`);
    specText = fillCatalogMetadata(draftSpec(await profileFile(source), specPath, '2026-12-01'));
    writeFileSync(specPath, specText);
    const result = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, 'out'), env: {} });
    expect(result.rows).toBeGreaterThan(ROWS * 0.9);
    const csv = result.files.find((f) => f.format === 'csv')!;
    published = await readPublishedCsv(scratch.duck, join(result.packageDir, csv.path));
    expect(published.rows.length).toBe(result.rows);
    metadata = metadataLeaks(result.packageDir, result.files.map((f) => join(result.packageDir, f.path)), x.directValues);
    // The source's header row survived the reader: every published column is a source column or its drafted name.
    const names = publishedNames(specText, x.header);
    expect(published.columns.every((c) => [...names.values()].includes(c))).toBe(true);
  });

  (OPEN_LEAK_GAPS.has(name) ? it.fails : it)('no raw direct identifier (names, relatives, IDs, phones, accounts, record numbers, door addresses) in any published cell', () => {
    expect(published, 'the run above failed').toBeDefined();
    // Counts by kind only: the test output must not carry the (synthetic) values either.
    expect(cellLeaks(published!, x.directValues)).toEqual({});
  });

  it('no raw identifier in the metadata files, README or reports', () => {
    expect(metadata, 'the run above failed').toBeDefined();
    expect(metadata).toEqual({});
  });

  it(`every published record is in a class of at least ${K} over the columns an attacker knows`, () => {
    expect(published, 'the run above failed').toBeDefined();
    const names = publishedNames(specText, x.header);
    const known = x.attackerColumns.map((c) => names.get(c)!);
    const c = classesOver(published!, known, K);
    expect({ classesBelowK: c.classesBelowK, recordsBelowK: c.recordsBelowK }).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
    if (c.columns > 0) expect(c.smallestClass).toBeGreaterThanOrEqual(K);
  });
});

it('the raw files keep the shapes they are meant to test (GBK, BOM, CRLF, semicolons, tabs)', () => {
  const bytes = (g: (r: number, s: number) => RawExtract): Buffer => Buffer.from(fileBytes(g(3, 11)));
  expect(bytes(courtEnforcement).includes(Buffer.from('案号', 'utf8'))).toBe(false); // GBK, not UTF-8
  expect(bytes(courtEnforcement).includes(Buffer.from('\r\n'))).toBe(true);
  expect([...bytes(housingSales).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes(insuranceRoll).toString('utf8').split('\n')[0]!.split(';').length).toBe(14);
  expect(bytes(healthCheck).toString('utf8').split('\n')[0]!.split('\t').length).toBe(15);
});
