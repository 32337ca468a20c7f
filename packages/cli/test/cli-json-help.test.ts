import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main.js';
import { commands } from '../src/commands/index.js';
import { verbSpecs } from '../src/options/verbs.js';
import { EXIT } from '../src/exit-codes.js';
import { capture } from './capture.js';

/**
 * The CLI's last conventions (ship audit, session 10): --help and --version print JSON with
 * --json; Chinese help translates its synopsis words; every error under --json is one
 * `{ ok: false, error: { code, message } }` object in the user's language, with an exit code of
 * docs/cli.md. Before: --help --json and --version --json printed text, the Chinese usage line
 * said `<file...> [options]`, a library error's message under --json stayed English in Chinese,
 * and `due`'s UNREADABLE error was English in both.
 */

const ROOT = new URL('../../../', import.meta.url);
const ZH = { LANG: 'zh_CN.UTF-8' };
const CJK = /[\u4e00-\u9fff]/;

/** The exit codes of the table in docs/cli.md (its first column: `| 0 |`, `| 129, 130, 143 |`). */
function documentedExitCodes(): Set<number> {
  const doc = readFileSync(new URL('docs/cli.md', ROOT), 'utf8');
  const table = doc.slice(doc.indexOf('## Exit codes'), doc.indexOf('\n## ', doc.indexOf('## Exit codes') + 1));
  const codes = new Set<number>();
  for (const [, cell] of table.matchAll(/^\| ([\d, ]+) \|/gm)) for (const n of cell!.split(',')) codes.add(Number(n.trim()));
  return codes;
}

let dir = '';
async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; json: any; err: string }> {
  const io = capture(dir, env);
  const code = await main(args, io);
  // Throws unless stdout is exactly one JSON document.
  const json = JSON.parse(io.out());
  expect(typeof json === 'object' && json !== null && !Array.isArray(json)).toBe(true);
  return { code, json, err: io.err() };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tuomin-json-help-'));
  writeFileSync(join(dir, 'a.csv'), 'name,age\nli,30\nwang,40\n');
  mkdirSync(join(dir, 'somedir'));
  // A version folder the ledger does not record: `due` cannot read the package.
  mkdirSync(join(dir, 'pk/ds/1.0.0'), { recursive: true });
  writeFileSync(join(dir, 'pk/ds/1.0.0/datapackage.json'), '{');
});

