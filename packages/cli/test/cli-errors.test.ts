import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOpenList } from '@tuomin/publish';
import { main } from '../src/main.js';
import { capture } from './capture.js';


/** Run the CLI; with --json, stdout must be exactly one JSON object, returned parsed. */
async function run(dir: string, args: string[]): Promise<{ code: number; json: Record<string, any> | undefined; out: string; err: string }> {
  const io = capture(dir);
  const code = await main(args, io);
  let json: Record<string, any> | undefined;
  if (args.some((a) => a === '--json' || a.startsWith('--json='))) {
    json = JSON.parse(io.out()); // throws unless stdout is one JSON document
    expect(typeof json).toBe('object');
    expect(Array.isArray(json)).toBe(false);
    expect(json!.ok).toBe(code === 0 || code === 3 || code === 5);
    if (!json!.ok) expect(typeof json!.error.message).toBe('string');
  }
  expect(io.err()).not.toMatch(/tuomin: internal error|\n\s+at .*\.[jt]s:\d+:\d+/);
  return { code, json, out: io.out(), err: io.err() };
}

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-cli-errors-'));
  writeFileSync(join(dir, 'a.csv'), 'name,age\nli,30\nwang,40\n');
  writeFileSync(join(dir, 'header.csv'), 'a,b,c\n');
  mkdirSync(join(dir, 'somedir'));
});

describe('usage errors exit 2, with one JSON object under --json', () => {
  const cases: Array<[string, string[]]> = [
    ['missing option value', ['convert', 'a.csv', 'o.csv', '--delimiter']],
    ['--json=1', ['convert', 'a.csv', 'o.csv', '--json=1']],
    ['risk --k -1', ['risk', 'a.csv', '--qi', 'name', '--k', '-1']],
    ['risk --k=-1', ['risk', 'a.csv', '--qi', 'name', '--k=-1']],
    ['risk --k 0', ['risk', 'a.csv', '--qi', 'name', '--k', '0']],
    ['due --within -5', ['due', 'somedir', '--within', '-5']],
    ['due --within=-5', ['due', 'somedir', '--within=-5']],
    ['due --within abc', ['due', 'somedir', '--within', 'abc']],
    ['due --as-of 2024-02-30', ['due', 'somedir', '--as-of', '2024-02-30']],
    ['due --as-of garbage', ['due', 'somedir', '--as-of', '2024-1-1']],
    ['scan --min-confidence (missing)', ['scan', 'a.csv', '--min-confidence']],
    ['scan --min-confidence empty', ['scan', 'a.csv', '--min-confidence=']],
    ['scan --min-confidence 2', ['scan', 'a.csv', '--min-confidence', '2']],
    ['scan --encoding latin1', ['scan', 'a.csv', '--encoding', 'latin1']],
    ['profile --encoding latin1', ['profile', 'a.csv', '--encoding', 'latin1']],
    ['convert --encoding latin1', ['convert', 'a.csv', 'o.csv', '--encoding', 'latin1']],
    ['convert with one file', ['convert', 'a.csv']],
    ['risk without --qi', ['risk', 'a.csv']],
    ['scan --types foo', ['scan', 'a.csv', '--types', 'foo']],
    ['due without folder', ['due']],
    ['catalog without folder', ['catalog']],
    ['unknown flag', ['scan', 'a.csv', '--bogus']],
    ['unknown command', ['bogus']],
    ['release unknown action', ['release', 'frobnicate', 'somedir']],
    ['bench --format', ['bench', 'spec.yaml', '--format', 'xml']],
  ];
  for (const [name, args] of cases) {
    it(name, async () => {
      const plain = await run(dir, args);
      expect(plain.code).toBe(2);
      if (!args.some((a) => a.startsWith('--json'))) expect(plain.out).toBe('');
      expect(plain.err).toMatch(/^tuomin/);
      const withJson = await run(dir, [...args, '--json']);
      expect(withJson.code).toBe(2);
      expect(withJson.json!.error.code).toBe('USAGE');
    });
  }

  it('accepts the encodings convert accepts, in scan and profile too', async () => {
    for (const e of ['utf-8', 'UTF8', 'gbk', 'gb18030', 'auto']) {
      expect((await run(dir, ['scan', 'a.csv', '--encoding', e, '--json'])).code).toBe(0);
      expect((await run(dir, ['profile', 'a.csv', '--encoding', e, '--json'])).code).toBe(0);
    }
  });
});

