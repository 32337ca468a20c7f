import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { TuominError } from '@tuomin/core';
import { loadSpec, publishRun, readLedger, type PublishResult } from '@tuomin/publish';
import { readChain } from '../packages/publish/src/release/chain.js';
import { replay } from '../packages/publish/src/release/ledger.js';
import { startSourceDigests } from '../packages/publish/src/package/source-digest.js';
import { main } from '../packages/cli/src/main.js';
import { capture } from '../packages/cli/test/capture.js';

/**
 * Every release records the SHA-256 and size of each source file it read (issue 15, the ledger's
 * provenance gap): in the ledger's publish lines, in datapackage.json's gov:provenance and in the
 * README; `tuomin release list` shows them and `release verify --source <file>` finds the versions
 * made from a file. Real runs over one file, a `*` pattern of three, and a GB18030 file, each
 * digest compared with an independent createHash('sha256') of the file's bytes.
 */
const KEY = '000102030405060708090a0b0c0d0e0f';
const NOW = new Date('2026-12-01T00:00:00Z');
const HEADER = '登记编号,权利人,登记日期,登记类型,建筑面积';
const TYPES = ['转移登记', '首次登记', '抵押登记'];
const NAMES = ['张伟', '王芳', '李娜', '刘洋'];

let dir: string;
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'tuomin-source-digest-')); });
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

