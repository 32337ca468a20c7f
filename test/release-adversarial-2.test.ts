import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listVersions, loadSpec, publishRun, verifyReleases } from '@tuomin/publish';
import { makeDataset } from '../packages/publish/test/release-helpers.js';

/**
 * Attacks on the release store, each followed by the questions a publisher asks: does
 * `release verify` say what is wrong (exit 1, naming the version and the file)? Does
 * `release list` (and so catalog) refuse to show a release that is not whole? Does the next run
 * recover or refuse with a reason, leaving nothing behind? The table of outcomes is in
 * docs/publication.md ("Attacks on the release store"). Real files and real `tuomin` processes;
 * faults are injected only through TUOMIN_FAULT (release/faults.ts).
 */
const BIN = resolve('packages/cli/src/bin.ts');
// The processes run in the attacked folders, where `--import tsx` would not resolve.
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;

let base: Awaited<ReturnType<typeof makeDataset>>;

beforeAll(async () => {
  base = await makeDataset(300);
  const loaded = await loadSpec(base.spec);
  await publishRun(loaded, { env: base.env });
  await publishRun(loaded, { env: base.env });
}, 120_000);

const made: string[] = [];
afterAll(() => {
  for (const d of [...made, base.dir]) rmSync(d, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A copy of the two-version store (spec, source, out/crash-test) to attack. */
function copyStore(): { dir: string; ds: string; spec: string; env: NodeJS.ProcessEnv } {
  const dir = tempDir('tuomin-adv-');
  // Times kept, as a backup tool keeps them: a copy that moves them reads as unchecked (release/fingerprint.ts).
  cpSync(base.dir, dir, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  const work = join(dir, 'work');
  return { dir, ds: join(dir, 'out', 'crash-test'), spec: join(dir, 'spec.yaml'), env: { ...base.env, TUOMIN_WORK_DIR: work, LANG: 'en' } };
}

function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, ['--import', TSX, BIN, ...args, '--lang', 'en'], { env, cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function dotNames(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith('.'));
}

describe('a version folder changed after its release', () => {
  // Each was shown as published by `release list` and advertised by catalog before; the last
  // three also passed `release verify`.
  const cases: Array<[string, (ds: string) => void, RegExp]> = [
    ['a data file deleted', (ds) => unlinkSync(join(ds, '1.1.0/data/crash-test.parquet')), /version 1\.1\.0 is published.*data\/crash-test\.parquet is missing/],
    ['a raw file dropped into data/', (ds) => cpSync(join(ds, '../../in.csv'), join(ds, '1.1.0/data/raw.csv')), /version 1\.1\.0 .*data\/raw\.csv is not listed in SHA256SUMS/],
    ['the version folder replaced by a symbolic link to a copy elsewhere', (ds) => {
      const away = tempDir('tuomin-adv-away-');
      renameSync(join(ds, '1.1.0'), join(away, '1.1.0'));
      symlinkSync(join(away, '1.1.0'), join(ds, '1.1.0'));
    }, /version 1\.1\.0 .*the version folder is a symbolic link/],
    ['a data file replaced by a symbolic link to an identical copy', (ds) => {
      const away = tempDir('tuomin-adv-away-');
      cpSync(join(ds, '1.1.0/data/crash-test.csv'), join(away, 'x.csv'));
      unlinkSync(join(ds, '1.1.0/data/crash-test.csv'));
      symlinkSync(join(away, 'x.csv'), join(ds, '1.1.0/data/crash-test.csv'));
    }, /version 1\.1\.0 .*data\/crash-test\.csv is a symbolic link/],
  ];
  for (const [what, attack, message] of cases) {
    it(`${what}: list, verify and the next run refuse, naming the version and the file`, async () => {
      const s = copyStore();
      attack(s.ds);
      await expect(listVersions(s.ds)).rejects.toThrow(message);
      await expect(verifyReleases(s.ds)).rejects.toThrow(message);
      const run = await publishRun(await loadSpec(s.spec), { env: s.env }).then(() => 'published', (e: Error) => e.message);
      expect(run).toMatch(message);
      expect(readdirSync(s.ds).filter((n) => /^\d/.test(n)).sort()).toEqual(['1.0.0', '1.1.0']);
      expect(dotNames(s.ds)).toEqual([]);
    });
  }

  it('the same attacks through the CLI: exit 1 from release list and release verify, the message names the file', () => {
    const s = copyStore();
    unlinkSync(join(s.ds, '1.1.0/data/crash-test.parquet'));
    for (const action of ['list', 'verify']) {
      const r = cli(['release', action, s.spec], s.env, s.dir);
      expect(r.status, r.out).toBe(1);
      expect(r.out).toMatch(/ledger\.jsonl, line 4: version 1\.1\.0 .*data\/crash-test\.parquet is missing/);
    }
  }, 60_000);

  it('one byte of a data file, datapackage.json edited: verify names each, and list refuses (the cheap check, release/fingerprint.ts: before, list showed both as published)', async () => {
    const s = copyStore();
    const csv = join(s.ds, '1.1.0/data/crash-test.csv');
    const bytes = readFileSync(csv);
    bytes[100] = bytes[100] === 0x58 ? 0x59 : 0x58;
    writeFileSync(csv, bytes);
    const dp = join(s.ds, '1.0.0/datapackage.json');
    writeFileSync(dp, readFileSync(dp, 'utf8').replace('崩溃测试', '崩溃测验'));
    const r = await verifyReleases(s.ds);
    expect(r.problems).toEqual([
      { version: '1.0.0', problem: 'datapackage.json does not match its hash' },
      { version: '1.1.0', problem: 'data/crash-test.csv does not match its hash' },
    ]);
    await expect(listVersions(s.ds)).rejects.toThrow(/version 1\.0\.0 is published in the ledger, but its file datapackage\.json changed since publication/);
  });

  it('SHA256SUMS rewritten to match an edited data file, a version folder deleted, a folder copied in: every command refuses', async () => {
    const sums = copyStore();
    const file = join(sums.ds, '1.1.0/SHA256SUMS');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^[0-9a-f]{64}(?= {2}data\/crash-test\.csv$)/m, 'f'.repeat(64)));
    await expect(listVersions(sums.ds)).rejects.toThrow(/SHA256SUMS of version 1\.1\.0 differs from the digest the ledger recorded/);
    const gone = copyStore();
    rmSync(join(gone.ds, '1.0.0'), { recursive: true });
    await expect(listVersions(gone.ds)).rejects.toThrow(/version 1\.0\.0 as published, but its folder .* is missing/);
    const extra = copyStore();
    cpSync(join(extra.ds, '1.1.0'), join(extra.ds, '1.2.0'), { recursive: true });
    await expect(listVersions(extra.ds)).rejects.toThrow(/1\.2\.0 is a version folder that the release ledger does not record/);
  });
});

describe('the ledger changed by hand', () => {
  const lines = (ds: string): string[] => readFileSync(join(ds, 'ledger.jsonl'), 'utf8').split('\n').slice(0, -1);
  const put = (ds: string, l: string[], tail = '\n'): void => writeFileSync(join(ds, 'ledger.jsonl'), `${l.join('\n')}${tail}`);
  const cases: Array<[string, (ds: string) => void, RegExp]> = [
    ['cut short in its last line', (ds) => { const l = lines(ds); put(ds, [...l.slice(0, -1), l.at(-1)!.slice(0, 40)], ''); }, /line 4: .*the last line is incomplete/],
    ['a line edited', (ds) => { const l = lines(ds); l[0] = l[0]!.replace('crash-test', 'crash-tesT'); put(ds, l); }, /line 2: .*hash of line 1 recorded here does not match/],
    ['two lines swapped', (ds) => { const l = lines(ds); put(ds, [l[0]!, l[2]!, l[1]!, l[3]!]); }, /line 2: .*hash of line 1/],
    ['a line duplicated', (ds) => { const l = lines(ds); put(ds, [l[0]!, l[1]!, l[1]!, l[2]!, l[3]!]); }, /line 3: .*hash of line 2/],
    ['its last line removed', (ds) => put(ds, lines(ds).slice(0, -1)), /line 3: .*ledger\.head says the ledger had 4 lines, it has 3/],
    ['ledger.head deleted', (ds) => unlinkSync(join(ds, 'ledger.head')), /ledger\.head is missing/],
    ['a forged line appended with a wrong hash', (ds) => appendFileSync(join(ds, 'ledger.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), event: 'withdraw', dataset: 'crash-test', version: '1.0.0', prev: '0'.repeat(64) })}\n`), /line 5: .*hash of line 4/],
  ];
  for (const [what, attack, message] of cases) {
    it(`${what}: every command stops, naming the line`, async () => {
      const s = copyStore();
      attack(s.ds);
      await expect(listVersions(s.ds)).rejects.toThrow(message);
      await expect(publishRun(await loadSpec(s.spec), { env: s.env })).rejects.toThrow(message);
      expect(dotNames(s.ds)).toEqual([]);
    });
  }
});

describe('failures inside the commit, in real processes', () => {
  it('ledger.head cannot be written after the completion line: the run says "taken back" and the ledger agrees (before: the publish line stayed, the rollback after it, and the store was unreadable for good)', async () => {
    const s = copyStore();
    // The first append of the run is its publish-intent, the second its completion.
    const r = cli(['run', s.spec], { ...s.env, TUOMIN_FAULT: 'ledger-head:ENOSPC:2' }, s.dir);
    expect(r.status, r.out).toBe(1);
    expect(r.out).toMatch(/no space left on the device\); version 1\.2\.0 was taken back: nothing was published/);
    expect((await listVersions(s.ds)).map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
    expect(readdirSync(s.ds).filter((n) => !n.startsWith('ledger')).sort()).toEqual(['1.0.0', '1.1.0']);
    const next = await publishRun(await loadSpec(s.spec), { env: s.env });
    expect(next.version).toBe('1.3.0');
    expect((await verifyReleases(s.ds)).problems).toEqual([]);
  }, 60_000);

  it('ledger.head cannot be written after the publish-intent: nothing published, the number is burnt, the next run goes on', async () => {
    const s = copyStore();
    const r = cli(['run', s.spec], { ...s.env, TUOMIN_FAULT: 'ledger-head:EIO:1' }, s.dir);
    expect(r.status, r.out).toBe(1);
    expect(r.out).toMatch(/nothing was published/);
    expect((await listVersions(s.ds)).map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
    expect(dotNames(s.ds)).toEqual([]);
  }, 60_000);

  it('a run killed between the rename and its completion, then a raw file dropped into the version: the next command rolls it back instead of completing it (before: completed, with the file)', async () => {
    const s = copyStore();
    const r = cli(['run', s.spec], { ...s.env, TUOMIN_FAULT: 'after-rename:KILL' }, s.dir);
    expect(r.status, r.out).toBeNull();
    cpSync(join(s.dir, 'in.csv'), join(s.ds, '1.2.0/data/raw.csv'));
    const notes: string[] = [];
    expect((await listVersions(s.ds, notes)).map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
    expect(notes.join('\n')).toMatch(/rolled back the release of 1\.2\.0 .*data\/raw\.csv is not listed in SHA256SUMS/);
    expect(existsSync(join(s.ds, '1.2.0'))).toBe(false);
  }, 60_000);

  it('two runs and a withdrawal at once: one holds the dataset, the others are told it is busy and change nothing', async () => {
    const s = copyStore();
    const release = join(s.dir, 'go');
    const first = spawn(process.execPath, ['--import', TSX, BIN, 'run', s.spec, '--lang', 'en'], { env: { ...s.env, TUOMIN_FAULT: 'locked:WAIT', TUOMIN_FAULT_RELEASE: release }, cwd: s.dir, stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => first.on('close', r));
    while (!existsSync(join(s.ds, '.tuomin.lock'))) await new Promise((r) => setTimeout(r, 20));
    const second = cli(['run', s.spec], s.env, s.dir);
    const withdraw = cli(['release', 'withdraw', s.spec, '1.1.0', '--reason', 'leak'], s.env, s.dir);
    writeFileSync(release, '');
    expect(await exited).toBe(0);
    for (const r of [second, withdraw]) {
      expect(r.status, r.out).toBe(1);
      expect(r.out).toMatch(/dataset .* is busy: `tuomin run` \(pid \d+/);
    }
    expect((await listVersions(s.ds)).map((v) => `${v.version} ${v.status}`)).toEqual(['1.0.0 published', '1.1.0 published', '1.2.0 published']);
  }, 120_000);

  it('the started process killed (SIGKILL) as soon as it has relaunched itself: its child stops and publishes nothing (before: the child ran the whole run alone and published, 3 of 3)', async () => {
    const s = copyStore();
    const lines = (): number => readFileSync(join(s.ds, 'ledger.jsonl'), 'utf8').split('\n').length;
    const before = lines();
    const parent = spawn(process.execPath, ['--import', TSX, BIN, 'run', s.spec], { env: s.env, cwd: s.dir, stdio: 'ignore' });
    const gone = new Promise((r) => parent.on('exit', r));
    let child = 0;
    while (!child && parent.exitCode === null) {
      await new Promise((r) => setTimeout(r, 5));
      child = Number(readFileSync(`/proc/${parent.pid}/task/${parent.pid}/children`, 'utf8').trim().split(' ')[0]) || 0;
    }
    expect(child, 'the run relaunches itself (malloc tuning) on Linux').toBeGreaterThan(0);
    parent.kill('SIGKILL');
    await gone;
    const alive = (): boolean => { try { return readFileSync(`/proc/${child}/stat`, 'utf8').split(') ')[1]![0] !== 'Z'; } catch { return false; } };
    // Generous: the child stops at its first turn of the event loop once loaded, not at a time.
    const deadline = Date.now() + 90_000;
    while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(alive(), 'the child outlived its parent').toBe(false);
    expect(lines()).toBe(before);
    expect((await listVersions(s.ds)).map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
  }, 120_000);

  it('a clock set back a day: the run refuses before its pass, naming both times (before: 1.2.0 was recorded as opened a day before 1.1.0)', async () => {
    const s = copyStore();
    const shift = join(s.dir, 'clock-back.mjs');
    writeFileSync(shift, `const R = Date; globalThis.Date = class extends R { constructor(...a) { if (a.length) super(...a); else super(R.now() - 86400000); } static now() { return R.now() - 86400000; } };\n`);
    const r = cli(['run', s.spec], { ...s.env, NODE_OPTIONS: `${s.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(shift).href}` }, s.dir);
    expect(r.status, r.out).toBe(1);
    expect(r.out).toMatch(/ledger\.jsonl, line 4: the system clock \(\S+\) is behind the last line of the release ledger \(\S+\)/);
    expect((await listVersions(s.ds)).map((v) => v.version)).toEqual(['1.0.0', '1.1.0']);
    expect(readdirSync(join(s.dir, 'work')).filter((n) => n.startsWith('run-'))).toEqual([]);
  }, 60_000);

  it('a store under a path with spaces and Chinese characters: run, list and verify work', () => {
    const s = copyStore();
    const dir = join(s.dir, '发布 目录', 'open data');
    mkdirSync(dir, { recursive: true });
    cpSync(join(s.dir, 'spec.yaml'), join(dir, 'spec.yaml'));
    cpSync(join(s.dir, 'in.csv'), join(dir, 'in.csv'));
    expect(cli(['run', join(dir, 'spec.yaml')], s.env, dir).status).toBe(0);
    const v = cli(['release', 'verify', join(dir, 'spec.yaml')], s.env, dir);
    expect(v.status, v.out).toBe(0);
    expect(v.out).toMatch(/ledger 2 line\(s\), chain verified; 1 version\(s\)/);
  }, 60_000);
});

/** A private mount namespace (root, or user namespaces): a real full disk and a real read-only file system. */
const canMount = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!canMount)('a full disk and a read-only store (tmpfs and bind mounts in a private mount namespace)', () => {
  const cmd = (args: string): string => `'${process.execPath}' --import ${TSX} '${BIN}' ${args} --lang en`;

  it('no space at all: the run refuses naming the dataset folder and leaves no lock file (before: .tuomin.lock.<pid>.<token> stayed)', () => {
    const s = copyStore();
    const out = join(s.dir, 'out');
    const script = `mount -t tmpfs -o size=1m tmpfs '${out}.t' && cp -a '${out}/.' '${out}.t/' && mount --bind '${out}.t' '${out}' && dd if=/dev/zero of='${out}/filler' bs=4096 2>/dev/null; ${cmd(`run '${s.spec}'`)}; echo "rc=$?"; ls -A '${s.ds}'`;
    mkdirSync(`${out}.t`);
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { env: s.env, cwd: s.dir, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toMatch(/cannot write in the dataset folder .*crash-test: no space left on the device/);
    expect(r.stdout).toMatch(/rc=1\n1\.0\.0\n1\.1\.0\nledger\.head\nledger\.jsonl\nledger\.pins\.json\n$/);
  }, 60_000);

  it('read-only: run and withdraw refuse naming the folder, list and verify show the ledger as it stands', () => {
    const s = copyStore();
    const out = join(s.dir, 'out');
    const script = `mount --bind '${out}' '${out}' && mount -o remount,bind,ro '${out}' && ${cmd(`run '${s.spec}'`)}; echo "rc=$?"; ${cmd(`release withdraw '${s.spec}' 1.1.0 --reason x`)}; echo "rc=$?"; ${cmd(`release verify '${s.spec}'`)}; echo "rc=$?"`;
    const r = spawnSync('unshare', ['-m', 'sh', '-c', script], { env: s.env, cwd: s.dir, encoding: 'utf8' });
    const text = r.stdout + r.stderr;
    expect(text.match(/cannot write in the dataset folder .*crash-test: the file system is read-only/g)?.length).toBeGreaterThanOrEqual(3);
    expect(r.stdout).toMatch(/rc=1\n[^]*rc=1\n[^]*ledger 4 line\(s\), chain verified; 2 version\(s\)\nrc=0\n$/);
  }, 60_000);
});
