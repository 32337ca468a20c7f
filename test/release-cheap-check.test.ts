import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, closeSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSpec, publishRun, readLedger } from '@tuomin/publish';
import { makeDataset } from '../packages/publish/test/release-helpers.js';
import { SAMPLE_BLOCK, SAMPLE_BLOCKS, sampleOffsets } from '../packages/publish/src/release/fingerprint.js';

/**
 * The cheap check (publish/src/release/fingerprint.ts): a published file changed after its
 * release is seen by `release list` and `catalog`, not only by `release verify`. Real `tuomin`
 * processes on a real store; the files are changed as a person or a tool would change them
 * (one byte overwritten in place, a byte appended, `touch`, `cp -a`), never through tuomin.
 */
const BIN = resolve('packages/cli/src/bin.ts');
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href;

let base: Awaited<ReturnType<typeof makeDataset>>;
const made: string[] = [];

beforeAll(async () => {
  // 12,000 rows: the CSV is larger than the 64 sampled blocks, so a byte outside them is only
  // seen by its modification time.
  base = await makeDataset(12_000);
  await publishRun(await loadSpec(base.spec), { env: base.env });
}, 120_000);

afterAll(() => {
  for (const d of [...made, base.dir]) rmSync(d, { recursive: true, force: true });
});

/** A copy of the store made as a backup tool would (`cp -a`: times kept, new inodes). */
function copyStore(): { dir: string; ds: string; spec: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(join(tmpdir(), 'tuomin-cheap-'));
  made.push(dir);
  const r = spawnSync('cp', ['-a', `${base.dir}/.`, dir]);
  expect(r.status).toBe(0);
  return { dir, ds: join(dir, 'out', 'crash-test'), spec: join(dir, 'spec.yaml'), env: { ...base.env, TUOMIN_WORK_DIR: join(dir, 'work'), LANG: 'en' } };
}

function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string): { status: number | null; out: string; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', TSX, BIN, ...args, '--lang', 'en'], { env, cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

const CSV = '1.0.0/data/crash-test.csv';
const sha256 = (t: string): string => createHash('sha256').update(t, 'utf8').digest('hex');

/** A byte offset of the CSV that the sample does not read (its blocks are derived from the file's SHA-256). */
function unsampledOffset(ds: string): number {
  const size = statSync(join(ds, CSV)).size;
  expect(size).toBeGreaterThan(SAMPLE_BLOCK * SAMPLE_BLOCKS);
  const sums = readFileSync(join(ds, '1.0.0/SHA256SUMS'), 'utf8');
  const sha = /^([0-9a-f]{64}) {2}data\/crash-test\.csv$/m.exec(sums)![1]!;
  const taken = new Set(sampleOffsets(size, sha));
  for (let b = 1; ; b++) if (!taken.has(b * SAMPLE_BLOCK)) return b * SAMPLE_BLOCK + 100;
}

/** Overwrite one byte in place (same size, same inode), as `dd conv=notrunc` or a hex editor does. */
function flipByte(file: string, at: number): void {
  const fd = openSync(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, at);
    b[0] = b[0] === 0x30 ? 0x31 : 0x30;
    writeSync(fd, b, 0, 1, at);
  } finally {
    closeSync(fd);
  }
}

