/**
 * The flow every unseen-domain sweep repeats, as an outside tester runs it: write a spec, run it
 * through the library as `tuomin run` does, and turn the outcome into what the CLI would show (exit
 * code, the `code path` of each reason, the message) — or read the published package back. The
 * sweeps (test/unseen-domains-*.test.ts, test/hand-written-specs-*.test.ts) differ in their
 * extracts, not in how they run a spec, so that lives here once.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument, stringify } from 'yaml';
import { TuominError } from '@tuomin/core';
import { ReviewFailedError, SpecError, draftSpec, loadSpec, profileFile, publishRun, type PublishResult } from '@tuomin/publish';
import { main } from '../../packages/cli/src/main.js';
import { csvLine } from '../../fixtures/lib/csv-out.js';
import { fillCatalogMetadata } from './catalog-metadata.js';
import { canonicalLeaks, cellLeaks, classesOver, namesInPackage, packageLeaks, publishedNames, readPublishedCsv, type Published } from './published-check.js';

// A hand-written spec is plain data the tests edit freely before it is written as YAML.
export type Spec = Record<string, any>;

/** A column kept with its description (the catalogue needs one) and any more keys. */
export const d = (description: string, more: Record<string, unknown> = {}): Record<string, unknown> => ({ description, ...more });
export const drop = { drop: true };
export const castTo = (to: string): Spec => ({ type: 'cast', to });

/** Every format tuomin writes. */
export const FORMATS = ['csv', 'parquet', 'ndjson', 'arrow', 'xlsx'];

/** The catalogue part of a hand-written spec: what a publisher fills once and copies. */
export function dataset(id: string, title: string, source: string, publisher = '滨州市大数据局'): Spec {
  return {
    dataset: {
      id, title, description: `${title}（个人身份信息已去除）。`,
      publisher: { name: publisher, uscc: '11371600MB28503171' },
      contact: { phone: '0543-3160000', email: 'open@binzhou.gov.cn' },
      domain: '其他', updateFrequency: 'annual',
    },
    openAttribute: 'unconditional',
    source: { path: source, acquiredAt: '2026-11-20' },
    output: { folder: 'out', formats: FORMATS },
  };
}

/**
 * The privacy block a careful publisher writes: k over the quasi-identifiers, dates and numbers by
 * the built-in hierarchies, the rest value-then-*; 5 % suppression; l = 2 when sensitive columns
 * are named.
 */
export function privacy(plain: string[], dates: string[] = [], counts: Record<string, number[]> = {}, sensitive: string[] = [], k = 5): Spec {
  const hierarchies: Spec = {};
  for (const c of plain) hierarchies[c] = { builtin: 'prefix', keep: [64] };
  for (const c of dates) hierarchies[c] = { builtin: 'date' };
  for (const [c, widths] of Object.entries(counts)) hierarchies[c] = { builtin: 'interval', widths };
  return { k, quasiIdentifiers: [...plain, ...dates, ...Object.keys(counts)], hierarchies, suppressionLimit: 0.05, ...(sensitive.length ? { l: 2, sensitive } : {}) };
}

/** What a refusal shows: the CLI's exit code, the reasons' codes and `code path`s, the message. */
export interface Refusal {
  exit: number;
  codes: string[];
  /** `code path` of each error reason. */
  reasons: string[];
  message: string;
}

/** A thrown error as the CLI reports it (exit 3 security/privacy, 4 normative, 1 anything else); rethrows a non-tuomin error. */
export function refusalOf(err: unknown): Refusal {
  if (err instanceof ReviewFailedError) {
    const errors = err.reviews.flatMap((rv) => rv.reasons.filter((rs) => rs.severity === 'error'));
    return { exit: err.code === 'SECURITY_REVIEW' ? 3 : 4, codes: [...new Set(errors.map((rs) => rs.code))], reasons: errors.map((rs) => `${rs.code} ${rs.path ?? ''}`), message: err.message };
  }
  if (err instanceof TuominError) {
    const exit = err.code === 'SECURITY_REVIEW' || err.code === 'PRIVACY' ? 3 : err.code === 'NORMATIVE_REVIEW' ? 4 : 1;
    if (err instanceof SpecError) return { exit, codes: [...new Set(err.issues.map((i) => i.code))], reasons: err.issues.map((i) => `${i.code} ${i.path}`), message: err.message };
    return { exit, codes: [err.code], reasons: [`${err.code} `], message: err.message };
  }
  throw err;
}

