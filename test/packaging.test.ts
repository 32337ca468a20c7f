import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAndPack, consumerEnv, dirBytes, runOk as run } from './support/consumer-install.js';

/**
 * #16: the four packages as a consumer gets them. `pnpm pack` (publishConfig applied, workspace:
 * versions replaced), publint and arethetypeswrong on the tarballs, then a plain `npm install` of
 * the tarballs into an empty folder (registry for the third-party dependencies, --prefer-offline
 * to use npm's cache), `tuomin run` on a bundled spec there, and a plain Node ESM script that embeds
 * @tuomin/core and @tuomin/io. Prints the install size and the dependency count.
 */
const ROOT = resolve('.');
const PACKAGES = ['core', 'io', 'publish', 'cli'] as const;
const work = mkdtempSync(join(tmpdir(), 'tuomin-packaging-'));
const packs = join(work, 'packs');
const app = join(work, 'app');
const tarballs: Record<string, string> = {};

beforeAll(() => {
  mkdirSync(packs);
  Object.assign(tarballs, buildAndPack(ROOT, PACKAGES, packs));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarballs', () => {
  it.each(PACKAGES)('@tuomin/%s: exports, bin and files are right for a consumer (publint, arethetypeswrong)', async (p) => {
    const dir = join(work, `unpacked-${p}`);
    mkdirSync(dir);
    run('tar', ['xzf', tarballs[p]!, '-C', dir], {});
    const pkgDir = join(dir, 'package');
    const manifest = readFileSync(join(pkgDir, 'package.json'), 'utf8');
    // The source condition and workspace ranges are for this repository only.
    expect(manifest).not.toMatch(/@tuomin\/source|workspace:/);
    const pkg = JSON.parse(manifest) as { exports: Record<string, unknown>; engines: { node: string }; dependencies?: Record<string, string> };
    expect(JSON.stringify(pkg.exports)).not.toMatch(/\.\/src\//);
    expect(pkg.engines.node).toBe('>=20.10');
    expect(existsSync(join(pkgDir, 'README.md'))).toBe(true);
    expect(existsSync(join(pkgDir, 'dist', '.tsbuildinfo'))).toBe(false);
    if (p === 'publish') expect(pkg.dependencies).not.toHaveProperty('tinybench');
    if (p === 'cli') expect(existsSync(join(pkgDir, 'bin', 'tuomin.js'))).toBe(true);

    const { messages } = await publint({ pkgDir, level: 'suggestion', strict: true, pack: false });
    expect(messages.map((m) => `${m.type} ${m.code} ${m.path.join('.')}`)).toEqual([]);

    // ESM only by design: the CommonJS and node10 resolutions are out of scope (--profile esm-only).
    const attw = spawnSync(join(ROOT, 'node_modules/.bin/attw'), [tarballs[p]!, '--profile', 'esm-only', '--format', 'json'], { encoding: 'utf8', env: consumerEnv() });
    const report = JSON.parse(attw.stdout) as { analysis: { problems: { kind: string; entrypoint: string; resolutionKind?: string }[] } };
    const problems = report.analysis.problems.filter((x) => x.resolutionKind !== 'node10' && x.resolutionKind !== 'node16-cjs');
    expect(problems).toEqual([]);
    expect(attw.status).toBe(0);
  });
});

describe('installed with plain npm into an empty folder', () => {
  beforeAll(() => {
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'tuomin-consumer', private: true, type: 'module' }, null, 2)}\n`);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES.map((p) => tarballs[p]!)], { cwd: app });
    const modules = join(app, 'node_modules');
    const parseable = run('npm', ['ls', '--all', '--parseable'], { cwd: app }).trim().split('\n').filter((l) => l.includes('node_modules'));
    const deps = new Set(parseable.map((l) => l.slice(l.lastIndexOf('node_modules/') + 13)));
    const tuomin = [...deps].filter((d) => d.startsWith('@tuomin/')).length;
    console.log(`packaging: npm install of the 4 tarballs: ${(dirBytes(modules) / 1e6).toFixed(1)} MB in node_modules, ${deps.size} packages (${tuomin} @tuomin, ${deps.size - tuomin} third-party)`);
  }, 180_000);

  it('tuomin run publishes the bundled penalties spec from the installed CLI', () => {
    cpSync(join(ROOT, 'fixtures/specs/penalties.yaml'), join(app, 'data/specs/penalties.yaml'));
    cpSync(join(ROOT, 'fixtures/samples/penalties.csv'), join(app, 'data/samples/penalties.csv'));
    const out = run(join(app, 'node_modules/.bin/tuomin'), ['run', 'data/specs/penalties.yaml', '--json'], { cwd: app, env: { ...consumerEnv(), HOME: work } });
    const result = JSON.parse(out) as { ok: boolean; rows: number; packageDir: string };
    expect(result.ok).toBe(true);
    expect(result.rows).toBe(500);
    expect(existsSync(join(result.packageDir, 'datapackage.json'))).toBe(true);
    // The CLI ran from the tarballs, not from this repository.
    expect(run(join(app, 'node_modules/.bin/tuomin'), ['--version'], { cwd: app }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('the installed packages run a run on their worker pool (the job worker resolves from node_modules), publishing what one pass publishes', () => {
    writeFileSync(join(app, 'parallel.mjs'), `import { loadSpec, publishRun } from '@tuomin/publish';
const loaded = await loadSpec('data/specs/penalties.yaml');
const env = { ...process.env, TUOMIN_KEY: '000102030405060708090a0b0c0d0e0f' };
const one = await publishRun(loaded, { env, outputFolder: 'out-one', version: '1.0.0', now: new Date('2026-12-01T00:00:00Z') });
const two = await publishRun(loaded, { env, outputFolder: 'out-two', version: '1.0.0', now: new Date('2026-12-01T00:00:00Z'), workers: 2, partitionBytes: 40000 });
const data = (r) => r.files.filter((f) => f.path.startsWith('data/')).map((f) => f.sha256);
console.log(JSON.stringify({ parallel: two.parallel, same: JSON.stringify(data(one)) === JSON.stringify(data(two)) }));
`);
    const out = JSON.parse(run(process.execPath, ['parallel.mjs'], { cwd: app, env: { ...consumerEnv(), HOME: work } })) as { parallel?: { partitions?: number }; same: boolean };
    expect(out.parallel?.partitions ?? 0).toBeGreaterThan(1);
    expect(out.same).toBe(true);
  });

  it('a plain Node ESM script embeds @tuomin/core and @tuomin/io: rows from a Node stream → mask + pseudonymize → Parquet', () => {
    writeFileSync(join(app, 'embed.mjs'), EMBED);
    const out = run(process.execPath, ['embed.mjs'], { cwd: app });
    const rows = JSON.parse(out) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ 身份证号: '110101********4514', 手机号: '138****5678', 金额: '1200' });
    // Keyed pseudonyms: 16 hex characters, equal for equal names, never the name.
    expect(rows[0]!.姓名).toMatch(/^[0-9a-f]{16}$/);
    expect(rows[2]!.姓名).toBe(rows[0]!.姓名);
    expect(rows[1]!.姓名).not.toBe(rows[0]!.姓名);
    expect(out).not.toMatch(/张三|李四|110101199003074514/);
  });
});

const EMBED = `import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { pipeline, mask, pseudonymize } from '@tuomin/core';
import { rowsSource, writeParquet, openSource } from '@tuomin/io';

const rows = Readable.from([
  { 姓名: '张三', 身份证号: '110101199003074514', 手机号: '13812345678', 金额: '1200' },
  { 姓名: '李四', 身份证号: '11010119850215002X', 手机号: '13987654321', 金额: '800' },
  { 姓名: '张三', 身份证号: '110101199003074514', 手机号: '13812345678', 金额: '300' },
]);
const key = { id: 'demo', bytes: createHash('sha256').update('a test key, never a real one').digest() };
const masked = pipeline(await rowsSource(rows),
  mask({ columns: ['身份证号'], preset: 'cn.id' }),
  mask({ columns: ['手机号'], preset: 'cn.mobile' }),
  pseudonymize({ columns: ['姓名'], key, scope: { dataset: 'demo' }, length: 16 }));
await writeParquet('out.parquet', masked.schema, masked);
const back = await openSource('out.parquet');
const out = [];
for await (const b of back.batches()) for (const r of b.toArray()) out.push(r.toJSON());
console.log(JSON.stringify(out));
`;