describe('a published file changed after its release, SHA256SUMS left alone', () => {
  it('an untouched store and a cp -a copy of it: list exit 0 (the copy keeps times, not inodes)', async () => {
    const s = copyStore();
    const list = cli(['release', 'list', s.ds, '--json'], s.env, s.dir);
    expect(list.status, list.out).toBe(0);
    expect(JSON.parse(list.stdout).versions.map((v: { status: string }) => v.status)).toEqual(['published']);
    // The ledger records every listed file's size and sample, ledger.pins.json its modification time.
    const e = (await readLedger(s.ds)).find((x) => x.event === 'publish')!;
    expect(e.files!.map((f) => f.path)).toContain('data/crash-test.csv');
    expect(e.files!.every((f) => /^[0-9a-f]{64}$/.test(f.sample) && f.bytes > 0)).toBe(true);
    const pins = JSON.parse(readFileSync(join(s.ds, 'ledger.pins.json'), 'utf8')) as Record<string, { files: Record<string, { bytes: number }> }>;
    expect(pins['1.0.0']!.files['data/crash-test.csv']!.bytes).toBe(statSync(join(s.ds, CSV)).size);
  });

  it('one byte overwritten outside the sampled blocks: list and catalog refuse (content unchecked), verify names it; after a restore list is clean', () => {
    const s = copyStore();
    const csv = join(s.ds, CSV);
    const before = readFileSync(csv);
    flipByte(csv, unsampledOffset(s.ds));
    const list = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(list.status, list.out).toBe(1);
    expect(list.out).toMatch(/version 1\.0\.0 is published in the ledger, but its file data\/crash-test\.csv was modified after its release .*content is unchecked/);
    expect(list.out).toContain('tuomin release verify');
    const cat = cli(['catalog', join(s.dir, 'out'), '--out', join(s.dir, 'cat'), '--json'], s.env, s.dir);
    const listed = JSON.parse(cat.stdout) as { datasets?: Array<{ status: string }>; skipped?: Array<{ reason: string }> };
    expect(JSON.stringify(listed.skipped ?? []), cat.out).toMatch(/1\.0\.0 .*crash-test\.csv was modified after its release/);
    expect(JSON.stringify(listed)).not.toMatch(/"status":"published"/);
    const verify = cli(['release', 'verify', s.ds], s.env, s.dir);
    expect(verify.status, verify.out).toBe(1);
    expect(verify.out).toContain('1.0.0: data/crash-test.csv does not match its hash');
    // The byte put back (a restore from backup writes the file: its time moves again): verify
    // reads every byte, records the new time, and list shows the version as published.
    const fd = openSync(csv, 'r+');
    writeSync(fd, before, 0, before.length, 0);
    closeSync(fd);
    expect(cli(['release', 'list', s.ds], s.env, s.dir).status).toBe(1);
    const again = cli(['release', 'verify', s.ds], s.env, s.dir);
    expect(again.status, again.out).toBe(0);
    expect(again.out).toContain('every file of version 1.0.0 matches SHA256SUMS; recorded their sizes and modification times');
    expect(cli(['release', 'list', s.ds], s.env, s.dir).status).toBe(0);
  });

  it('one byte of datapackage.json changed and its modification time put back: certain, "changed since publication"', () => {
    const s = copyStore();
    const dp = join(s.ds, '1.0.0/datapackage.json');
    const { atime, mtime } = statSync(dp);
    const text = readFileSync(dp, 'utf8');
    const at = Buffer.byteLength(text.slice(0, text.indexOf('"version"') + 13));
    flipByte(dp, at);
    utimesSync(dp, atime, mtime);
    const list = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(list.status, list.out).toBe(1);
    expect(list.out).toMatch(/version 1\.0\.0 is published in the ledger, but its file datapackage\.json changed since publication: it differs from the published file in its bytes/);
  });

  it('a byte appended to the CSV: the size alone says so', () => {
    const s = copyStore();
    appendFileSync(join(s.ds, CSV), '\n');
    const list = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(list.status, list.out).toBe(1);
    const size = statSync(join(s.ds, CSV)).size;
    expect(list.out).toContain(`its file data/crash-test.csv changed since publication: it is ${size} bytes, ${size - 1} when it was published`);
  });

  it('touch without a change: "content unchecked", never "changed"; one verify clears it', () => {
    const s = copyStore();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(s.ds, CSV), later, later);
    const list = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(list.status, list.out).toBe(1);
    expect(list.out).toContain('content is unchecked');
    expect(list.out).not.toContain('changed since publication');
    const verify = cli(['release', 'verify', s.ds], s.env, s.dir);
    expect(verify.status, verify.out).toBe(0);
    expect(cli(['release', 'list', s.ds], s.env, s.dir).status).toBe(0);
  });

  it('ledger.pins.json lost: unchecked until verify records them again', () => {
    const s = copyStore();
    rmSync(join(s.ds, 'ledger.pins.json'));
    const list = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(list.status, list.out).toBe(1);
    expect(list.out).toContain('has no recorded modification time');
    expect(cli(['release', 'verify', s.ds], s.env, s.dir).status).toBe(0);
    expect(cli(['release', 'list', s.ds], s.env, s.dir).status).toBe(0);
  });

  it('a changed version can still be suspended and withdrawn, not restored; the next run publishes and warns', () => {
    const s = copyStore();
    appendFileSync(join(s.ds, CSV), 'x');
    const suspend = cli(['release', 'suspend', s.ds, '1.0.0', '--reason', 'file changed on the server'], s.env, s.dir);
    expect(suspend.status, suspend.out).toBe(0);
    expect(suspend.out).toMatch(/version 1\.0\.0: .*crash-test\.csv changed since publication/);
    const restore = cli(['release', 'restore', s.ds, '1.0.0', '--reason', 'checked'], s.env, s.dir);
    expect(restore.status, restore.out).toBe(1);
    expect(restore.out).toContain('is suspended in the ledger, but its file data/crash-test.csv changed since publication');
    const run = cli(['run', s.spec], s.env, s.dir);
    expect(run.status, run.out).toBe(0);
    expect(run.out).toMatch(/version 1\.0\.0: .*crash-test\.csv changed since publication/);
    const withdraw = cli(['release', 'withdraw', s.ds, '1.0.0', '--reason', 'file changed on the server'], s.env, s.dir);
    expect(withdraw.status, withdraw.out).toBe(0);
    const list = cli(['release', 'list', s.ds, '--json'], s.env, s.dir);
    expect(list.status, list.out).toBe(0);
    expect(JSON.parse(list.stdout).versions.map((v: { version: string; status: string }) => `${v.version} ${v.status}`)).toEqual(['1.0.0 withdrawn', '1.1.0 published']);
  }, 60_000);
});