/** One month of rows, CSV text with its header. */
function month(m: number, rows: number): string {
  const lines = Array.from({ length: rows }, (_, i) => [
    `BDC2024${String(m).padStart(2, '0')}${String(i).padStart(5, '0')}`,
    NAMES[i % NAMES.length]!,
    `2024-${String(m).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    TYPES[(i * 7 + m) % TYPES.length]!,
    (40 + ((i * 37) % 160)).toFixed(2),
  ].join(','));
  return `${HEADER}\n${lines.join('\n')}\n`;
}

const spec = (path: string, system?: string): string => `dataset: { id: bdc-register, title: 不动产登记, description: 不动产登记信息, publisher: { name: 滨州市自然资源和规划局, uscc: 11371600MB28503171 }, contact: { phone: "1", email: a@b.cn }, domain: 自然资源, keywords: [不动产], updateFrequency: monthly }
openAttribute: unconditional
source: { path: ${path}, acquiredAt: 2026-11-01${system ? `, system: ${system}` : ''} }
columns:
  登记编号: { name: reg_no, description: 登记编号（假名化）, constraints: { unique: true }, rule: { type: pseudonymize, method: aes-cmac, output: base32, length: 16, prefix: "R" } }
  权利人: { name: owner, drop: true }
  登记日期: { name: reg_month, description: 登记月份, rule: { type: generalize, method: date, unit: month } }
  登记类型: { name: reg_type, description: 登记类型 }
  # An area beside the month names the flat to whoever has seen it, rounded or not (docs/privacy.md,
  # "Physical attributes"), and a 10-row extract keeps no class of 5 over it: left out.
  建筑面积: { drop: true }
output: { folder: out, formats: [csv, parquet] }
`;

const sha256Of = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** A fresh folder with the files and a spec naming `path`; returns the spec's path. */
async function setUp(name: string, files: Record<string, string | Buffer>, path: string, system?: string): Promise<string> {
  const d = join(dir, name);
  await mkdir(d, { recursive: true });
  for (const [f, content] of Object.entries(files)) {
    await mkdir(join(d, f, '..'), { recursive: true });
    await writeFile(join(d, f), content);
  }
  await writeFile(join(d, 'spec.yaml'), spec(path, system));
  return join(d, 'spec.yaml');
}

async function publish(specFile: string, version?: string): Promise<PublishResult> {
  return publishRun(await loadSpec(specFile), { env: { ...process.env, TUOMIN_KEY: KEY }, now: NOW, ...(version ? { version } : {}) });
}

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture(cwd, { ...process.env, TUOMIN_KEY: KEY, LANG: 'C' });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** What the release records about its sources, read back from the published files and the ledger. */
async function recorded(r: PublishResult): Promise<{ provenance: Array<{ path: string; bytes: number }>; intent: unknown; publish: unknown; readme: string }> {
  const pkg = JSON.parse(await readFile(join(r.packageDir, 'datapackage.json'), 'utf8')) as { 'gov:provenance': { sourceFiles: Array<{ path: string; bytes: number }> } };
  const datasetDir = join(r.packageDir, '..');
  const events = await readLedger(datasetDir);
  const mine = events.filter((e) => e.version === r.version);
  return {
    provenance: pkg['gov:provenance'].sourceFiles,
    intent: mine.find((e) => e.event === 'publish-intent')?.sources,
    publish: mine.find((e) => e.event === 'publish')?.sources,
    readme: await readFile(join(r.packageDir, 'README.md'), 'utf8'),
  };
}

/** Every file of a published package as text (latin1, so binary files compare byte for byte). */
async function publishedText(packageDir: string): Promise<string> {
  const names = (await readdir(packageDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(names.map((n) => readFile(n, 'latin1')))).join('\n');
}

describe('the SHA-256 of every source file, in the ledger; the package names the files and sizes', () => {
  it('one file: the digest is the file\'s own SHA-256, in the ledger\'s intent and completion, datapackage.json, the README, release list', async () => {
    const specFile = await setUp('one', { 'extract/2024-01.csv': month(1, 300) }, 'extract/2024-01.csv');
    const file = join(dir, 'one', 'extract/2024-01.csv');
    const r = await publish(specFile);
    const want = { path: 'extract/2024-01.csv', bytes: (await stat(file)).size, sha256: await sha256Of(file) };
    expect(r.sources).toEqual([want]);
    const rec = await recorded(r);
    // The package names the file and its size; the raw extract's digest stays in the ledger (a
    // published digest would confirm guesses of the withheld bytes), in no published file.
    expect(rec.provenance).toEqual([{ path: want.path, bytes: want.bytes }]);
    expect(rec.intent).toEqual([want]);
    expect(rec.publish).toEqual([want]);
    expect(rec.readme).toContain(`\`extract/2024-01.csv\` (${want.bytes} bytes)`);
    expect(await publishedText(r.packageDir)).not.toContain(want.sha256);
    // The ledger still verifies (chain and head) and replays with the new field.
    const datasetDir = join(r.packageDir, '..');
    const chain = await readChain(datasetDir);
    expect(replay(datasetDir, chain.lines).versions.get('1.0.0')?.sources).toEqual([want]);
    // release list shows them (text and JSON); release verify still passes.
    const list = await cli(dir, 'release', 'list', datasetDir);
    expect(list.code).toBe(0);
    expect(list.out).toContain(`source extract/2024-01.csv: ${want.bytes} bytes, sha256 ${want.sha256}`);
    const listJson = await cli(dir, 'release', 'list', datasetDir, '--json');
    expect((JSON.parse(listJson.out) as { versions: Array<{ sources: unknown }> }).versions[0]!.sources).toEqual([want]);
    const verify = await cli(dir, 'release', 'verify', datasetDir, '--json');
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.out)).toMatchObject({ ok: true, problems: [] });
    // status.json is derived from the ledger and does not carry the sources.
    expect(JSON.parse(await readFile(join(r.packageDir, 'status.json'), 'utf8'))).not.toHaveProperty('sources');
  }, 120_000);

  it('several files through a * pattern: one record per file matched, in the order read', async () => {
    const specFile = await setUp('many', { 'm/2024-01.csv': month(1, 120), 'm/2024-02.csv': month(2, 150), 'm/2024-03.csv': month(3, 90) }, 'm/2024-*.csv');
    const r = await publish(specFile);
    const names = ['m/2024-01.csv', 'm/2024-02.csv', 'm/2024-03.csv'];
    const want = await Promise.all(names.map(async (n) => ({ path: n, bytes: (await stat(join(dir, 'many', n))).size, sha256: await sha256Of(join(dir, 'many', n)) })));
    expect(r.sourceRows).toBe(360);
    expect(r.sources).toEqual(want);
    const rec = await recorded(r);
    expect(rec.provenance).toEqual(want.map((w) => ({ path: w.path, bytes: w.bytes })));
    const text = await publishedText(r.packageDir);
    for (const w of want) expect(text).not.toContain(w.sha256);
    expect(rec.intent).toEqual(want);
    expect(rec.publish).toEqual(want);
    // Each month found among the recorded sources by its bytes alone.
    const v = await cli(dir, 'release', 'verify', join(r.packageDir, '..'), '--source', join(dir, 'many', names[1]!), '--json');
    expect(v.code).toBe(0);
    expect((JSON.parse(v.out) as { sources: Array<{ matches: unknown[] }> }).sources[0]!.matches).toEqual([{ version: '1.0.0', status: 'published', path: names[1] }]);
  }, 120_000);

  it('a GB18030 file: the digest is of its bytes as stored, not of the decoded text', async () => {
    const bytes = iconv.encode(month(4, 200).replace(/张伟/g, '王𠮷'), 'gb18030');
    const specFile = await setUp('gb', { '2024-04.csv': bytes }, '2024-04.csv');
    const r = await publish(specFile);
    const file = join(dir, 'gb', '2024-04.csv');
    expect(r.sources).toEqual([{ path: '2024-04.csv', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }]);
    expect(r.sources[0]!.sha256).toBe(await sha256Of(file));
    expect(r.sources[0]!.sha256).not.toBe(createHash('sha256').update(iconv.decode(bytes, 'gb18030')).digest('hex'));
  }, 120_000);

  it('a source changed between runs records another digest; verify --source tells the two extracts apart', async () => {
    const specFile = await setUp('changed', { '2024-05.csv': month(5, 200) }, '2024-05.csv');
    const file = join(dir, 'changed', '2024-05.csv');
    const first = await publish(specFile);
    const kept = join(dir, 'changed-kept-2024-05.csv');
    await copyFile(file, kept);
    // The same size and a value changed: what size and mtime could not tell apart.
    const text = await readFile(file, 'utf8');
    const edited = text.replace('转移登记', '抵押登记');
    expect(edited).not.toBe(text);
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    await writeFile(file, edited);
    const second = await publish(specFile);
    expect(second.version).toBe('1.1.0');
    expect(second.sources[0]!.bytes).toBe(first.sources[0]!.bytes);
    expect(second.sources[0]!.sha256).not.toBe(first.sources[0]!.sha256);
    expect(second.sources[0]!.sha256).toBe(await sha256Of(file));
    const datasetDir = join(first.packageDir, '..');
    const now = await cli(dir, 'release', 'verify', datasetDir, '--source', file, '--json');
    expect(now.code).toBe(0);
    const nowJson = JSON.parse(now.out) as { sources: Array<{ matches: Array<{ version: string }>; differs: Array<{ version: string; sha256: string }> }> };
    expect(nowJson.sources[0]!.matches.map((m) => m.version)).toEqual(['1.1.0']);
    expect(nowJson.sources[0]!.differs.map((d) => [d.version, d.sha256])).toEqual([['1.0.0', first.sources[0]!.sha256]]);
    const old = await cli(dir, 'release', 'verify', datasetDir, '--source', kept);
    expect(old.code).toBe(0);
    expect(old.out).toContain('is the source file 2024-05.csv of 1.0.0 (published)');
    // A file no release was made from: exit 1, said on stderr.
    const other = join(dir, 'changed-other.csv');
    await writeFile(other, month(6, 10));
    const none = await cli(dir, 'release', 'verify', datasetDir, '--source', other);
    expect(none.code).toBe(1);
    expect(none.out).toContain('matches no source file the ledger records');
    expect(none.err).toContain('1 file(s) match no source file');
    // --source belongs to verify.
    expect((await cli(dir, 'release', 'list', datasetDir, '--source', other)).code).toBe(2);
  }, 180_000);

  it('a source named by its system: the package gives each file\'s name alone, the ledger the path as listed', async () => {
    const specFile = await setUp('system', { 'exports/bdc/2024-09.csv': month(9, 80) }, 'exports/bdc/2024-09.csv', '不动产登记系统');
    const r = await publish(specFile);
    const file = join(dir, 'system', 'exports/bdc/2024-09.csv');
    const sha256 = await sha256Of(file);
    const rec = await recorded(r);
    expect(rec.provenance).toEqual([{ path: '2024-09.csv', bytes: (await stat(file)).size }]);
    expect(rec.readme).not.toContain('exports/bdc');
    expect(rec.publish).toEqual([{ path: 'exports/bdc/2024-09.csv', bytes: (await stat(file)).size, sha256 }]);
  }, 120_000);

  it('a commit finished by the next command (its intent recorded, the folder in place) keeps the sources of its intent', async () => {
    const specFile = await setUp('recovered', { '2024-08.csv': month(8, 100) }, '2024-08.csv');
    const file = join(dir, 'recovered', '2024-08.csv');
    // The folder fsync after the rename fails: the version is visible, its completion unwritten.
    process.env.TUOMIN_FAULT = 'rename-sync:EIO';
    try {
      await expect(publish(specFile)).rejects.toMatchObject({ text: { id: 'release.notSynced' } });
    } finally {
      delete process.env.TUOMIN_FAULT;
    }
    const datasetDir = join(dir, 'recovered', 'out', 'bdc-register');
    const list = await cli(dir, 'release', 'list', datasetDir, '--json');
    expect(list.code).toBe(0);
    const want = [{ path: '2024-08.csv', bytes: (await stat(file)).size, sha256: await sha256Of(file) }];
    expect((JSON.parse(list.out) as { versions: Array<{ sources: unknown }> }).versions[0]!.sources).toEqual(want);
    const done = (await readLedger(datasetDir)).find((e) => e.event === 'publish');
    expect(done?.recovered).toBe(true);
    expect(done?.sources).toEqual(want);
  }, 120_000);

  it('a file modified after it was hashed fails the check before the commit, naming the file', async () => {
    const file = join(dir, 'pin.csv');
    await writeFile(file, month(7, 50));
    const pending = startSourceDigests([{ name: 'pin.csv', file }]);
    const digests = await pending.done();
    expect(digests[0]!.sha256).toBe(await sha256Of(file));
    // Rewritten with the same size; only its modification time tells.
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('转移登记', '首次登记'));
    await utimes(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const err = await pending.done().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    expect((err as TuominError).text?.id).toBe('source.changedDuringRun');
    expect((err as TuominError).location.file).toBe(file);
    expect((err as TuominError).message).toMatch(/was modified during the run/);
    // A missing file is an error of its own, at done(), not an unhandled rejection.
    const gone = startSourceDigests([{ name: 'gone.csv', file: join(dir, 'gone.csv') }]);
    await expect(gone.done()).rejects.toMatchObject({ text: { id: 'source.cannotHash' } });
    // A run that failed stops the hash: the file is not read to its end, and nothing is recorded.
    const stopped = startSourceDigests([{ name: 'pin.csv', file }, { name: 'pin.csv', file }]);
    stopped.cancel();
    await expect(stopped.done()).rejects.toThrow(/ABORT_ERR|aborted/);
  });

  it('a ledger line whose sources are malformed is refused as damage, naming the line', () => {
    const line = (sources: unknown): Array<{ line: number; value: Record<string, unknown> }> => [
      { line: 1, value: { at: NOW.toISOString(), event: 'publish', dataset: 'd', version: '1.0.0', sha256sums: 'a'.repeat(64), sources } },
    ];
    expect(replay(dir, line([{ path: 'a.csv', bytes: 3, sha256: 'b'.repeat(64) }])).versions.get('1.0.0')?.sources).toHaveLength(1);
    for (const bad of [{ path: 'a.csv' }, [{ path: 'a.csv', bytes: -1, sha256: 'b'.repeat(64) }], [{ path: 'a.csv', bytes: 3, sha256: 'xyz' }]]) {
      expect(() => replay(dir, line(bad))).toThrow(/malformed list of source files/);
    }
  });
});
