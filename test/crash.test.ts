import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { closeStore, loadSpec, openStore, publishRun } from '@tuomin/publish';
import { makeDataset, RAW_ID_PREFIX } from '../packages/publish/test/release-helpers.js';
import { mulberry32 } from '../fixtures/lib/rng.js';

/**
 * `tuomin run` killed with SIGKILL at 20 seeded random points over a medium input (every fifth
 * one as soon as the commit starts, so recovery is exercised for real): the process
 * the user started and its worker together, the started process alone (its worker must stop by
 * itself), or the worker alone. After each kill: no partial version is visible, the ledger
 * verifies, nothing raw is readable under the output tree or by anyone else in the work folder,
 * and the next run succeeds. TUOMIN_CRASH_ROWS sets the input size (default 50,000 rows).
 */
const BIN = resolve('packages/cli/src/bin.ts');
const ROWS = Number(process.env.TUOMIN_CRASH_ROWS ?? 50_000);
const KILLS = 20;
const RAW = new RegExp(`${RAW_ID_PREFIX}\\d{12}`);

async function walk(dir: string): Promise<Array<{ path: string; dir: boolean }>> {
  if (!existsSync(dir)) return [];
  const out: Array<{ path: string; dir: boolean }> = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    out.push({ path: p, dir: e.isDirectory() });
    if (e.isDirectory()) out.push(...(await walk(p)));
  }
  return out;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  // Zombies of the group count as gone.
  for (const p of readdirSafe('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const st = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid && f[0] !== 'Z') return true;
    } catch {
      /* gone */
    }
  }
  return false;
}

function readdirSafe(d: string): string[] {
  try {
    return readdirSync(d);
  } catch {
    return [];
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

describe('crash consistency of tuomin run', () => {
  it(`SIGKILL at ${KILLS} random points leaves no partial version, a verified ledger, nothing raw, and a next run that succeeds`, async () => {
    const d = await makeDataset(ROWS);
    const loaded = await loadSpec(d.spec);
    const rng = mulberry32(20261206);
    // Full runs as the user starts them: the first fills tsx's compile cache, the second gives
    // the time a run takes (the range of the kill points).
    const first = await start(d.spec, d.env);
    expect(await first.exited, first.stderr()).toBe(0);
    const t0 = Date.now();
    const second = await start(d.spec, d.env);
    expect(await second.exited, second.stderr()).toBe(0);
    const full = Date.now() - t0;
    let committed = 2;
    const modes = ['group', 'parent', 'child'] as const;
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const mode = modes[i % modes.length]!;
      // Half the points anywhere in the run, half in its second half (reviews, packaging, commit).
      const at = Math.round(i % 2 === 0 ? rng() * full : full * (0.5 + 0.5 * rng()));
      const run = await start(d.spec, d.env);
      // Every fifth kill aims at the commit itself: as soon as the package enters the dataset folder.
      const atCommit = i % 5 === 4;
      if (atCommit) await commitStarts(d.datasetDir, run.exited, full * 3);
      else await new Promise((r) => setTimeout(r, at));
      const kids = childrenOf(run.pid);
      // The run may have ended by now (ESRCH): that is a point too.
      kill(mode === 'group' ? -run.pid : mode === 'parent' || kids.length === 0 ? run.pid : kids[0]!);
      await run.exited;
      // Every process of the run stops by itself (the worker watches its parent).
      const deadline = Date.now() + 30_000;
      while (groupAlive(run.pid)) {
        if (Date.now() > deadline) {
          process.kill(-run.pid, 'SIGKILL');
          throw new Error(`kill ${i} (${mode} at ${at} ms): a process of the run outlived the kill`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }

      // The ledger verifies and agrees with the folders (a read, as catalog does: no repair).
      const view = await openStore(d.datasetDir, { mode: 'read', command: 'test' });
      const pending = [...view.state.pendingPublish.keys()];
      const versions = (await readdir(d.datasetDir)).filter((n) => /^\d+\.\d+\.\d+$/.test(n));
      // No partial version: a folder in place is either committed or complete (its intent is in
      // the ledger and its files match their hashes; the next command completes it).
      for (const v of versions) expect(view.state.versions.has(v) || pending.includes(v), `kill ${i}: ${v}`).toBe(true);
      expect(view.versions.every((v) => v.status === 'published')).toBe(true);

      // Nothing raw under the output tree; nothing in the work folder that others can reach.
      for (const f of await walk(join(d.dir, 'out'))) {
        if (!f.dir && !/\.(parquet)$/.test(f.path)) expect(RAW.test(await readFile(f.path, 'latin1')), `kill ${i}: raw data in ${f.path}`).toBe(false);
      }
      expect((await stat(d.work)).mode & 0o077).toBe(0);
      for (const f of await walk(d.work)) {
        if (f.dir) expect((await stat(f.path)).mode & 0o077, `kill ${i}: ${f.path} is open to others`).toBe(0);
      }

      const finished = view.versions.length > committed;
      committed = view.versions.length;

      // The next run succeeds (it recovers a half-done commit first), and sweeps the leftovers.
      const next = await publishRun(loaded, { env: d.env });
      const after = await openStore(d.datasetDir, { mode: 'write', command: 'test' });
      try {
        expect(after.versions.at(-1)?.version).toBe(next.version);
        // The killed run's version counts if it was in place (completed), never half.
        expect(after.versions.length - committed).toBeGreaterThanOrEqual(1);
        expect(after.versions.length - committed).toBeLessThanOrEqual(1 + pending.length);
        outcomes.push(`${mode}@${atCommit ? 'commit' : `${at}ms`}${finished ? ' (had finished)' : pending.length ? ` (${after.versions.length - committed === 2 ? 'completed' : 'rolled back'} by the next run)` : ''}`);
        committed = after.versions.length;
      } finally {
        await closeStore(after);
      }
      expect((await readdir(d.datasetDir)).filter((n) => n.startsWith('.'))).toEqual([]);
      expect((await readdir(d.work)).filter((n) => n.startsWith('run-'))).toEqual([]);
    }
    console.log(`crash test: ${ROWS} rows, full run ${full} ms, ${KILLS} kills: ${outcomes.join(', ')}`);
  }, 600_000);
});

/** Resolves when a commit folder (or a new version folder) appears, or the run ends, or after `ms`. */
async function commitStarts(datasetDir: string, exited: Promise<unknown>, ms: number): Promise<void> {
  let ended = false;
  void exited.then(() => { ended = true; });
  const before = new Set(readdirSafe(datasetDir));
  const deadline = Date.now() + ms;
  while (!ended && Date.now() < deadline) {
    if (readdirSafe(datasetDir).some((n) => !before.has(n) && (n.startsWith('.commit-') || /^\d+\.\d+\.\d+$/.test(n)))) return;
    await new Promise((r) => setTimeout(r, 1));
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

async function start(spec: string, env: NodeJS.ProcessEnv): Promise<{ pid: number; exited: Promise<number | null>; stderr: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'run', spec], { env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += String(c); });
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  await new Promise((r) => child.once('spawn', r));
  return { pid: child.pid!, exited, stderr: () => stderr };
}