/** Version folders of a dataset in an output folder: a refused run must leave none behind. */
export function versionFolders(outputFolder: string, datasetId: string): string[] {
  const datasetDir = join(outputFolder, datasetId);
  return existsSync(datasetDir) ? readdirSync(datasetDir).filter((f) => /^\d+\.\d+\.\d+$/.test(f)) : [];
}

export interface Outcome extends Refusal {
  result?: PublishResult;
  /** The output folder given to the run. */
  outputFolder: string;
}

export interface AttemptOptions {
  /** Where the spec and the output folder are written (the source path of the spec is relative to it). */
  dir: string;
  workers?: number;
  /** Partition size when more than one worker runs (small, so that a few thousand rows make several partitions). */
  partitionBytes?: number;
  env?: NodeJS.ProcessEnv;
}

let serial = 0;
/** Write the spec as YAML and run it as `tuomin run` does: the published result, or the refusal as the CLI shows it. */
export async function attemptRun(spec: Spec, o: AttemptOptions): Promise<Outcome> {
  const n = ++serial;
  const file = join(o.dir, `hand-${n}.yaml`);
  const outputFolder = join(o.dir, `hand-out-${n}`);
  writeFileSync(file, stringify(spec));
  const workers = o.workers ?? 1;
  try {
    const result = await publishRun(await loadSpec(file), { outputFolder, env: o.env ?? {}, workers, ...(workers > 1 ? { partitionBytes: o.partitionBytes ?? 128 * 1024 } : {}) });
    return { exit: 0, codes: [], reasons: [], message: '', result, outputFolder };
  } catch (err) {
    const refusal = refusalOf(err);
    // A refusal leaves no version folder behind.
    expect(versionFolders(outputFolder, String(spec.dataset.id))).toEqual([]);
    return { ...refusal, outputFolder };
  }
}

/** The data files of a result with their digests (to compare runs with one and two workers). */
export const dataFiles = (r: PublishResult): Array<[string, string]> => r.files.filter((f) => f.path.startsWith('data/')).map((f) => [f.path, f.sha256]);

/** The published CSV read back by DuckDB, with the attacker's columns under their published names. */
export async function readBack(duck: DuckDBConnection, r: PublishResult, specText: string, x: { header: string[]; attacker: string[] }): Promise<{ p: Published; attacker: string[] }> {
  const p = await publishedCsv(duck, r);
  const names = publishedNames(specText, x.header);
  return { p, attacker: x.attacker.map((a) => names.get(a) ?? a) };
}

/**
 * None of the planted identifiers in a release: in any file of its package (counted per file,
 * never printed), in its cells, in any spelling.
 */
export async function expectNoPlanted(duck: DuckDBConnection, r: PublishResult, specText: string,
  x: { header: string[]; attacker: string[]; canonical: ReadonlySet<string>; direct: ReadonlySet<string> }): Promise<void> {
  expect(await packageLeaks(duck, r.packageDir, x.canonical)).toEqual({});
  const { p } = await readBack(duck, r, specText, x);
  expect(cellLeaks(p, x.direct)).toEqual({});
  expect(canonicalLeaks(p, x.canonical)).toEqual({});
}

/** Classes and records below k over some published columns (0 and 0 when every record hides among k). */
export function belowK(p: Published, columns: readonly string[], k: number): { classesBelowK: number; recordsBelowK: number } {
  const c = classesOver(p, columns, k);
  return { classesBelowK: c.classesBelowK, recordsBelowK: c.recordsBelowK };
}