describe('other lies a read command could tell', () => {
  const ledger = (ds: string): string => readFileSync(join(ds, 'ledger.jsonl'), 'utf8');

  it('a line torn by a crash during its append (ledger.head ends at the line before): read commands ignore it, the next writer removes it and goes on', async () => {
    const s = copyStore();
    const whole = ledger(s.ds);
    // What a power cut during appendChain's write leaves: part of a line, no newline, the head untouched.
    appendFileSync(join(s.ds, 'ledger.jsonl'), '{"at":"2026-12-07T10:00:00.000Z","event":"withdraw-intent","dataset":"crash-te');
    // catalog takes no lock: it reads past the torn bytes and leaves them.
    const cat = cli(['catalog', join(s.dir, 'out'), '--out', join(s.dir, 'cat'), '--json'], s.env, s.dir);
    expect(cat.status, cat.out).toBe(0);
    expect(cat.out).toMatch(/ignored the incomplete line 3 of ledger\.jsonl \(\d+ bytes without a newline\)/);
    expect(JSON.stringify(JSON.parse(cat.stdout))).toMatch(/"status":"published"/);
    // list takes the lock when it is free (to recover), and cuts them off.
    const list = cli(['release', 'list', s.ds, '--json'], s.env, s.dir);
    expect(list.status, list.out).toBe(0);
    expect(list.out).toContain('removed the incomplete line 3 of ledger.jsonl');
    expect(JSON.parse(list.stdout).versions.map((v: { status: string }) => v.status)).toEqual(['published']);
    expect(ledger(s.ds)).toBe(whole);
    const suspend = cli(['release', 'suspend', s.ds, '1.0.0', '--reason', 'complaint'], s.env, s.dir);
    expect(suspend.status, suspend.out).toBe(0);
    expect(ledger(s.ds).startsWith(whole)).toBe(true);
    expect(cli(['release', 'verify', s.ds], s.env, s.dir).status).toBe(0);
  });

  it('a recorded line cut short (the head counts it): still damage, every command stops', () => {
    const s = copyStore();
    const text = ledger(s.ds);
    writeFileSync(join(s.ds, 'ledger.jsonl'), text.slice(0, text.length - 30));
    const list = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(list.status).toBe(1);
    expect(list.out).toMatch(/line 2: .*the last line is incomplete/);
  });

  it('a version folder renamed, or two swapped: refused, naming the folder and the ledger line', async () => {
    const s = copyStore();
    // A second version, so that two can be swapped.
    expect(cli(['run', s.spec], s.env, s.dir).status).toBe(0);
    renameSync(join(s.ds, '1.0.0'), join(s.ds, 'tmp'));
    renameSync(join(s.ds, '1.1.0'), join(s.ds, '1.0.0'));
    renameSync(join(s.ds, 'tmp'), join(s.ds, '1.1.0'));
    const swapped = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(swapped.status).toBe(1);
    expect(swapped.out).toMatch(/SHA256SUMS of version 1\.0\.0 differs from the digest the ledger recorded/);
    renameSync(join(s.ds, '1.0.0'), join(s.ds, '1.2.0'));
    const renamed = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(renamed.status).toBe(1);
    expect(renamed.out).toMatch(/1\.2\.0 is a version folder that the release ledger does not record/);
  }, 60_000);

  it('the next version made with another key: run refuses it undeclared; declared, list says its pseudonyms do not join with the previous version\'s', () => {
    const s = copyStore();
    const refused = cli(['run', s.spec], { ...s.env, TUOMIN_KEY: 'f0e1d2c3b4a5968778695a4b3c2d1e0f' }, s.dir);
    expect(refused.status, refused.out).toBe(4);
    expect(refused.out).toMatch(/pseudonymize of 编号 uses another key than 1\.0\.0 .*put the key under keys:/);
    // The rotation declared on the key the rule uses (run/key-rotation.ts).
    writeFileSync(s.spec, readFileSync(s.spec, 'utf8').replace('openAttribute: unconditional', "openAttribute: unconditional\nkeys:\n  default: { env: TUOMIN_KEY, rotated: { version: '1.1.0', reason: 旧密钥泄露后按第二十三条轮换 } }"));
    const run = cli(['run', s.spec], { ...s.env, TUOMIN_KEY: 'f0e1d2c3b4a5968778695a4b3c2d1e0f' }, s.dir);
    expect(run.status, run.out).toBe(0);
    const list = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(list.status, list.out).toBe(0);
    expect(list.out).toMatch(/version 1\.1\.0 applies pseudonymize to 编号 with another key than 1\.0\.0 \(key id [0-9a-f]{8} before, [0-9a-f]{8} now\): its values do not join with those of 1\.0\.0/);
    // The same key again: nothing to say.
    expect(cli(['run', s.spec], { ...s.env, TUOMIN_KEY: 'f0e1d2c3b4a5968778695a4b3c2d1e0f' }, s.dir).status).toBe(0);
    const again = cli(['release', 'list', s.ds], s.env, s.dir);
    expect(again.out.match(/with another key/g)).toHaveLength(1);
    // Five tuomin processes: 228 s under a load of 27 on the shared 2-core machine.
  }, 480_000);

  it('two datasets writing one folder: the ledger refuses a line of another dataset, and a run of another dataset publishes nothing there', () => {
    const s = copyStore();
    // The folder of crash-test renamed to the id of another spec, which then runs.
    const other = join(s.dir, 'out', 'other-set');
    renameSync(s.ds, other);
    writeFileSync(s.spec, readFileSync(s.spec, 'utf8').replace('id: crash-test', 'id: other-set'));
    const run = cli(['run', s.spec], s.env, s.dir);
    expect(run.status, run.out).toBe(1);
    expect(run.out).toMatch(/out\/other-set holds the releases of dataset "crash-test", not of "other-set".*nothing was published/);
    expect(readdirSync(other).filter((n) => /^\d/.test(n))).toEqual(['1.0.0']);
    // A line of the other dataset chained on properly (as a second store's writer would): the ledger is refused.
    const text = ledger(other);
    const lines = text.split('\n').filter(Boolean);
    const line = JSON.stringify({ at: new Date().toISOString(), event: 'suspend', dataset: 'other-set', version: '1.0.0', reason: 'x', prev: sha256(lines.at(-1)!) });
    writeFileSync(join(other, 'ledger.jsonl'), `${text}${line}\n`);
    writeFileSync(join(other, 'ledger.head'), `${JSON.stringify({ lines: lines.length + 1, sha256: sha256(line) })}\n`);
    const list = cli(['release', 'list', other], s.env, s.dir);
    expect(list.status).toBe(1);
    expect(list.out).toMatch(/line 3: .*suspend of version 1\.0\.0 names dataset "other-set", but earlier lines name "crash-test": two datasets wrote to one folder/);
  }, 60_000);
});