describe('file-system errors exit 1 with a hint, never a temporary name', () => {
  it('catalog of a missing folder', async () => {
    const r = await run(dir, ['catalog', join(dir, 'nonexistent'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json!.error).toMatchObject({ code: 'ENOENT', hint: expect.any(String) });
    expect(r.err).toMatch(/hint:/);
  });
  it('convert into a folder is refused before the conversion runs', async () => {
    const r = await run(dir, ['convert', 'a.csv', 'somedir', '--json']);
    expect(r.code).toBe(2);
    expect(r.json!.error.message).toMatch(/folder/);
    expect(readdirSync(join(dir, 'somedir'))).toEqual([]);
    expect(r.out + r.err).not.toMatch(/tuomin-tmp/);
  });
  it('profile --write-spec onto an existing file is refused first', async () => {
    writeFileSync(join(dir, 'existing.yaml'), 'keep: me\n');
    const r = await run(dir, ['profile', 'a.csv', '--write-spec', 'existing.yaml', '--json']);
    expect(r.code).toBe(1);
    expect(r.json!.error.hint).toBeTruthy();
    expect(readFileSync(join(dir, 'existing.yaml'), 'utf8')).toBe('keep: me\n');
  });
});

describe('success objects', () => {
  it('carry ok: true', async () => {
    for (const args of [
      ['scan', 'a.csv', '--json'],
      ['profile', 'a.csv', '--json'],
      ['convert', 'a.csv', 'o.parquet', '--json'],
      ['risk', 'a.csv', '--qi', 'name', '--json'],
      ['catalog', 'somedir', '--json'],
      ['due', 'somedir', '--json'],
    ]) {
      const r = await run(dir, args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.json!.ok).toBe(true);
    }
  });
});

describe('catalog and due on damaged packages', () => {
  function pkg(name: string, status: string | null, dp?: string): void {
    const v = join(dir, 'c', name, '1.0.0');
    mkdirSync(join(v, 'data'), { recursive: true });
    writeFileSync(join(v, 'datapackage.json'), dp ?? JSON.stringify({ name, version: '1.0.0', 'gov:modified': '2024-01-01T00:00:00Z', 'gov:updateFrequency': 'annual' }));
    if (status !== null) writeFileSync(join(v, 'status.json'), status);
    // Every release is in its dataset's ledger (a folder without one is not a release); a
    // ledger written before the hash chain is accepted as a prefix, so one plain line will do.
    writeFileSync(join(dir, 'c', name, 'ledger.jsonl'), `${JSON.stringify({ at: '2024-01-01T00:00:00Z', event: 'publish', dataset: name, version: '1.0.0' })}\n`);
  }
  beforeEach(() => {
    pkg('good', JSON.stringify({ dataset: 'good', version: '1.0.0', status: 'published', since: '2024-01-01T00:00:00Z' }));
  });

  it('a malformed datapackage.json is skipped with its file and reason, never its contents', async () => {
    pkg('ds', '{}', '{"name": "secret-value", broken');
    const r = await run(dir, ['catalog', 'c', '--json']);
    expect(r.code).toBe(0);
    expect(r.json!.entries.map((e: { id: string }) => e.id)).toEqual(['good']);
    expect(r.json!.skipped).toEqual([{ file: join('ds', '1.0.0', 'datapackage.json'), reason: expect.stringMatching(/not valid JSON/), kind: 'package' }]);
    expect(r.out).not.toMatch(/secret-value/);
  });

  it('a missing or corrupt status.json is noted, never believed: the ledger gives the status', async () => {
    pkg('nostat', null);
    pkg('badstat', '{bad');
    pkg('edited', JSON.stringify({ dataset: 'edited', version: '1.0.0', status: 'withdrawn', since: '2024-01-01' }));
    const cat = await run(dir, ['catalog', 'c', '--json']);
    expect(cat.json!.skipped).toEqual([]);
    expect(cat.json!.entries.map((e: { id: string; status: string }) => `${e.id}:${e.status}`)).toEqual(['badstat:published', 'edited:published', 'good:published', 'nostat:published']);
    const { notes } = await buildOpenList(join(dir, 'c'));
    expect(notes.map((n) => n.replace(/^.*\/c\//, '')).sort()).toEqual([
      expect.stringMatching(/^badstat\/1\.0\.0\/status\.json is missing or unreadable; the ledger says published$/),
      expect.stringMatching(/^edited\/1\.0\.0\/status\.json disagrees with the ledger; the ledger says published$/),
      expect.stringMatching(/^nostat\/1\.0\.0\/status\.json is missing or unreadable; the ledger says published$/),
    ]);
    const due = await run(dir, ['due', 'c', '--as-of', '2030-01-01', '--json']);
    expect(due.code).toBe(5);
    expect(due.json!.unreadable).toEqual([]);
    expect(due.json!.due.map((d: { id: string }) => d.id).sort()).toEqual(['badstat', 'edited', 'good', 'nostat']);
  });

  it('a damaged ledger makes its package unreadable, and due exits 1', async () => {
    pkg('cut', null);
    writeFileSync(join(dir, 'c', 'cut', 'ledger.jsonl'), '{"at":"2024-01-01T00:00:00Z","event":"publ');
    const due = await run(dir, ['due', 'c', '--as-of', '2030-01-01', '--json']);
    expect(due.code).toBe(1);
    expect(due.json!.unreadable.map((u: { file: string }) => u.file)).toEqual([join('cut', '1.0.0', 'datapackage.json')]);
    expect(due.json!.due.map((d: { id: string }) => d.id)).toEqual(['good']);
    const plain = await run(dir, ['due', 'c', '--as-of', '2030-01-01']);
    expect(plain.code).toBe(1);
    expect(plain.out).toMatch(/UNREADABLE/);
    expect(plain.out).toMatch(/OVERDUE/);
  });

  it('due without damage: 5 when overdue, 0 otherwise', async () => {
    expect((await run(dir, ['due', 'c', '--as-of', '2030-01-01', '--json'])).code).toBe(5);
    expect((await run(dir, ['due', 'c', '--as-of', '2024-06-01', '--json'])).code).toBe(0);
  });
});

describe('risk validates columns before reading rows', () => {
  it('an unknown --qi on a header-only file is an error, not a met target', async () => {
    const r = await run(dir, ['risk', 'header.csv', '--qi', 'nope', '--k', '5', '--fail', '--json']);
    expect(r.code).toBe(1);
    expect(r.json!.error.message).toMatch(/no column named "nope"/);
  });
  it('suggests the closest column', async () => {
    const r = await run(dir, ['risk', 'a.csv', '--qi', 'nmae', '--json']);
    expect(r.code).toBe(1);
    expect(r.json!.error.message).toMatch(/did you mean "name"/);
  });
  it('checks --sensitive too', async () => {
    const r = await run(dir, ['risk', 'a.csv', '--qi', 'name', '--sensitive', 'nope', '--l', '2', '--json']);
    expect(r.code).toBe(1);
  });
});

describe('convert --on-bad-row skip never overwrites its input', () => {
  it('refuses when the rejects file is the input', async () => {
    mkdirSync(join(dir, 'rj'));
    const input = join(dir, 'rj', 'out.rejects.csv');
    writeFileSync(input, 'a,b\n1,2\n3\n');
    const r = await run(dir, ['convert', 'rj/out.rejects.csv', 'rj/out.parquet', '--on-bad-row', 'skip', '--json']);
    expect(r.code).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe('a,b\n1,2\n3\n');
    expect(existsSync(join(dir, 'rj', 'out.parquet'))).toBe(false);
  });
});

describe('help', () => {
  it('lists every exit code', async () => {
    const io = capture(dir);
    expect(await main(['--help'], io)).toBe(0);
    for (const c of ['0 ok', '1 bad', '2 usage', '3 security', '4 normative', '5 ', '70 internal', '130', '143']) expect(io.out()).toContain(c);
  });
});