/** `main()` of the CLI in this process, its output captured. */
export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void): Writable => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
  const code = await main(args, { stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }), cwd, env });
  return { code, out, err };
}

/**
 * As a user drafts and runs in `dir`: `tuomin profile <source> --write-spec <name>.yaml`, the
 * catalogue metadata filled in, `tuomin run <spec> --json`. The profile's output, the run's exit
 * code, JSON and stderr, and the spec as drafted.
 */
export async function draftAndRunCli(dir: string, name: string, source: string): Promise<{ profile: string; code: number; json: Record<string, any>; err: string; spec: Spec }> {
  const specPath = join(dir, `${name}.yaml`);
  const p = await runCli(['profile', source, '--write-spec', specPath], dir);
  expect(p.code, p.err).toBe(0);
  writeFileSync(specPath, fillCatalogMetadata(readFileSync(specPath, 'utf8')));
  const r = await runCli(['run', specPath, '--json'], dir);
  return { profile: p.out, code: r.code, json: JSON.parse(r.out || '{}') as Record<string, any>, err: r.err, spec: parse(readFileSync(specPath, 'utf8')) as Spec };
}

/** `runCli` with `--json`: its exit code, the JSON it printed, and everything it printed (to look for values). */
export async function runCliJson(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; json: Record<string, any>; text: string }> {
  const r = await runCli([...args, '--json'], cwd, env);
  return { code: r.code, json: JSON.parse(r.out || '{}') as Record<string, any>, text: r.out + r.err };
}

/** The dataset part of a spec for a clinic's visit counts by department: the harmless base the gate tests add one column to. */
export function clinicDataset(id: string): string {
  return `dataset:
  id: ${id}
  title: 滨州市门诊量统计
  description: 各科室门诊量汇总。
  publisher: { name: 滨州市卫生健康委员会, uscc: 11371600MB28503171 }
  contact: { phone: 0543-3160000, email: open@binzhou.gov.cn }
  domain: 卫生健康
  keywords: [门诊, 统计]
  updateFrequency: monthly
  spatialCoverage: "371600"
openAttribute: unconditional
`;
}

/**
 * The spec a user runs after `tuomin draft`: the source profiled, the spec drafted, only the
 * catalogue metadata filled in, every format asked for; written to `specPath`, its text returned.
 */
export async function draftedSpec(source: string, specPath: string): Promise<string> {
  const doc = parseDocument(fillCatalogMetadata(draftSpec(await profileFile(source), specPath, '2026-12-01')));
  doc.setIn(['output', 'formats'], FORMATS);
  const specText = doc.toString();
  writeFileSync(specPath, specText);
  return specText;
}

/** What the checker needs of a planted extract: its header, the columns an attacker knows, the planted values. */
export interface PlantedExtract {
  header: string[];
  attacker: string[];
  /** Values of 7+ characters, looked for in any spelling. */
  canonical: ReadonlySet<string>;
  /** Every planted name and identifier as written. */
  direct: ReadonlySet<string>;
}

export interface DraftedReleaseOptions<X extends PlantedExtract> {
  /** The test file's scratch folder and DuckDB connection, read when a test runs (its beforeAll makes them). */
  scratch: () => { dir: string; duck: DuckDBConnection };
  /** The extract as bytes on disk. */
  bytes: (x: X) => Uint8Array;
  rows: number;
  k: number;
  /** Source files whose leak check is a known gap (run as `it.fails`: the rest of the check still runs). */
  leakGap?: ReadonlySet<string>;
  /** Source files whose class check is a known gap. */
  kGap?: ReadonlySet<string>;
}

/**
 * The sweep over unseen domains as a user runs it, one `describe` a domain: profile → draft →
 * catalogue metadata only → run every format with one worker, no refusal of the draft; then no
 * planted name or identifier in any file of the package, in any spelling, and every published
 * record in a class of at least k over the columns an attacker knows.
 */
