import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * #16: the single executable (pnpm build:sea) on a machine with no Node and no network: run with an
 * empty PATH and HOME (nothing else to find) and, where the kernel allows it, in a network
 * namespace of its own with no interface up (unshare -n). Builds the file, or reuses the one
 * named by TUOMIN_SEA_EXE.
 */
const ROOT = resolve('.');
const work = mkdtempSync(join(tmpdir(), 'tuomin-sea-test-'));
let exe = process.env.TUOMIN_SEA_EXE ?? '';
const offline = spawnSync('unshare', ['-n', 'true']).status === 0;

beforeAll(() => {
  if (!exe) {
    const b = spawnSync(process.execPath, [join(ROOT, 'tools/sea/build.mjs')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    expect(b.status, b.stderr).toBe(0);
    exe = join(ROOT, 'dist/sea', `tuomin-${process.platform}-${process.arch}`);
    console.log(`sea: ${b.stdout.trim()}; ${offline ? 'runs without a network (unshare -n)' : 'unshare -n unavailable: runs with the network present'}`);
  }
  // The bundled specs and samples, where a user would have theirs.
  cpSync(join(ROOT, 'fixtures/specs'), join(work, 'specs'), { recursive: true });
  cpSync(join(ROOT, 'fixtures/samples'), join(work, 'samples'), { recursive: true });
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function tuomin(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const cmd = offline ? 'unshare' : exe;
  const argv = offline ? ['-n', exe, ...args] : args;
  // Only what the file itself brings: no PATH to a node, no HOME, no NODE_OPTIONS.
  const r = spawnSync(cmd === 'unshare' ? '/usr/bin/unshare' : cmd, argv, { cwd: work, encoding: 'utf8', env: { PATH: '', HOME: '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(r: { status: number | null; stdout: string; stderr: string }): Record<string, unknown> {
  try {
    return JSON.parse(r.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 2000)}`);
  }
}

describe('the single executable, with no Node and no network', () => {
  it('is one file with its checksum beside it', () => {
    const sums = join(resolve(exe, '..'), 'SHA256SUMS');
    if (existsSync(sums)) {
      const [hash, name] = readFileSync(sums, 'utf8').trim().split(/\s+/);
      expect(exe.endsWith(name!)).toBe(true);
      expect(createHash('sha256').update(readFileSync(exe)).digest('hex')).toBe(hash);
    }
    expect(statSync(exe).mode & 0o111).not.toBe(0);
    const r = tuomin(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version);
  });

  it('run publishes the bundled penalties spec, and the package verifies', () => {
    const r = json(tuomin(['run', 'specs/penalties.yaml', '--json']));
    expect(r.ok).toBe(true);
    expect(r.rows).toBe(500);
    const dir = r.packageDir as string;
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n');
    for (const line of sums) {
      const [hash, file] = line.split(/\s+\*?/);
      expect(createHash('sha256').update(readFileSync(join(dir, file!))).digest('hex'), file).toBe(hash);
    }
    expect(json(tuomin(['release', 'verify', 'specs/penalties.yaml', '--json'])).ok).toBe(true);
  });

  it('run with a key: synthetic names, format-preserving IDs and keyed pseudonyms (employment spec)', () => {
    const r = json(tuomin(['run', 'specs/employment.yaml', '--json'], { TUOMIN_KEY: '3c9a51e07bd24f6889a1c2e3d4f50617' }));
    expect(r.ok).toBe(true);
    expect(r.rows).toBeGreaterThan(0);
  });

  it('convert reads GBK CSV and writes Parquet and Arrow IPC; scan and profile read the Parquet back (WebAssembly)', () => {
    const c = json(tuomin(['convert', 'samples/penalties-gbk.csv', 'p.parquet', '--json']));
    expect(c.ok).toBe(true);
    expect(json(tuomin(['convert', 'p.parquet', 'p.arrow', '--json'])).ok).toBe(true);
    const s = tuomin(['scan', 'p.parquet', '--json']);
    // The raw extract holds identifiers: exit 3 with the findings (never the values).
    expect(s.status).toBe(3);
    expect((json(s).findings as unknown[]).length).toBeGreaterThan(0);
    const p = json(tuomin(['profile', 'p.arrow', '--json']));
    expect(p.ok).toBe(true);
  });

  it('risk over quasi-identifiers', () => {
    const r = json(tuomin(['risk', 'samples/employment.csv', '--qi', '性别,出生日期,所在区县', '--k', '5', '--json']));
    expect(r.ok).toBe(true);
    expect(r).toHaveProperty('k');
  });
});
