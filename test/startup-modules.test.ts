import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '@tuomin/cli';

// #16: commands that move no data start without the heavy modules. Checked by the modules the
// process resolves (a loader hook records them), never by timing.
const BIN = resolve('packages/cli/src/bin.ts');
const HOOK = resolve('test/support/record-modules.mjs');
const HEAVY = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(apache-arrow|parquet-wasm|@faker-js\/faker|xxhash-wasm|flatbuffers)\//;
const dir = mkdtempSync(join(tmpdir(), 'tuomin-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function modulesOf(args: string[]): { status: number | null; stdout: string; urls: string[] } {
  const file = join(dir, `${args.join('_').replace(/\W/g, '') || 'none'}.txt`);
  const r = spawnSync(process.execPath, ['--conditions=@tuomin/source', '--import', 'tsx', '--import', HOOK, BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, TUOMIN_RECORD_MODULES: file, TUOMIN_MALLOC_TUNING: '0' },
  });
  return { status: r.status, stdout: r.stdout, urls: readFileSync(file, 'utf8').split('\n').filter(Boolean) };
}

function heavy(urls: string[]): string[] {
  return [...new Set(urls.flatMap((u) => HEAVY.exec(u)?.[1] ?? []))];
}

describe('start-up loads only what the command uses', () => {
  it.each([[['--help']], [['--version']], [[]], [['no-such-verb']], [['no-such-verb', '--json']]])('tuomin %j: no Arrow, Parquet, faker or WebAssembly', (args) => {
    const { status, urls } = modulesOf(args);
    expect(status).toBe(args[0] === '--help' || args[0] === '--version' ? 0 : 2);
    // The recorder saw the CLI itself, so an empty heavy list means something.
    expect(urls.some((u) => u.endsWith('/cli/src/main.ts'))).toBe(true);
    expect(heavy(urls)).toEqual([]);
  });

  // release, catalog and due read ledgers and datapackage.json files, no data: on a folder of
  // published packages (one real run of the bundled penalties spec) they load none of it either.
  describe('on a published package', () => {
    const published = join(dir, 'published');
    beforeAll(async () => {
      mkdirSync(published);
      copyFileSync(resolve('fixtures/samples/penalties.csv'), join(published, 'penalties.csv'));
      const spec = readFileSync('fixtures/specs/penalties.yaml', 'utf8').replace('path: ../samples/penalties.csv', 'path: penalties.csv').replace('folder: ../out', 'folder: out');
      writeFileSync(join(published, 'penalties.yaml'), spec);
      const quiet = new Writable({ write(_c, _e, cb) { cb(); } });
      expect(await main(['run', 'penalties.yaml', '--json'], { stdout: quiet, stderr: quiet, cwd: published, env: process.env })).toBe(0);
    }, 120_000);

    it.each([
      [['release', 'list', '@/out/binzhou-admin-penalties']],
      [['release', 'verify', '@/out/binzhou-admin-penalties']],
      [['catalog', '@/out', '--out', '@/list']],
      [['due', '@/out']],
    ])('tuomin %j: no Arrow, Parquet, faker or WebAssembly', (args) => {
      const { status, urls } = modulesOf(args.map((a) => a.replace(/^@\//, `${published}/`)));
      expect(status).toBe(0);
      // The command's own module ran, so an empty heavy list means something.
      expect(urls.some((u) => u.endsWith(args[0] === 'release' ? '/publish/src/release/status-change.ts' : '/publish/src/catalog/open-list.ts'))).toBe(true);
      expect(heavy(urls)).toEqual([]);
    });

    // A spec is read through the rule schemas alone (@tuomin/core/light), not the kernels: the
    // catalog of a folder that holds one, and release commands given a spec instead of a folder.
    it.each([
      [['catalog', '@/', '--out', `${dir}/list-with-spec`, '--json']],
      [['release', 'list', '@/penalties.yaml', '--json']],
      [['release', 'verify', '@/penalties.yaml', '--json']],
    ])('tuomin %j: parses the spec, loads no Arrow, Parquet, faker or WebAssembly', (args) => {
      const { status, stdout, urls } = modulesOf(args.map((a) => a.replace(/^@\//, `${published}/`)));
      expect(status).toBe(0);
      // The spec loader ran and the spec was used, so an empty heavy list means something.
      expect(urls.some((u) => u.endsWith('/publish/src/spec/load.ts'))).toBe(true);
      const out = JSON.parse(stdout) as { entries?: { id: string; source: string }[]; skipped?: unknown[]; versions?: unknown[] };
      if (args[0] === 'catalog') {
        expect(out.skipped).toEqual([]);
        expect(out.entries?.map((e) => e.id)).toEqual(['binzhou-admin-penalties']);
      } else {
        expect(JSON.stringify(out)).toContain('1.0.0');
      }
      expect(heavy(urls)).toEqual([]);
    });
  });

  it('a data command does load Arrow (the recorder sees heavy modules when they are loaded)', () => {
    // A command that reads data: since session 10 a data verb's --help loads none of it either.
    const { status, urls } = modulesOf(['scan', resolve('fixtures/samples/enterprises.csv')]);
    expect(status).not.toBe(2);
    expect(heavy(urls)).toContain('apache-arrow');
  });

  it('@tuomin/core/light (rule schemas, privacy options, key checks, detectors) loads no Arrow, Parquet, faker or WebAssembly', () => {
    const file = join(dir, 'core-light.txt');
    const r = spawnSync(process.execPath, ['--conditions=@tuomin/source', '--import', 'tsx', '--import', HOOK, '--input-type=module', '-e', "const l = await import('@tuomin/core/light'); if (!l.findRuleSchema('fpe')?.options.safeParse({ format: 'cn.id', key: { env: 'K' } }).success) process.exit(3);"], {
      encoding: 'utf8', cwd: resolve('packages/cli'), env: { ...process.env, TUOMIN_RECORD_MODULES: file },
    });
    expect(r.status, r.stderr).toBe(0);
    const urls = readFileSync(file, 'utf8').split('\n');
    // The schemas of every rule family were loaded (fpe's among them), so an empty heavy list means something.
    expect(urls.some((u) => u.endsWith('/core/src/transforms/pseudonymize/fpe/options.ts'))).toBe(true);
    expect(heavy(urls)).toEqual([]);
  });

  it('the root entry of @tuomin/core loads no faker', () => {
    const file = join(dir, 'core.txt');
    const r = spawnSync(process.execPath, ['--conditions=@tuomin/source', '--import', 'tsx', '--import', HOOK, '--input-type=module', '-e', "await import('@tuomin/core')"], {
      encoding: 'utf8', cwd: resolve('packages/cli'), env: { ...process.env, TUOMIN_RECORD_MODULES: file },
    });
    expect(r.status, r.stderr).toBe(0);
    const urls = readFileSync(file, 'utf8').split('\n');
    expect(urls.some((u) => u.endsWith('/core/src/index.ts'))).toBe(true);
    expect(heavy(urls)).not.toContain('@faker-js/faker');
  });
});