export function describeDraftedRelease<X extends PlantedExtract>(domains: Record<string, { x: X; file: string }>, o: DraftedReleaseOptions<X>): void {
  const gap = (set: ReadonlySet<string> | undefined, file: string): boolean => set?.has(file) ?? false;
  describe.each(Object.keys(domains))('unseen domain %s: profile → draft → catalogue metadata only → run', (name) => {
    const { x, file } = domains[name]!;
    const slug = file.replace(/\.\w+$/, '');
    let one: PublishResult | undefined;
    let specText = '';

    it('publishes every format as drafted (no false refusal of the draft)', async () => {
      const { dir } = o.scratch();
      writeFileSync(join(dir, file), o.bytes(x));
      specText = await draftedSpec(join(dir, file), join(dir, `${slug}.yaml`));
      let refused: Refusal | undefined;
      try {
        one = await publishRun(await loadSpec(join(dir, `${slug}.yaml`)), { outputFolder: join(dir, `${slug}-out`), env: {}, workers: 1 });
      } catch (err) {
        refused = refusalOf(err);
      }
      expect(refused?.reasons ?? [], refused?.message).toEqual([]);
      expect(one!.rows).toBeGreaterThan(o.rows * 0.9);
    });

    const leakGap = gap(o.leakGap, file);
    (leakGap ? it.fails : it)(`${leakGap ? 'known gap — ' : ''}no planted name or identifier in any cell, header, metadata file or report, in any spelling`, async () => {
      expect(one, 'the run above failed').toBeDefined();
      const { duck } = o.scratch();
      await expectNoPlanted(duck, one!, specText, x);
      expect(await namesInPackage(duck, one!.packageDir, x.direct)).toEqual({});
    });

    const kGap = gap(o.kGap, file);
    (kGap ? it.fails : it)(`${kGap ? 'known gap — ' : ''}every published record is in a class of at least ${o.k} over the columns an attacker knows`, async () => {
      expect(one, 'the run above failed').toBeDefined();
      const { p, attacker } = await readBack(o.scratch().duck, one!, specText, x);
      expect(belowK(p, attacker, o.k)).toEqual({ classesBelowK: 0, recordsBelowK: 0 });
    });
  });
}

/** A test file's scratch folder and in-memory DuckDB connection (see `scratchWithDuck`). */
export class Scratch {
  dir = '';
  duck!: DuckDBConnection;
}

/**
 * A scratch folder and a DuckDB connection for one test file: made before its tests, removed after.
 * Read the fields inside a test (they are empty while the file is collected).
 */
export function scratchWithDuck(prefix: string): Scratch {
  const s = new Scratch();
  beforeAll(async () => {
    s.dir = mkdtempSync(join(tmpdir(), prefix));
    s.duck = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => {
    s.duck?.closeSync();
    if (s.dir) rmSync(s.dir, { recursive: true, force: true });
  });
  return s;
}

/** A header and rows as CSV text (RFC 4180 quoting, LF line ends). */
export const csvText = (header: readonly string[], rows: readonly (readonly string[])[]): string => `${[header, ...rows].map(csvLine).join('\n')}\n`;

/** An extract written as `<id>.csv` in the run's folder and a CSV-only spec with `columns` over it, run as `attemptRun` does. */
export function runCsvExtract(x: { header: readonly string[]; rows: readonly (readonly string[])[] }, id: string, title: string, columns: Spec, o: AttemptOptions): Promise<Outcome> {
  writeFileSync(join(o.dir, `${id}.csv`), csvText(x.header, x.rows));
  return attemptRun({ ...dataset(id, title, `${id}.csv`), output: { folder: 'out', formats: ['csv'] }, columns }, o);
}

/** The CSV file of a published result, read back by DuckDB (names as published). */
export function publishedCsv(duck: DuckDBConnection, r: PublishResult): Promise<Published> {
  const f = r.files.find((file) => file.format === 'csv')!;
  return readPublishedCsv(duck, join(r.packageDir, f.path));
}
