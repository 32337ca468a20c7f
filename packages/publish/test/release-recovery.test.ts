import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeTextAtomic } from '@tuomin/io';
import { readLedger } from '../src/index.js';
import { makeDataset } from './release-helpers.js';

const BIN = resolve('packages/cli/src/bin.ts');

function tuomin(args: string[], env: NodeJS.ProcessEnv): { code: number | null; signal: NodeJS.Signals | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', BIN, ...args], { env, encoding: 'utf8' });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** Versions folders and dot folders of the dataset folder. */
async function folders(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => /^\d|^\.(commit|rollback|staging)-/.test(n)).sort();
}

describe('a command killed in the middle of a commit is finished or rolled back by the next one', () => {
  it('killed after the rename: the next command checks the hashes and completes the release', async () => {
    const d = await makeDataset();
    const r = tuomin(['run', d.spec], { ...d.env, TUOMIN_FAULT: 'after-rename:KILL' });
    expect(r.signal ?? r.code).toMatch(/SIGKILL|137/);
    expect((await readLedger(d.datasetDir)).map((e) => e.event)).toEqual(['publish-intent']);
    const list = tuomin(['release', 'list', d.datasetDir, '--json'], d.env);
    expect(list.code, list.err).toBe(0);
    expect(list.err).toMatch(/completed the release of 1\.0\.0 .*its hashes verify/);
    expect(JSON.parse(list.out).versions.map((v: { version: string; status: string }) => `${v.version}:${v.status}`)).toEqual(['1.0.0:published']);
    expect((await readLedger(d.datasetDir)).map((e) => e.event)).toEqual(['publish-intent', 'publish']);
    expect(await folders(d.datasetDir)).toEqual(['1.0.0']);
  }, 60_000);

  it('killed before the rename: the next command rolls back and removes the commit folder', async () => {
    const d = await makeDataset();
    tuomin(['run', d.spec], { ...d.env, TUOMIN_FAULT: 'rename:KILL' });
    expect((await folders(d.datasetDir)).filter((n) => n.startsWith('.commit-'))).toHaveLength(1);
    const r = tuomin(['run', d.spec, '--json'], d.env);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).version).toBe('1.1.0');
    expect((await readLedger(d.datasetDir)).map((e) => e.event)).toEqual(['publish-intent', 'publish-rollback', 'publish-intent', 'publish']);
    expect(await folders(d.datasetDir)).toEqual(['1.1.0']);
  }, 60_000);

  it('killed in a withdrawal after the data went: the next command finishes it', async () => {
    const d = await makeDataset();
    expect(tuomin(['run', d.spec], d.env).code).toBe(0);
    const w = tuomin(['release', 'withdraw', d.datasetDir, '1.0.0', '--reason', 'leak'], { ...d.env, TUOMIN_FAULT: 'withdraw-after-delete:KILL' });
    expect(w.signal).toBe('SIGKILL');
    const list = tuomin(['release', 'list', d.datasetDir, '--json'], d.env);
    expect(list.err).toMatch(/finished the withdrawal of 1\.0\.0/);
    expect(JSON.parse(list.out).versions[0]).toMatchObject({ version: '1.0.0', status: 'withdrawn', reason: 'leak' });
    expect(JSON.parse(readFileSync(join(d.datasetDir, '1.0.0', 'status.json'), 'utf8')).status).toBe('withdrawn');
  }, 60_000);

  it('release withdraw without --reason is a usage error (exit 2)', async () => {
    const d = await makeDataset();
    const r = tuomin(['release', 'withdraw', d.datasetDir, '1.0.0'], d.env);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/--reason "\.\.\." is required/);
  }, 60_000);
});

