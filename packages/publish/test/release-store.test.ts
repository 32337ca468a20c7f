import { describe, expect, it, afterEach } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildOpenList, changeStatus, closeStore, listVersions, loadSpec, openStore, publishRun, readLedger, verifyReleases } from '../src/index.js';
import { makeDataset } from './release-helpers.js';

async function publish(d: Awaited<ReturnType<typeof makeDataset>>, extra: Record<string, unknown> = {}) {
  return publishRun(await loadSpec(d.spec), { env: d.env, ...extra });
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

afterEach(() => {
  delete process.env.TUOMIN_FAULT;
});

describe('the ledger is verified by every command', () => {
  it('truncation, deletion, garbage, edits and lost last lines are reported with the line, never glued over', async () => {
    const d = await makeDataset();
    await publish(d);
    await changeStatus(d.datasetDir, '1.0.0', 'withdraw', 'leak');
    await publish(d);
    const ledger = join(d.datasetDir, 'ledger.jsonl');
    const good = await readFile(ledger, 'utf8');
    const lines = good.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect((await readLedger(d.datasetDir)).map((e) => e.event)).toEqual(['publish-intent', 'publish', 'withdraw-intent', 'withdraw', 'publish-intent', 'publish']);
    const cases: Array<[string, string, RegExp]> = [
      ['cut mid-line', good.slice(0, good.length - 20), /line 6: .*last line is incomplete/],
      ['a middle line deleted', [...lines.slice(0, 2), ...lines.slice(3)].join('\n') + '\n', /line 3: .*hash of line 2/],
      ['garbage inserted', [...lines.slice(0, 3), 'garbage', ...lines.slice(3)].join('\n') + '\n', /line 4: .*not valid JSON/],
      ['a reason edited', good.replace('"reason":"leak"', '"reason":"typo"'), /line 4: .*hash of line 3/],
      ['the last line deleted', lines.slice(0, 5).join('\n') + '\n', /had 6 lines, it has 5/],
      ['a blank line', [...lines.slice(0, 1), '', ...lines.slice(1)].join('\n') + '\n', /line 2: .*empty/],
    ];
    for (const [what, text, expected] of cases) {
      await writeFile(ledger, text);
      const listed = await errorOf(listVersions(d.datasetDir));
      expect(listed, what).toMatch(expected);
      expect(listed, what).toMatch(/restore ledger.jsonl/);
      // A writing command stops before it appends anything.
      expect(await errorOf(publish(d)), what).toMatch(expected);
      expect(await readFile(ledger, 'utf8'), what).toBe(text);
      expect((await readdir(d.datasetDir)).filter((n) => /^\d/.test(n)), what).toEqual(['1.0.0', '1.1.0']);
    }
    await writeFile(ledger, good);
    expect((await listVersions(d.datasetDir)).map((v) => `${v.version}:${v.status}`)).toEqual(['1.0.0:withdrawn', '1.1.0:published']);
  });

  it('status.json is derived: an edit does not make a withdrawn version published, a missing one hides nothing', async () => {
    const d = await makeDataset();
    await publish(d);
    await changeStatus(d.datasetDir, '1.0.0', 'withdraw', 'leak');
    const st = join(d.datasetDir, '1.0.0', 'status.json');
    const edited = JSON.parse(await readFile(st, 'utf8'));
    await writeFile(st, JSON.stringify({ ...edited, status: 'published' }));
    const { entries } = await buildOpenList(d.dir);
    expect(entries.find((e) => e.id === 'crash-test')?.status).toBe('withdrawn');
    // A writing command rewrites it from the ledger and says so.
    const notes: string[] = [];
    expect((await listVersions(d.datasetDir, notes)).map((v) => v.status)).toEqual(['withdrawn']);
    expect(notes.join('\n')).toMatch(/disagreed with the ledger; rewritten/);
    expect(JSON.parse(await readFile(st, 'utf8')).status).toBe('withdrawn');
    // Missing: the version is still listed and its number is not reused.
    await rm(st);
    expect((await listVersions(d.datasetDir)).map((v) => v.version)).toEqual(['1.0.0']);
    await rm(st);
    expect((await publish(d)).version).toBe('1.1.0');
    expect(existsSync(st)).toBe(true);
  });

  it('a version folder the ledger does not record, or a changed package, is an error', async () => {
    const d = await makeDataset();
    await publish(d);
    await mkdir(join(d.datasetDir, '2.0.0', 'data'), { recursive: true });
    expect(await errorOf(listVersions(d.datasetDir))).toMatch(/2\.0\.0 is a version folder that the release ledger does not record/);
    await rm(join(d.datasetDir, '2.0.0'), { recursive: true });
    await writeFile(join(d.datasetDir, '1.0.0', 'SHA256SUMS'), 'x');
    expect(await errorOf(listVersions(d.datasetDir))).toMatch(/SHA256SUMS of version 1.0.0 differs/);
  });

  it('a ledger written before the chain is accepted and continued (migration)', async () => {
    const d = await makeDataset();
    await publish(d);
    // What an earlier tuomin wrote: one publish line, no prev, no ledger.head.
    const [, complete] = (await readFile(join(d.datasetDir, 'ledger.jsonl'), 'utf8')).trimEnd().split('\n');
    const legacy = JSON.parse(complete!);
    delete legacy.prev;
    delete legacy.issued;
    await writeFile(join(d.datasetDir, 'ledger.jsonl'), `${JSON.stringify(legacy)}\n`);
    await rm(join(d.datasetDir, 'ledger.head'));
    expect((await publish(d)).version).toBe('1.1.0');
    const r = await verifyReleases(d.datasetDir);
    expect(r.problems).toEqual([]);
    expect(r.ledgerLines).toBe(3);
  });
});

describe('versions', () => {
  it('only canonical versions, never lower than the latest, never reused', async () => {
    const d = await makeDataset();
    expect(await errorOf(publish(d, { version: '01.0.0' }))).toMatch(/not a canonical version.*\n.*write it as 1\.0\.0/);
    expect(await errorOf(publish(d, { version: '1.00.0' }))).toMatch(/not a canonical version/);
    await publish(d);
    expect(await errorOf(publish(d, { version: '0.9.0' }))).toMatch(/0\.9\.0 is lower than the latest version 1\.0\.0/);
    expect(await errorOf(publish(d, { version: '1.0.0' }))).toMatch(/already exists/);
    expect((await listVersions(d.datasetDir)).map((v) => v.version)).toEqual(['1.0.0']);
  });

  it('a new version replaces every withdrawn version not yet replaced; identical data is a warning, or an error with requireChange', async () => {
    const d = await makeDataset();
    await publish(d);
    await publish(d);
    await changeStatus(d.datasetDir, '1.0.0', 'withdraw', 'leak');
    expect(await errorOf(publish(d, { requireChange: true }))).toMatch(/identical to withdrawn version 1\.0\.0 \(withdrawn: leak\); nothing was published/);
    const r = await publish(d);
    expect(r.version).toBe('1.2.0');
    expect(r.reviews.flatMap((x) => x.reasons).find((x) => x.code === 'release/unchanged')?.message).toMatch(/withdrawn version 1\.0\.0/);
    const dp = JSON.parse(await readFile(join(r.packageDir, 'datapackage.json'), 'utf8'));
    expect(dp['gov:replaces']).toBe('1.0.0');
    expect(JSON.parse(await readFile(join(d.datasetDir, '1.0.0', 'status.json'), 'utf8')).replacedBy).toBe('1.2.0');
    // Two withdrawn, unreplaced: the next version replaces both.
    await changeStatus(d.datasetDir, '1.1.0', 'withdraw', 'x');
    await changeStatus(d.datasetDir, '1.2.0', 'withdraw', 'y');
    const r2 = await publish(d);
    const vs = await listVersions(d.datasetDir);
    expect(vs.map((v) => `${v.version}:${v.replacedBy ?? ''}`)).toEqual(['1.0.0:1.2.0', '1.1.0:1.3.0', '1.2.0:1.3.0', '1.3.0:']);
    expect(vs.at(-1)?.replaces).toBe('1.2.0');
    expect(r2.version).toBe('1.3.0');
  });
});

describe('one command at a time per dataset', () => {
  it('the loser is told who holds the dataset; a lock of a dead process is broken', async () => {
    const d = await makeDataset();
    const held = await openStore(d.datasetDir, { mode: 'write', command: 'run' });
    try {
      const msg = await errorOf(publish(d));
      expect(msg).toMatch(/is busy: `tuomin run` \(pid \d+/);
      expect(msg).toMatch(/wait for that command to finish/);
      expect(msg).not.toMatch(/withdraw/);
    } finally {
      await closeStore(held);
    }
    // The held lock created the dataset folder and removed it, empty, when it was released.
    expect(existsSync(d.datasetDir)).toBe(false);
    await mkdir(d.datasetDir, { recursive: true });
    await writeFile(join(d.datasetDir, '.tuomin.lock'), JSON.stringify({ pid: 2 ** 22 + 7, start: '1', command: 'run', since: 'then', token: 'x' }));
    expect((await publish(d)).version).toBe('1.0.0');
    expect(existsSync(join(d.datasetDir, '.tuomin.lock'))).toBe(false);
  });

  it('a lock removes, when released, only the empty folders it created: never one that existed before or holds a release', async () => {
    const d = await makeDataset();
    // Created with its parent (out/): both go, the test's folder stays.
    await closeStore(await openStore(d.datasetDir, { mode: 'write', command: 'run' }));
    expect(existsSync(join(d.dir, 'out'))).toBe(false);
    expect(existsSync(d.dir)).toBe(true);
    // There before: stays, empty.
    await mkdir(d.datasetDir, { recursive: true });
    await closeStore(await openStore(d.datasetDir, { mode: 'write', command: 'run' }));
    expect(await readdir(d.datasetDir)).toEqual([]);
    // Holds a release: stays, whole.
    await rm(join(d.dir, 'out'), { recursive: true });
    await publish(d);
    expect((await readdir(d.datasetDir)).sort()).toContain('1.0.0');
  });
});

describe('failures after the rename never leave a release without its ledger lines', () => {
  it('a read-only output folder is reported as such, naming the dataset folder', async () => {
    const d = await makeDataset();
    process.env.TUOMIN_FAULT = 'lock:EROFS';
    const msg = await errorOf(publish(d));
    expect(msg).toContain(`cannot write in the dataset folder ${d.datasetDir}: the file system is read-only`);
    expect(msg).not.toMatch(/\.staging-|\.tuomin\.lock\.|ENOENT/);
  });

  it('the completion line cannot be written (ENOSPC): the version is taken back and nothing is published', async () => {
    const d = await makeDataset();
    process.env.TUOMIN_FAULT = 'after-rename:ENOSPC';
    const msg = await errorOf(publish(d));
    expect(msg).toMatch(/cannot write the release ledger .*ledger\.jsonl \(no space left on the device\); version 1\.0\.0 was taken back: nothing was published/);
    delete process.env.TUOMIN_FAULT;
    expect(existsSync(join(d.datasetDir, '1.0.0'))).toBe(false);
    expect((await buildOpenList(d.dir)).entries.find((e) => e.id === 'crash-test')?.status).toBe('unpublished');
    expect((await readLedger(d.datasetDir)).map((e) => e.event)).toEqual(['publish-intent', 'publish-rollback']);
    expect((await publish(d)).version).toBe('1.1.0');
  });

  it('the dataset folder cannot be synced after the rename: the error says the version is visible, and the next command completes it', async () => {
    const d = await makeDataset();
    process.env.TUOMIN_FAULT = 'rename-sync:EIO';
    const msg = await errorOf(publish(d));
    expect(msg).toMatch(/version 1\.0\.0 is in place in .*1\.0\.0 and visible, but the dataset folder could not be synced to disk \(EIO\)/);
    expect(msg).not.toMatch(/nothing was published/);
    delete process.env.TUOMIN_FAULT;
    expect(existsSync(join(d.datasetDir, '1.0.0', 'SHA256SUMS'))).toBe(true);
    // No rollback line that the folder would contradict: the intent waits for recovery.
    expect((await readLedger(d.datasetDir)).map((e) => e.event)).toEqual(['publish-intent']);
    const notes: string[] = [];
    expect((await listVersions(d.datasetDir, notes)).map((v) => `${v.version}:${v.status}`)).toEqual(['1.0.0:published']);
    expect(notes.join('\n')).toMatch(/completed the release of 1\.0\.0 .*its hashes verify/);
    expect((await readLedger(d.datasetDir)).map((e) => e.event)).toEqual(['publish-intent', 'publish']);
  });

  it('neither completion nor rollback can be written: taken back, and the next command records the rollback', async () => {
    const d = await makeDataset();
    process.env.TUOMIN_FAULT = 'ledger-append:ENOSPC:2,ledger-append:ENOSPC:3';
    expect(await errorOf(publish(d))).toMatch(/nothing was published/);
    delete process.env.TUOMIN_FAULT;
    expect(existsSync(join(d.datasetDir, '1.0.0'))).toBe(false);
    const notes: string[] = [];
    expect(await listVersions(d.datasetDir, notes)).toEqual([]);
    expect(notes.join('\n')).toMatch(/never took place/);
    expect((await readLedger(d.datasetDir)).map((e) => e.event)).toEqual(['publish-intent', 'publish-rollback']);
  });

  it('the intent cannot be written: nothing is moved into the dataset folder', async () => {
    const d = await makeDataset();
    process.env.TUOMIN_FAULT = 'ledger-append:EACCES';
    expect(await errorOf(publish(d))).toMatch(/permission denied\); nothing was published/);
    delete process.env.TUOMIN_FAULT;
    // The run created the dataset folder and published nothing: the folder is removed with the lock.
    expect((await readdir(d.datasetDir).catch(() => [] as string[])).filter((n) => !n.startsWith('ledger'))).toEqual([]);
  });

  it('withdraw with an unwritable ledger changes nothing; a ledger replaced by a folder stops every command', async () => {
    const d = await makeDataset();
    await publish(d);
    process.env.TUOMIN_FAULT = 'ledger-append:EACCES';
    expect(await errorOf(changeStatus(d.datasetDir, '1.0.0', 'withdraw', 'leak'))).toMatch(/nothing was changed: 1\.0\.0 is still published/);
    delete process.env.TUOMIN_FAULT;
    expect((await stat(join(d.datasetDir, '1.0.0', 'data'))).isDirectory()).toBe(true);
    expect((await listVersions(d.datasetDir)).map((v) => v.status)).toEqual(['published']);
    const ledger = join(d.datasetDir, 'ledger.jsonl');
    const text = await readFile(ledger, 'utf8');
    await rm(ledger);
    await mkdir(ledger);
    expect(await errorOf(changeStatus(d.datasetDir, '1.0.0', 'withdraw', 'leak'))).toMatch(/ledger.jsonl cannot be read \(EISDIR\)/);
    expect((await stat(join(d.datasetDir, '1.0.0', 'data'))).isDirectory()).toBe(true);
    await rm(ledger, { recursive: true });
    await writeFile(ledger, text);
    expect((await changeStatus(d.datasetDir, '1.0.0', 'withdraw', 'leak')).status).toBe('withdrawn');
  });
});