describe('--help --json and --version --json print one JSON object', () => {
  it.each([[['--help', '--json']], [['--json', '--help']], [['help', '--json']], [['-h', '--json']], [['--lang', 'en', '--json', '--help']]])('tuomin %j: the commands, the synopsis and the exit codes of docs/cli.md', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(EXIT.OK);
    expect(r.err).toBe('');
    expect(r.json).toMatchObject({ ok: true, name: 'tuomin', lang: 'en', synopsis: 'tuomin <command> [options]' });
    expect(r.json.version).toBe(JSON.parse(readFileSync(new URL('packages/cli/package.json', ROOT), 'utf8')).version);
    expect(r.json.commands.map((c: { name: string }) => c.name)).toEqual(commands.map((c) => c.name));
    for (const c of r.json.commands) expect(c.summary.length).toBeGreaterThan(10);
    expect(r.json.commonOptions.map((o: { name: string }) => o.name)).toEqual(['--json', '--lang', '--help']);
    // The top-level help names every documented exit code, and nothing else.
    expect(new Set(r.json.exitCodes.map((e: { code: number }) => e.code))).toEqual(documentedExitCodes());
    for (const value of Object.values(EXIT)) expect(documentedExitCodes().has(value)).toBe(true);
  });

  it('in Chinese: the same codes, the words in Chinese', async () => {
    const r = await cli(['--help', '--json'], ZH);
    expect(r.json).toMatchObject({ ok: true, lang: 'zh', synopsis: 'tuomin <命令> [选项]' });
    expect(new Set(r.json.exitCodes.map((e: { code: number }) => e.code))).toEqual(documentedExitCodes());
    for (const e of r.json.exitCodes) expect(e.meaning).toMatch(CJK);
  });

  it.each([[['--version', '--json']], [['-V', '--json']], [['--json', '--version']]])('tuomin %j: the version and the Node version', async (args) => {
    const r = await cli(args);
    expect(r.code).toBe(EXIT.OK);
    expect(r.err).toBe('');
    expect(r.json).toEqual({ ok: true, name: 'tuomin', version: JSON.parse(readFileSync(new URL('packages/cli/package.json', ROOT), 'utf8')).version, node: process.versions.node });
  });

  it('tuomin --json with no command: a usage error as one ok:false object, exit 2', async () => {
    for (const env of [{}, ZH]) {
      const r = await cli(['--json'], env);
      expect(r.code).toBe(EXIT.USAGE);
      expect(r.json).toMatchObject({ ok: false, error: { code: 'USAGE', message: expect.any(String), hint: expect.any(String) } });
      if (env === ZH) expect(r.json.error.message).toMatch(CJK);
    }
  });

  it.each(commands.map((c) => c.name))('tuomin %s --help --json: options with descriptions and defaults, exit codes, in English and Chinese', async (verb) => {
    const spec = (await verbSpecs()).find((v) => v.name === verb)!;
    const documented = documentedExitCodes();
    for (const env of [{}, ZH]) {
      const r = await cli([verb, '--help', '--json'], env);
      expect(r.code).toBe(EXIT.OK);
      expect(r.err).toBe('');
      expect(r.json).toMatchObject({ ok: true, command: verb, lang: env === ZH ? 'zh' : 'en' });
      expect(r.json.synopsis.startsWith(`tuomin ${verb} `)).toBe(true);
      expect(r.json.options.map((o: { name: string }) => o.name)).toEqual(Object.keys(spec.options).map((n) => `--${n}`));
      for (const o of r.json.options) {
        expect(o.description.trim().length, o.name).toBeGreaterThan(3);
        if (env === ZH) expect(o.description, o.name).toMatch(CJK);
        const entry = spec.options[o.name.slice(2)]!;
        const d: unknown = entry.type === 'string' ? entry.default : undefined;
        if (typeof d === 'number' || typeof d === 'string') expect(o.default, o.name).toBe(d);
        if (entry.type === 'string' && (entry.default !== undefined || entry.defaultText)) expect(o.defaultText, o.name).toEqual(expect.any(String));
      }
      const codes = r.json.exitCodes.map((e: { code: number }) => e.code) as number[];
      expect(codes).toContain(EXIT.USAGE);
      for (const c of codes) expect(documented.has(c), `${verb} exit ${c} is not in docs/cli.md`).toBe(true);
      for (const e of r.json.exitCodes) expect(e.meaning.length).toBeGreaterThan(1);
      // The same codes in both languages: one table, two wordings.
      if (env === ZH) expect(codes).toEqual((await cli([verb, '--help', '--json'])).json.exitCodes.map((e: { code: number }) => e.code));
    }
  });

  it('a --help that wins over a usage error still prints the help as JSON (tuomin risk --k x --help --json)', async () => {
    const r = await cli(['risk', '--k', 'x', '--help', '--json']);
    expect(r.code).toBe(EXIT.OK);
    expect(r.json.command).toBe('risk');
  });
});

describe('Chinese help translates the synopsis words, not the option names', () => {
  it.each(commands.map((c) => c.name))('tuomin %s --help in Chinese', async (verb) => {
    const en = capture(dir);
    await main([verb, '--help'], en);
    const zh = capture(dir, ZH);
    await main([verb, '--help'], zh);
    const usageZh = zh.out().slice(0, zh.out().indexOf('\n\n'));
    const usageEn = en.out().slice(0, en.out().indexOf('\n\n'));
    expect(usageZh.startsWith(`用法：tuomin ${verb} `)).toBe(true);
    // No English placeholder word left: `<file...>`, `<package folder>`, `[options]`, `[reader options]`
    // (a file-name example such as <spec.yaml> has a dot and stays).
    for (const [, inner] of usageZh.matchAll(/<([^<>]+)>/g)) for (const alt of inner!.split('|')) expect(alt.trim(), usageZh).not.toMatch(/^[a-z][a-z -]*(\.\.\.)?$/);
    expect(usageZh).not.toMatch(/\[[a-z][a-z ]*\]/);
    // Every option name of the English line is there as typed.
    const flags = (s: string) => [...s.matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]);
    expect(flags(usageZh)).toEqual(flags(usageEn));
  });

  it('the words themselves: convert and scan', async () => {
    const convert = capture(dir, ZH);
    await main(['convert', '--help'], convert);
    expect(convert.out()).toMatch(/^用法：tuomin convert <输入\.\.\.> <输出> \[选项\]\n/);
    const scan = capture(dir, ZH);
    await main(['scan', '--help'], scan);
    expect(scan.out()).toMatch(/^用法：tuomin scan <文件\.\.\. \| 数据包文件夹> \[--json\] \[--all-rows\]/);
  });
});

