/**
 * "One mistake away from the obvious spec", as the unseen-domain sweeps run it
 * (test/unseen-domains-10.test.ts, test/unseen-domains-12.test.ts): a case edits a domain's obvious
 * hand-written spec once — forgets a column, masks too weakly, leaves a quasi-identifier out — and
 * says what the review must do: refuse, naming the `code path` to fix and never a planted value, or
 * publish with nothing planted in any file. The sweeps differ in their domains, not in this.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { PublishResult } from '@tuomin/publish';
import { describe, expect, it } from 'vitest';
import { attemptRun, belowK, expectNoPlanted, readBack, type PlantedExtract, type Spec } from './sweep-flow.js';

/** What the review must do with a mistaken spec. */
export interface Expected {
  exit: number;
  /** A reason code the refusal must hold, and the `code path` naming what to fix. */
  code?: string;
  path?: string;
}
export const refused = (code: string, path: string, exit = 3): Expected => ({ exit, code, path });
export const published: Expected = { exit: 0 };

/** The mistake of a spec with no privacy block. */
export const noPrivacy = (s: Spec): void => { delete s.privacy; };
/** The mistake of a column left out of the quasi-identifiers (and its hierarchy with it). */
export const withoutQi = (column: string) => (s: Spec): void => {
  s.privacy.quasiIdentifiers = s.privacy.quasiIdentifiers.filter((q: string) => q !== column);
  delete s.privacy.hierarchies[column];
};

/** A sweep's domain as these checks need it: its planted extract, and the names it publishes on purpose. */
export interface SweepDomain {
  x: PlantedExtract;
  /** Planted names published on purpose (a register the law publishes): not leaks. */
  published?: ReadonlySet<string>;
}

/**
 * The planted values a release of the domain must not hold. A name published on purpose, or part
 * of one (张博 inside 张博远's shop name), is no leak.
 */
export function plantedOf(dom: SweepDomain): PlantedExtract {
  const onPurpose = (v: string): boolean => [...(dom.published ?? [])].some((o) => o.includes(v));
  return {
    header: dom.x.header, attacker: dom.x.attacker,
    direct: new Set([...dom.x.direct].filter((v) => !onPurpose(v))), canonical: new Set([...dom.x.canonical].filter((v) => !onPurpose(v))),
  };
}

/** Every published record among k over the columns an attacker knows, read back from the release. */
export async function expectAmongK(duck: DuckDBConnection, r: PublishResult, specText: string, x: PlantedExtract, k: number): Promise<void> {
  const { p, attacker } = await readBack(duck, r, specText, x);
  expect(belowK(p, attacker, k)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
}

/** The test's name: what the review must do. */
export const mistakeTitle = (e: Expected): string => (e.exit === 0
  ? 'publishes, nothing planted in any file'
  : `refused (${e.code ?? 'spec error'} ${e.path}), naming the column and the rule, never a value; nothing published`);

/**
 * Run a mistaken spec and check the outcome: no planted value in the message; then either published
 * with nothing planted in any file, or refused with the expected exit and `code path` (a spec error's
 * code is the schema's: its path is what to fix).
 */
export async function expectOneMistake(spec: Spec, dom: SweepDomain, expected: Expected, scratch: { dir: string; duck: DuckDBConnection }): Promise<void> {
  const o = await attemptRun(spec, { dir: scratch.dir });
  // Names of three characters and more and every identifier: a two-character name may be an ordinary word of a message.
  for (const v of dom.x.direct) if (v.length > 2) expect(o.message.includes(v), 'a planted value in the message').toBe(false);
  if (expected.exit === 0) {
    expect(o.reasons, o.message).toEqual([]);
    await expectNoPlanted(scratch.duck, o.result!, JSON.stringify(spec), plantedOf(dom));
    return;
  }
  expect(o.exit, o.message).toBe(expected.exit);
  if (expected.code) expect(o.reasons, o.message).toContain(`${expected.code} ${expected.path}`);
  else expect(o.reasons.some((r) => r.endsWith(` ${expected.path}`)), o.message).toBe(true);
}

/** A case: the domain's key, what the mistake is, the mistake, what the review must do. */
export type MistakeCase = [key: string, what: string, mutate: (s: Spec) => void, expected: Expected];

/** A domain with the obvious spec a hurried engineer writes for it. */
export interface HandDomain extends SweepDomain {
  obvious: () => Spec;
}

export interface OneMistakeOptions<D extends HandDomain> {
  /** The domain a case names (read when the file is collected). */
  domain: (key: string) => D;
  /** Writes the domain's source into the scratch folder. */
  write: (dom: D) => Promise<void> | void;
  /** The test file's scratch folder and DuckDB connection, read when a test runs. */
  scratch: () => { dir: string; duck: DuckDBConnection };
  /** `key — what` of the cases the review gets wrong today (run as `it.fails`). */
  gaps?: ReadonlySet<string>;
}

/** One test a case, named `key — what`: the obvious spec with the one mistake, run, and its outcome checked. */
export function describeOneMistake<D extends HandDomain>(cases: readonly MistakeCase[], o: OneMistakeOptions<D>): void {
  describe.each(cases)('%s — %s', (key, what, mutate, expected) => {
    const dom = o.domain(key);
    const gap = o.gaps?.has(`${key} — ${what}`) ?? false;
    (gap ? it.fails : it)(`${gap ? 'known gap — ' : ''}${mistakeTitle(expected)}`, async () => {
      await o.write(dom);
      const spec = dom.obvious();
      mutate(spec);
      await expectOneMistake(spec, dom, expected, o.scratch());
    });
  });
}
