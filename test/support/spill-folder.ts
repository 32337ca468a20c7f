/**
 * The harness of the sweeps that run the CLI over one source at a time and check that a refused
 * command leaves nothing behind (test/formats-sweep.test.ts, formats-sweep-2, gate-sees-all-2):
 * each test gets a folder holding its source and spec.yaml, with a work folder of its own, and
 * tuomin's spills and drafts go to a temporary folder of the test file's own (TMPDIR pointed at
 * it), so that leftovers can be counted there too. The three files differ in their sources and
 * specs, not in this.
 */
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll } from 'vitest';
import { runCliJson } from './sweep-flow.js';

/** The pinyin columns of the home-care visit log (support/formats-sweep-data.ts) as a spec publishes them. */
export const CARE_COLUMNS = '  jiedao: { name: street, description: 街道 }\n  fuwu_xm: { name: item, description: 服务项目 }\n  cishu: { name: visits, type: integer, description: 上门次数 }\n';

/** A test's folder: the source and spec.yaml in `dir`, tuomin's work folder in `work`. */
export interface Folder { dir: string; work: string }

/** A test file's DuckDB connection, its own temporary folder, and the test folders it made (see `scratchWithSpills`). */
export class SpillScratch {
  duck!: DuckDBConnection;
  /** The process's own temporary folder for this file: tuomin's spills and drafts land here (os.tmpdir() reads TMPDIR). */
  temp = '';
  /** Where the tests' folders go (the real temporary folder, read before TMPDIR is pointed at `temp`). */
  readonly root = tmpdir();
  readonly made: string[] = [];

  constructor(readonly prefix: string) {}

  /** A new folder holding `source` (its bytes) and spec.yaml (`spec`). */
  async folder(source: string, bytes: Uint8Array | string, spec: string): Promise<Folder> {
    const dir = await mkdtemp(join(this.root, `${this.prefix}-`));
    this.made.push(dir);
    await writeFile(join(dir, source), bytes);
    await writeFile(join(dir, 'spec.yaml'), spec);
    return { dir, work: join(dir, 'work') };
  }

  /** `tuomin <args> --json` run in the folder, with its own work folder. */
  run(f: Folder, args: string[]): ReturnType<typeof runCliJson> {
    return runCliJson(f.dir, args, { TUOMIN_WORK_DIR: f.work });
  }

  /** Files left where a refused command must leave none: the output folder, the run folders of the work folder, the temporary folder. */
  async leftovers(f: Folder): Promise<string[]> {
    const files = async (d: string): Promise<string[]> => (await readdir(d, { recursive: true, withFileTypes: true }).catch(() => []))
      .filter((e) => !e.isDirectory()).map((e) => join(e.parentPath, e.name));
    const runs = (await readdir(f.work).catch(() => [] as string[])).filter((e) => e.startsWith('run-')).map((e) => join(f.work, e));
    return [...await files(join(f.dir, 'out')), ...runs, ...await files(this.temp)];
  }
}

/**
 * A DuckDB connection and a temporary folder for one test file, TMPDIR pointed at it while its
 * tests run: made before its tests, TMPDIR restored and the folders removed after. Read the fields
 * inside a test (they are empty while the file is collected).
 */
export function scratchWithSpills(prefix: string): SpillScratch {
  const s = new SpillScratch(prefix);
  const savedTmp = process.env.TMPDIR;
  beforeAll(async () => {
    s.duck = await (await DuckDBInstance.create(':memory:')).connect();
    s.temp = await mkdtemp(join(s.root, `${prefix}-tmp-`));
    s.made.push(s.temp);
    process.env.TMPDIR = s.temp;
  });
  afterAll(() => {
    s.duck?.closeSync();
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
    for (const d of s.made) rmSync(d, { recursive: true, force: true });
  });
  return s;
}