describe('every error under --json: one ok:false object with a code and the message in the user\'s language, the exit code of docs/cli.md', () => {
  const cases: Array<[string, string[], number, string]> = [
    ['unknown command', ['scna', '--json'], EXIT.USAGE, 'USAGE'],
    ['unknown option', ['scan', 'a.csv', '--nope', '--json'], EXIT.USAGE, 'USAGE'],
    ['missing value', ['risk', 'a.csv', '--qi', '--json'], EXIT.USAGE, 'USAGE'],
    ['bad value', ['due', 'somedir', '--as-of', '2024-02-30', '--json'], EXIT.USAGE, 'USAGE'],
    ['missing argument', ['convert', 'a.csv', '--json'], EXIT.USAGE, 'USAGE'],
    ['output is a folder', ['convert', 'a.csv', 'somedir', '--json'], EXIT.USAGE, 'USAGE'],
    ['input file missing', ['scan', 'missing.csv', '--json'], EXIT.BAD_INPUT, 'IO'],
    ['a CSV given as the spec', ['run', 'a.csv', '--json'], EXIT.BAD_INPUT, 'BAD_SPEC'],
    ['unknown quasi-identifier', ['risk', 'a.csv', '--qi', 'zz', '--json'], EXIT.BAD_INPUT, 'BAD_INPUT'],
    ['no releases', ['release', 'verify', 'nodir', '--json'], EXIT.BAD_INPUT, 'BAD_INPUT'],
    // It verified "a chain of 0 lines" with exit 0 before: a script checking the wrong folder passed.
    ['an existing folder with no ledger', ['release', 'verify', 'somedir', '--json'], EXIT.BAD_INPUT, 'BAD_INPUT'],
    ['folder missing', ['catalog', 'nodir', '--json'], EXIT.BAD_INPUT, 'ENOENT'],
    ['an unreadable package', ['due', 'pk', '--json'], EXIT.BAD_INPUT, 'UNREADABLE'],
    ['--json before the verb', ['--json', 'scan', 'missing.csv'], EXIT.BAD_INPUT, 'IO'],
    ['--json=1 before the verb', ['--json=1', 'scan', 'a.csv'], EXIT.USAGE, 'USAGE'],
  ];
  it.each(cases)('%s (%j)', async (_what, args, exit, code) => {
    const documented = documentedExitCodes();
    for (const env of [{}, ZH]) {
      const r = await cli(args, env);
      expect(r.code).toBe(exit);
      expect(documented.has(r.code)).toBe(true);
      expect(r.json.ok).toBe(false);
      expect(r.json.error.code).toBe(code);
      expect(typeof r.json.error.message).toBe('string');
      if (env === ZH) {
        expect(r.json.error.message, args.join(' ')).toMatch(CJK);
        if (r.json.error.hint !== undefined) expect(r.json.error.hint).toMatch(CJK);
      } else {
        expect(r.json.error.message, args.join(' ')).not.toMatch(/[\u3000-\u303f]|[\u4e00-\u9fff]{2,}/);
      }
    }
  });

  it('a library error in Chinese keeps its code and place, and the English text under `english`', async () => {
    const r = await cli(['risk', 'a.csv', '--qi', 'zz', '--json'], ZH);
    expect(r.json.error).toMatchObject({ code: 'BAD_INPUT', column: 'zz', english: { message: expect.stringContaining('no column named "zz"') } });
    expect(r.json.error.message).toContain('zz');
  });
});