describe('nothing raw outlives the process', () => {
  it('kill -9 of the process the user started stops the relaunched worker: it cleans up and publishes nothing', async () => {
    const d = await makeDataset(60_000);
    const env = { ...d.env };
    for (const k of ['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'TUOMIN_MALLOC_TUNING']) delete env[k];
    const parent = spawn(process.execPath, ['--import', 'tsx', BIN, 'run', d.spec], { env, stdio: 'ignore', detached: true });
    const pid = parent.pid!;
    // Wait until the worker writes its run folder, then kill only the parent.
    const deadline = Date.now() + 60_000;
    let child = 0;
    for (;;) {
      const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
      if (kids && existsSync(d.work) && (await readdir(d.work)).some((n) => n.startsWith('run-'))) {
        child = Number(kids.split(' ')[0]);
        break;
      }
      if (Date.now() > deadline) throw new Error('the run did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    process.kill(pid, 'SIGKILL');
    const gone = Date.now() + 30_000;
    while (alive(child)) {
      if (Date.now() > gone) {
        process.kill(-pid, 'SIGKILL');
        throw new Error('the worker outlived its parent');
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // It cleaned up as for SIGTERM: no run folder, nothing published, no lock left.
    expect((await readdir(d.work)).filter((n) => n.startsWith('run-'))).toEqual([]);
    expect(existsSync(d.datasetDir) ? await folders(d.datasetDir) : []).toEqual([]);
    expect(existsSync(join(d.datasetDir, '.tuomin.lock'))).toBe(false);
  }, 120_000);

  it('temporary files of a killed writer are swept by the next write into their folder', async () => {
    const d = await makeDataset(10);
    await mkdir(join(d.dir, 'conv'));
    const dead = join(d.dir, 'conv', '.tuomin-tmp-out.csv.4194311.deadbeef');
    await writeFile(dead, 'raw');
    const live = join(d.dir, 'conv', `.tuomin-tmp-other.csv.${process.pid}.0badf00d`);
    await writeFile(live, 'in progress');
    await writeTextAtomic(join(d.dir, 'conv', 'out.csv'), 'a\n');
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    // Written outside a private folder: the usual permissions; inside one: 0600.
    expect((await stat(join(d.dir, 'conv', 'out.csv'))).mode & 0o077).not.toBe(0);
    await mkdir(join(d.dir, 'private'), { mode: 0o700 });
    await writeTextAtomic(join(d.dir, 'private', 'raw.csv'), 'a\n');
    expect((await stat(join(d.dir, 'private', 'raw.csv'))).mode & 0o777).toBe(0o600);
  });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('two runs of one dataset at once', () => {
  it('the second is told the dataset is busy, by whom, and to wait; the first publishes', async () => {
    const d = await makeDataset();
    // The first run holds the lock until the second has been refused (a test hook, faults.ts).
    const release = join(d.dir, 'go');
    const first = spawn(process.execPath, ['--import', 'tsx', BIN, 'run', d.spec], { env: { ...d.env, TUOMIN_FAULT: 'locked:WAIT', TUOMIN_FAULT_RELEASE: release }, stdio: 'ignore' });
    const done = new Promise<number | null>((r) => first.on('exit', (code) => r(code)));
    const lock = join(d.datasetDir, '.tuomin.lock');
    const deadline = Date.now() + 60_000;
    while (!existsSync(lock)) {
      if (Date.now() > deadline) throw new Error('the first run never took the lock');
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = tuomin(['run', d.spec], d.env);
    expect(second.code).toBe(1);
    expect(second.err).toMatch(/is busy: `tuomin run` \(pid \d+, started .*\) is changing it/);
    expect(second.err).toMatch(/wait for that command to finish/);
    expect(second.err).not.toMatch(/withdraw/);
    await writeFile(release, '');
    expect(await done).toBe(0);
    expect(await folders(d.datasetDir)).toEqual(['1.0.0']);
  }, 120_000);
});

describe('messages', () => {
  it('a write that fails without a path (a full disk) names the file being written', async () => {
    const d = await makeDataset(10);
    const { atomicWrite } = await import('@tuomin/io');
    const target = join(d.dir, 'out.csv');
    let err: NodeJS.ErrnoException | undefined;
    try {
      await atomicWrite(target, async () => {
        const e = new Error('ENOSPC: no space left on device, write') as NodeJS.ErrnoException;
        e.code = 'ENOSPC';
        throw e;
      });
    } catch (e) {
      err = e as NodeJS.ErrnoException;
    }
    expect(err?.code).toBe('ENOSPC');
    expect(err?.path).toBe(target);
    expect((await readdir(d.dir)).filter((n) => n.startsWith('.tuomin-tmp-'))).toEqual([]);
  });
});
