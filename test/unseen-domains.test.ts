/**
 * Extracts of domains no bundled spec covers, taken the way a new user would: profile → draft →
 * catalog metadata filled in (nothing else touched) → run. Then a checker that shares no code
 * with tuomin (DuckDB reads the published CSV; plain counting in JS) looks for every raw direct
 * identifier in every published cell and counts the classes over the columns an attacker knows.
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { draftSpec, loadSpec, profileFile, publishRun } from '@tuomin/publish';
import { assistanceRoll, csvText, hospitalAdmissions, schoolRoster, vehicleRegistrations, type DomainExtract } from '../fixtures/lib/domains/index.js';
import { fillCatalogMetadata } from './support/catalog-metadata.js';
import { scratchWithDuck } from './support/sweep-flow.js';

const ROWS = 3000;
const K = 5;
const DOMAINS: Array<[string, (rows: number, seed: number) => DomainExtract]> = [
  ['hospital-admissions', hospitalAdmissions],
  ['school-roster', schoolRoster],
  ['assistance-roll', assistanceRoll],
  ['vehicle-registrations', vehicleRegistrations],
];

const scratch = scratchWithDuck('tuomin-unseen-');


async function publishedRows(csv: string): Promise<{ columns: string[]; rows: Array<Array<string | null>> }> {
  const r = await scratch.duck.runAndReadAll(`SELECT * FROM read_csv('${csv.replaceAll("'", "''")}', all_varchar = true, header = true, auto_detect = true)`);
  return { columns: r.columnNames(), rows: r.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))) };
}

describe.each(DOMAINS)('unseen domain %s: profile → draft → catalog metadata only → run', (name, generate) => {
  const x = generate(ROWS, 11);
  let published: { columns: string[]; rows: Array<Array<string | null>> };

  it('publishes (exit 0) with no rule touched', async () => {
    const source = join(scratch.dir, `${name}.csv`);
    writeFileSync(source, csvText(x));
    const specPath = join(scratch.dir, `${name}.yaml`);
    const profile = await profileFile(source);
    writeFileSync(specPath, fillCatalogMetadata(draftSpec(profile, specPath, '2026-12-01')));
    const result = await publishRun(await loadSpec(specPath), { outputFolder: join(scratch.dir, 'out'), env: {} });
    expect(result.rows).toBeGreaterThan(ROWS * 0.9);
    const csv = result.files.find((f) => f.format === 'csv')!;
    published = await publishedRows(join(result.packageDir, csv.path));
    expect(published.rows.length).toBe(result.rows);
  });

  it('no raw direct identifier (names, relatives, IDs, phones, record numbers) in any published cell', () => {
    expect(published, 'the run above failed').toBeDefined();
    const leaks = new Map<string, number>();
    // Every substring of every cell of a length some raw value has, looked up in the set of raw values.
    const lengths = [...new Set([...x.directValues].map((v) => v.length))].filter((n) => n >= 2);
    for (const row of published.rows) {
      for (const cell of row) {
        if (cell === null) continue;
        for (const n of lengths) {
          for (let i = 0; i + n <= cell.length; i++) {
            if (!x.directValues.has(cell.slice(i, i + n))) continue;
            const kind = n > 6 ? 'an identifier' : 'a name';
            leaks.set(kind, (leaks.get(kind) ?? 0) + 1);
          }
        }
      }
    }
    // Counts by kind only: the test output must not carry the (synthetic) values either.
    expect(Object.fromEntries(leaks)).toEqual({});
  });

  it(`every published record is in a class of at least ${K} over the columns an attacker knows`, () => {
    expect(published, 'the run above failed').toBeDefined();
    const known = x.attackerColumns.filter((c) => published.columns.includes(c));
    const idx = known.map((c) => published.columns.indexOf(c));
    const classes = new Map<string, number>();
    for (const row of published.rows) {
      const key = JSON.stringify(idx.map((i) => row[i]));
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    const small = [...classes.values()].filter((n) => n < K);
    expect({ columns: known.length, classesBelowK: small.length, recordsBelowK: small.reduce((a, n) => a + n, 0) }).toEqual({ columns: known.length, classesBelowK: 0, recordsBelowK: 0 });
  });
});
