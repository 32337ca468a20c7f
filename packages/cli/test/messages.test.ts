import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main.js';
import { MESSAGES } from '../src/messages/catalogue.js';
import { chooseLang } from '../src/messages/lang.js';
import { closest } from '../src/messages/did-you-mean.js';
import { commands } from '../src/commands/index.js';
import { verbSpecs } from '../src/options/verbs.js';
import { capture } from './capture.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const CJK = /[\u4e00-\u9fff]/;

describe('the message catalogue', () => {
  it('every message has English and Chinese, with the same placeholders', () => {
    const keys = Object.keys(MESSAGES);
    expect(keys.length).toBeGreaterThan(50);
    for (const [key, m] of Object.entries(MESSAGES)) {
      expect(m.en.trim(), key).not.toBe('');
      expect(m.zh.trim(), key).not.toBe('');
      expect(m.zh, key).toMatch(CJK);
      expect(placeholders(m.zh), key).toEqual(placeholders(m.en));
    }
  });

  it('every option, verb description and command summary has both languages', async () => {
    for (const c of commands) expect(c.summary.zh, c.name).toMatch(CJK);
    const verbs = await verbSpecs();
    expect(verbs.map((v) => v.name).sort()).toEqual(commands.map((c) => c.name).sort());
    for (const v of verbs) {
      for (const text of [v.about, v.exitCodes, ...Object.values(v.options).map((o) => o.help)]) {
        expect(text.en.trim(), v.name).not.toBe('');
        expect(text.zh, `${v.name}: ${text.en}`).toMatch(CJK);
      }
    }
  });

  it('the language comes from --lang, then LC_ALL, LC_MESSAGES, LANG', () => {
    expect(chooseLang([], { LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(chooseLang([], { LANG: 'en_US.UTF-8' })).toBe('en');
    expect(chooseLang([], {})).toBe('en');
    expect(chooseLang([], { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(chooseLang([], { LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(chooseLang(['--lang', 'zh'], { LANG: 'en_US' })).toBe('zh');
    expect(chooseLang(['scan', 'f.csv', '--lang=en'], { LANG: 'zh_CN.UTF-8' })).toBe('en');
  });

  it("gettext's LANGUAGE comes before the locale, except under C or no locale", () => {
    expect(chooseLang([], { LANGUAGE: 'zh_CN:en', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(chooseLang([], { LANGUAGE: 'fr:zh', LC_ALL: 'en_GB.UTF-8' })).toBe('zh');
    expect(chooseLang([], { LANGUAGE: 'en:zh', LANG: 'zh_CN.UTF-8' })).toBe('en');
    // No language we have in the list: the locale decides.
    expect(chooseLang([], { LANGUAGE: 'fr:de', LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(chooseLang([], { LANGUAGE: 'zh_CN', LANG: 'C' })).toBe('en');
    expect(chooseLang([], { LANGUAGE: 'zh_CN', LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' })).toBe('en');
    expect(chooseLang([], { LANGUAGE: 'zh_CN' })).toBe('en');
    expect(chooseLang(['--lang', 'en'], { LANGUAGE: 'zh_CN', LANG: 'zh_CN.UTF-8' })).toBe('en');
  });
});

describe('Chinese under LANG=zh_CN.UTF-8', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tuomin-zh-'));
  writeFileSync(join(dir, 'a.csv'), 'name,age\nli,30\n');
  const zh = { LANG: 'zh_CN.UTF-8' };
  const samples: Array<[string, string[], number]> = [
    ['top-level help', ['--help'], 0],
    ['a verb\'s help', ['convert', '--help'], 0],
    ['a verb\'s help', ['risk', '--help'], 0],
    ['an unknown command', ['convrt'], 2],
    ['an unknown option', ['scan', 'a.csv', '--min-confidnce', '0.3'], 2],
    ['a bad value', ['risk', 'a.csv', '--qi', 'name', '--k', '0'], 2],
    ['a missing file', ['convert', 'nope.csv', 'out.parquet'], 1],
    ['a clean scan', ['scan', 'a.csv'], 0],
  ];
  for (const [what, args, code] of samples) {
    it(`${what}: ${args.join(' ')}`, async () => {
      const io = capture(dir, zh);
      expect(await main(args, io)).toBe(code);
      expect(io.out() + io.err()).toMatch(CJK);
      // The same command in English has no Chinese of ours (file names aside).
      const en = capture(dir, { LANG: 'en_US.UTF-8' });
      expect(await main(args, en)).toBe(code);
      expect(en.out() + en.err()).not.toMatch(/[用选项提示错误未知行]/);
    });
  }

  it('--lang zh before the verb or after it', async () => {
    for (const args of [['--lang', 'zh', 'scan', 'a.csv', '--bogus'], ['scan', 'a.csv', '--bogus', '--lang=zh']]) {
      const io = capture(dir, {});
      expect(await main(args, io)).toBe(2);
      expect(io.err()).toContain('未知选项 --bogus');
    }
  });

  it('a library error keeps its code; its place, message and hint in Chinese (test/zh-messages.test.ts has the rest)', async () => {
    writeFileSync(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
    const io = capture(dir, zh);
    expect(await main(['convert', 'ragged.csv', 'o.parquet'], io)).toBe(1);
    expect(io.err()).toMatch(/^tuomin: 错误 BAD_INPUT: 输入数据有误（文件 .*ragged\.csv，第 3 行，第 8 字节）：字段数不对/);
    expect(io.err()).toContain('  提示：修正该行');
  });
});

describe('did you mean', () => {
  it('suggests close names only', () => {
    expect(closest('convrt', ['convert', 'scan'])).toBe('convert');
    expect(closest('min-confidnce', ['min-confidence', 'all-rows'])).toBe('min-confidence');
    expect(closest('xyz', ['convert', 'scan'])).toBeUndefined();
  });

  it('a swap of two neighbouring letters is one typo (Levenshtein counted two: no suggestion for a four-letter verb)', () => {
    expect(closest('scna', ['scan', 'run', 'risk'])).toBe('scan');
    expect(closest('rsik', ['scan', 'run', 'risk'])).toBe('risk');
    expect(closest('dyr-run', ['dry-run', 'head'])).toBe('dry-run');
    expect(closest('nacs', ['scan', 'run'])).toBeUndefined();
  });

  it('an unknown command: the suggestion and tuomin --help, not the whole help; one JSON object with --json', async () => {
    const io = capture('/', {});
    expect(await main(['profil'], io)).toBe(2);
    expect(io.err()).toBe('tuomin: unknown command "profil"\n  hint: did you mean tuomin profile? see tuomin --help\n');
    const j = capture('/', {});
    expect(await main(['profil', '--json'], j)).toBe(2);
    expect(JSON.parse(j.out())).toEqual({ ok: false, error: { code: 'USAGE', message: 'unknown command "profil"', hint: 'did you mean tuomin profile? see tuomin --help', suggestion: 'profile' } });
  });

  it('a mistyped value of a fixed set, a mistyped top-level flag, a --lang that is neither zh nor en', async () => {
    const metric = capture('/', {});
    expect(await main(['anonymize', 'a.csv', '--qi', 'a', '--metric', 'entropi'], metric)).toBe(2);
    expect(metric.err()).toContain('--metric must be one of entropy, discernibility, dmstar, aecs, precision, loss (got "entropi"); did you mean entropy?');
    const flag = capture('/', {});
    expect(await main(['--versoin'], flag)).toBe(2);
    expect(flag.err()).toContain('did you mean tuomin --version?');
    const language = capture('/', {});
    expect(await main(['scan', 'a.csv', '--lang', 'fr'], language)).toBe(2);
    expect(language.err()).toContain('--lang must be one of zh, en (got "fr")');
  });

  it('an unknown option or a missing value: named, never Node\'s parseArgs text', async () => {
    for (const [args, expected] of [
      [['risk', 'a.csv', '--qi', 'a', '--k5'], 'tuomin risk: unknown option --k5\n  hint: did you mean --k? see tuomin risk --help\n'],
      [['convert', 'a.csv', 'b.csv', '--delimiter'], 'tuomin convert: --delimiter needs a value\n  hint: give it as --delimiter VALUE; a value starting with "-" is written --delimiter=-1\n'],
      [['convert', 'a.csv', 'b.csv', '--json=1'], 'tuomin convert: --json takes no value\n  hint: see tuomin convert --help\n'],
    ] as const) {
      const io = capture('/', {});
      expect(await main([...args], io)).toBe(2);
      expect(io.err()).toBe(expected);
      expect(io.err()).not.toMatch(/ERR_PARSE_ARGS|To specify an option argument/);
    }
  });
});

describe('options described once', () => {
  it('the reader options are the same on every verb that reads a file', async () => {
    const verbs = await verbSpecs();
    const readers = verbs.filter((v) => 'delimiter' in v.options);
    expect(readers.map((v) => v.name).sort()).toEqual(['anonymize', 'convert', 'profile', 'risk', 'scan']);
    for (const v of readers) {
      for (const name of ['delimiter', 'encoding', 'no-header', 'null-token', 'on-bad-row']) expect(v.options[name], `${v.name} --${name}`).toBeDefined();
      expect(v.options['null-token']!.aliases).toEqual(['null']);
    }
  });

  it('--null is accepted for --null-token, and the reader options reach the reader in risk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tuomin-null-'));
    writeFileSync(join(dir, 'n.csv'), 'g;a\nx;NA\ny;NA\n');
    const io = capture(dir, {});
    expect(await main(['risk', 'n.csv', '--qi', 'g,a', '--delimiter', ';', '--null', 'NA', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out()).rows).toBe(2);
  });

  it('--version is packages/cli/package.json\'s version', async () => {
    const io = capture('/', {});
    expect(await main(['--version'], io)).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(io.out()).toBe(`${pkg.version}\n`);
  });
});
