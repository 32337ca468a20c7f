import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A consumer's side of the packages: the environment of a shell outside this repository, commands
 * run there, and the third-party dependencies of the four packages as tarballs for an offline
 * `npm install` (test/ship-audit-2.test.ts).
 */

/** What a consumer's shell has: no tsx, no @tuomin/source condition, no npm lifecycle variables. */
export function consumerEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
  delete env.NODE_OPTIONS;
  for (const k of Object.keys(env)) if (k.startsWith('npm_package_') || k === 'npm_config_user_agent' || k === 'INIT_CWD') delete env[k];
  return { ...env, ...extra };
}

export interface Ran { status: number | null; stdout: string; stderr: string }

/** Runs a command; never throws for its exit code (the tests read it). */
export function runIn(cmd: string, args: string[], opts: SpawnSyncOptions = {}): Ran {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: consumerEnv(), maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Runs a command that must succeed; its stdout. */
export function runOk(cmd: string, args: string[], opts: SpawnSyncOptions = {}): string {
  const r = runIn(cmd, args, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}\n${r.stderr.slice(-3000)}\n${r.stdout.slice(-2000)}`);
  return r.stdout;
}

export function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += dirBytes(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

/** The folder of package `name` as Node would find it from `fromDir` (its exports map may hide package.json). */
function packageDir(fromDir: string, name: string): string | undefined {
  for (let d = fromDir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Every third-party package the four packages need at run time (dependencies and peers, with
 * their own dependencies), as the workspace installed them from the lockfile: name@version → folder.
 */
export function thirdPartyDependencies(root: string, packages: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (dir: string): void => {
    const m = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; dependencies?: Record<string, string> };
    const key = `${m.name}@${m.version}`;
    if (found.has(key)) return;
    found.set(key, dir);
    for (const dep of Object.keys(m.dependencies ?? {})) {
      const d = packageDir(dir, dep);
      if (!d) throw new Error(`${dep}, a dependency of ${key}, is not installed in the workspace`);
      visit(d);
    }
  };
  for (const p of packages) {
    const pkgDir = join(root, 'packages', p);
    const m = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; peerDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...m.dependencies, ...m.peerDependencies })) {
      if (dep.startsWith('@tuomin/')) continue;
      const d = packageDir(pkgDir, dep);
      if (!d) throw new Error(`${dep}, a dependency of @tuomin/${p}, is not installed in the workspace`);
      visit(d);
    }
  }
  return found;
}

/**
 * Packs each installed dependency folder into `<dest>/<name>-<version>.tgz` with tar (the layout
 * npm expects: one `package/` folder). Why not `npm pack <folder>`: it aborted on zod's folder
 * ("Exit handler never called", npm 10); tar copies the published files as installed.
 */
export function packFolders(deps: Map<string, string>, dest: string): string[] {
  return [...deps].map(([key, dir]) => {
    const file = join(dest, `${key.replace(/^@/, '').replace(/[/@]/g, '-')}.tgz`);
    // --hard-dereference: pnpm's store hard-links files of equal content (zod's compile.d.ts and
    // compile.d.cts), tar then writes the second as a link entry, and npm drops link entries.
    runOk('tar', ['czf', file, '--hard-dereference', '--exclude=./node_modules', '--transform', 's,^\\.,package,', '-C', dir, '.']);
    return file;
  });
}

/**
 * `pnpm build`, then `pnpm pack` of each package into `dest` (publishConfig applied, workspace:
 * ranges replaced): the tarball of each, by package. One test file at a time, under a lock folder:
 * the build swaps each dist/bundle whole, and a second build or a pack running meanwhile (vitest runs
 * test files in parallel) would read a half-written dist. `before` runs under the lock, first.
 */
export function buildAndPack(root: string, packages: readonly string[], dest: string, before?: () => void): Record<string, string> {
  const lock = join(root, 'node_modules', '.tuomin-build-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // A lock older than any build was left by a killed run.
    try {
      if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
    } catch { /* removed meanwhile */ }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    before?.();
    runOk('pnpm', ['build'], { cwd: root });
    const tarballs: Record<string, string> = {};
    for (const p of packages) {
      const out = runOk('pnpm', ['pack', '--pack-destination', dest], { cwd: join(root, 'packages', p) });
      const file = out.trim().split('\n').pop()!.trim();
      if (!existsSync(file)) throw new Error(`pnpm pack of @tuomin/${p} named ${file}, which does not exist:\n${out}`);
      tarballs[p] = file;
    }
    return tarballs;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
