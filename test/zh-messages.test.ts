import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DETECTOR_TYPES } from '@tuomin/core/internal';
import { MESSAGES } from '../packages/cli/src/messages/catalogue.js';
import { ERROR_CODE_ZH, ERROR_TEXTS } from '../packages/cli/src/messages/errors.js';
import { REASONS, TYPE_ZH } from '../packages/cli/src/messages/reasons.js';
import { READER_WARNINGS } from '../packages/cli/src/messages/warnings.js';
import { STORE_NOTES, storeNote } from '../packages/cli/src/messages/notes.js';
import { setLang } from '../packages/cli/src/messages/lang.js';
import { errorText, reasonText } from '../packages/cli/src/messages/render.js';
import { anonymize, mask, memorySource, pipeline, pseudonymize, TuominError } from '@tuomin/core/internal';
import { table } from '../packages/core/test/privacy-helpers.js';
import { invalidValueError } from '../packages/core/src/transforms/generalize/on-invalid.js';
import { checkOutputTypes } from '../packages/publish/src/run/output-types.js';
import { failureOf, partitionError } from '../packages/publish/src/run/parallel/job.js';
import { checkVersion } from '../packages/publish/src/release/ledger.js';
import { readChain } from '../packages/publish/src/release/chain.js';
import { Progress } from '../packages/cli/src/progress.js';
import { main } from '../packages/cli/src/main.js';
import { capture } from '../packages/cli/test/capture.js';

/**
 * Every text the CLI can print comes in Chinese: the review reasons by code, the library's errors
 * by code and message id, the reader's warnings (enumerated from the sources here, so a new one
 * without a Chinese wording fails), and, through the real CLI under LANG=zh_CN.UTF-8, a failed
 * review and a bad input file, with the exit codes of English.
 */
const ROOT = join(import.meta.dirname, '..');
const CJK = /[\u4e00-\u9fff]/;

function sources(pkgs: string[]): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts')) out.push({ file: p.slice(ROOT.length + 1), text: readFileSync(p, 'utf8') });
    }
  };
  for (const p of pkgs) walk(join(ROOT, 'packages', p, 'src'));
  return out;
}

const LIBRARY = sources(['core', 'io', 'publish']);
const NAMESPACES = ['privacy', 'gov', 'spec', 'rule', 'row', 'release', 'metadata', 'usability', 'table', 'cell', 'key', 'source'];
const CODE_LITERAL = new RegExp(`'((?:${NAMESPACES.join('|')})/[A-Za-z0-9-]+)'`, 'g');

describe('every review reason code has a Chinese wording', () => {
  const codes = new Set<string>();
  for (const { text } of LIBRARY) for (const m of text.matchAll(CODE_LITERAL)) codes.add(m[1]!);

  it('the enumeration finds the codes (literals in the sources, the cell checks of core included)', () => {
    expect(codes.size).toBeGreaterThan(40);
    for (const c of ['privacy/pii-pattern', 'privacy/quasi-identifier-risk', 'gov/todo', 'rule/destroyed-column', 'cell/maxLength', 'cell/unique', 'key/readable-by-others']) expect(codes, c).toContain(c);
  });

  it('is exhaustive: every code written as a literal has a known namespace, and every computed code is one of the known sites', () => {
    const computed: string[] = [];
    // Reasons and spec issues are built in publish only (core's cell checks are literals too).
    for (const { file, text } of LIBRARY.filter((f) => f.file.startsWith('packages/publish/'))) {
      for (const m of text.matchAll(/\bcode: '([^']*)'/g)) expect(NAMESPACES, `${file}: code '${m[1]}'`).toContain(m[1]!.split('/')[0]);
      // A code that is not a literal, in a file that builds reasons or spec issues: each such site is listed here, with where its codes come from.
      if (!/\b(ReviewReason|SpecIssue|LintIssue|KeyWarning)\b/.test(text)) continue;
      for (const m of text.matchAll(/\bcode: ([^'\s][^,}\n]*)/g)) if (!/^(string|ErrorCode)\b/.test(m[1]!)) computed.push(`${file}: ${m[1]!.trim()}`);
      for (const m of text.matchAll(/\{ code, severity/g)) computed.push(`${file}: ${m[0]}`);
    }
    expect(computed.sort()).toEqual([
      // The cell checks: core's VIOLATION_CODES and cell/unique, literals found above.
      'packages/publish/src/review/normative.ts: v.code',
      // Two literals, found above.
      "packages/publish/src/review/published-risk.ts: unique ? 'privacy/near-unique-column' : 'privacy/published-risk'",
      // Key warnings: the codes keys.ts passes to warnOnce, literals found above.
      'packages/publish/src/run/review-pass.ts: { code, severity',
    ].sort());
  });

  it('each has a Chinese title, and no wording names a code the sources do not emit', () => {
    for (const c of codes) {
      expect(REASONS[c], `no Chinese wording for ${c} (packages/cli/src/messages/reasons.ts)`).toBeDefined();
      expect(REASONS[c]!.title, c).toMatch(CJK);
    }
    expect(Object.keys(REASONS).filter((c) => !codes.has(c))).toEqual([]);
  });

  it('each renders in Chinese from its fields, and falls back to its title and the English when a figure is missing', () => {
    setLang('zh');
    try {
      for (const code of Object.keys(REASONS)) {
        const bare = reasonText({ code, severity: 'error', message: 'ENGLISH DETAIL' });
        const fields = reasonText({ code, severity: 'warning', message: 'ENGLISH DETAIL', column: 'c', count: 3, type: 'cn_id', path: 'columns.c.rule' });
        for (const text of [bare, fields]) {
          expect(text, code).toMatch(CJK);
          expect(text, code).not.toMatch(/undefined|\{\w+\}/);
          // Either worded whole (no English) or the title with the English detail after it.
          if (text.includes('ENGLISH DETAIL')) expect(text, code).toBe(`${REASONS[code]!.title}：原文：ENGLISH DETAIL`);
        }
      }
      // A code with no wording at all (a newer library than this CLI): the English, marked.
      expect(reasonText({ code: 'x/new', severity: 'error', message: 'm' })).toBe('原文：m');
    } finally {
      setLang('en');
    }
    expect(reasonText({ code: 'gov/todo', severity: 'error', message: 'as thrown' })).toBe('as thrown');
  });

  it('every detector type has a Chinese name', () => {
    expect(Object.keys(TYPE_ZH).sort()).toEqual([...DETECTOR_TYPES].sort());
  });
});

describe('every library error code and message id has a Chinese wording', () => {
  const union = readFileSync(join(ROOT, 'packages/core/src/errors.ts'), 'utf8').match(/export type ErrorCode =([^;]*);/)![1]!;
  const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);

  it('each ErrorCode has a sentence and a hint in both languages', () => {
    expect(codes.length).toBeGreaterThanOrEqual(9);
    const thrown = new Set<string>();
    for (const { text } of [...LIBRARY, ...sources(['cli'])]) for (const m of text.matchAll(/new TuominError\(\s*'([A-Z_]+)'/g)) thrown.add(m[1]!);
    for (const c of thrown) expect(codes, c).toContain(c);
    for (const c of codes) {
      expect(ERROR_CODE_ZH[c], c).toMatch(CJK);
      const hint = (MESSAGES as Record<string, { en: string; zh: string }>)[`hint.${c}`];
      expect(hint?.zh, `hint.${c}`).toMatch(CJK);
      expect(hint?.en.trim(), `hint.${c}`).not.toBe('');
    }
  });

  it('each message id thrown has a wording whose placeholders are the params of its throw site, and none is unused', () => {
    // id -> the params its throw site passes (`{ id: 'x.y', params: { a, b: … } }`, or an id chosen by a condition).
    const sites = new Map<string, string>();
    for (const { text } of [...LIBRARY, ...sources(['cli'])]) {
      for (const m of text.matchAll(/\{ id: ([^,}]*)(?:, params: \{([^}]*)\})?/g)) {
        for (const id of m[1]!.matchAll(/'([a-zA-Z][a-zA-Z0-9]*\.[a-zA-Z0-9.]+)'/g)) sites.set(id[1]!, m[2] ?? '');
      }
    }
    expect(sites.size).toBeGreaterThanOrEqual(7);
    expect([...sites.keys()].sort()).toEqual(Object.keys(ERROR_TEXTS).sort());
    for (const [id, site] of sites) {
      const w = ERROR_TEXTS[id]!;
      const names = site.split(',').map((p) => p.split(':')[0]!.trim()).filter(Boolean);
      // render.ts words a Node error code (errno) and adds its hint (errnoHint).
      if (names.includes('errno')) names.push('errnoHint');
      for (const text of [w.zh, w.hint ?? '']) {
        if (typeof text === 'string') {
          for (const p of text.matchAll(/\{(\w+)\}/g)) expect(names, `${id}: {${p[1]}}`).toContain(p[1]);
          continue;
        }
        // A wording made of lists: given the site's params (one item each), Chinese with nothing undefined.
        const worded = text(Object.fromEntries(names.map((n) => [n, ['x']])));
        expect(worded, id).toMatch(CJK);
        expect(worded, id).not.toMatch(/undefined|\{\w+\}/);
      }
      expect(typeof w.zh === 'string' ? w.zh : w.zh({}), id).toMatch(CJK);
    }
  });

  it("every warning the CSV reader returns has a Chinese wording", () => {
    const shapes = pushedShapes(sources(['io']), 'warnings');
    expect(shapes.size).toBe(READER_WARNINGS.length);
    for (const s of shapes) expect(READER_WARNINGS.some((w) => w.en.test(s)), s).toBe(true);
    for (const w of READER_WARNINGS) expect(w.zh).toMatch(CJK);
  });
});

// --- Every error the library throws carries a message id ----------------------------------------

/**
 * The arguments of the call whose `(` is at `open`, split at its top-level commas (strings,
 * templates with their `${}`, regular expressions and comments skipped), and where the call ends.
 */
function callArgs(text: string, open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let i = open;
  const prev = (k: number): string => { let j = k - 1; while (j >= 0 && /\s/.test(text[j]!)) j--; return text[j] ?? ''; };
  const skipQuoted = (k: number): number => { const q = text[k]; for (k++; text[k] !== q; k++) if (text[k] === '\\') k++; return k; };
  const skipTemplate = (k: number): number => {
    for (k++; text[k] !== '`'; k++) {
      if (text[k] === '\\') { k++; continue; }
      if (text[k] !== '$' || text[k + 1] !== '{') continue;
      let d = 0;
      for (k++; ; k++) {
        const c = text[k];
        if (c === '`') k = skipTemplate(k);
        else if (c === "'" || c === '"') k = skipQuoted(k);
        else if (c === '{') d++;
        else if (c === '}' && --d === 0) break;
      }
    }
    return k;
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i) + 1;
    else if (c === "'" || c === '"') i = skipQuoted(i);
    else if (c === '`') i = skipTemplate(i);
    else if (c === '/' && /[(,=:[!&|?{};+]/.test(prev(i))) {
      let cls = false;
      for (i++; cls || text[i] !== '/'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') cls = true;
        else if (text[i] === ']') cls = false;
      }
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) { args.push(text.slice(start, i)); break; }
    } else if (c === ',' && depth === 1) { args.push(text.slice(start, i)); start = i + 1; }
  }
  const trimmed = args.map((a) => a.trim());
  if (trimmed[trimmed.length - 1] === '') trimmed.pop(); // a trailing comma
  return { args: trimmed, end: i };
}

/**
 * The ids a message-ref argument names: `{ id: 'a.b', … }`, or a conditional whose every branch is
 * such an object (`c ? { id: 'a.b' } : { id: 'a.c' }`); null for anything else (nothing, a
 * variable, a branch without an id).
 */
function refIds(arg: string | undefined): string[] | null {
  if (arg === undefined) return null;
  let s = arg.replace(/\/\/[^\n]*\n/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim();
  const ids: string[] = [];
  // Each top-level object literal must start with its id; it is then replaced by {}.
  for (let k = s.indexOf('{'); k >= 0; k = s.indexOf('{', k + 2)) {
    // The id: a literal, or a conditional of literals (`{ id: c ? 'a.b' : 'a.c', … }`).
    const m = /^\{\s*id:\s*([^,}]*)/.exec(s.slice(k));
    if (!m || !/^(?:[^?'{}]+\?\s*''\s*:\s*)*''$/.test(m[1]!.replace(/'[^']*'/g, "''").trim())) return null;
    for (const id of m[1]!.matchAll(/'([^']+)'/g)) ids.push(id[1]!);
    const close = callArgs(s, k).end; // the matching }
    s = `${s.slice(0, k)}{}${s.slice(close + 1)}`;
  }
  return ids.length && /^(?:[^?{}]+\?\s*\{\}\s*:\s*)*\{\}$/.test(s) ? ids : null;
}

interface ThrowSite { file: string; line: number; args: string[] }
function throwSites(files: Array<{ file: string; text: string }>): ThrowSite[] {
  const out: ThrowSite[] = [];
  for (const { file, text } of files) {
    for (const m of text.matchAll(/new TuominError\(/g)) {
      out.push({ file, line: text.slice(0, m.index).split('\n').length, args: callArgs(text, m.index + m[0].length - 1).args });
    }
  }
  return out;
}

/**
 * Sites that pass on the id of an error thrown elsewhere (whose own site is checked), by file and
 * argument: moving an error to the row of the whole input or to the file of a multi-file source, an
 * XLSX cell's failure, a bench variant that failed, a partition job's failure.
 */
const PASSED_ON: Record<string, string> = {
  'packages/core/src/transforms/when/row-error.ts': 'err.text',
  'packages/io/src/xlsx/sheet.ts': 'text',
  'packages/io/src/multi-source.ts': 'err.text',
  'packages/publish/src/bench/rule-bench.ts': 'err.text',
  'packages/publish/src/run/parallel/job.ts': "f.text ? { id: f.text.id, params: { ...f.text.params, ...place } } : { id: 'partition.failed', params: place }",
};

describe('every error the library throws carries a message id with a Chinese wording', () => {
  const sites = throwSites(LIBRARY);

  it('the enumeration parses constructor calls across lines, strings, templates, regexes and comments', () => {
    const fake = [
      "throw new TuominError('BAD_INPUT', `a, ${f(x, ')')} b`, { file },",
      "  'hint, with a comma (and a paren'); // no id",
      "new TuominError('IO', 'm', {}, undefined, { id: 'a.b' });",
      "new TuominError('IO', /\\(,/.source, {}, 'h', cond ? { id: 'a.c', params: { n: g(1, 2) } } : { id: 'a.d' });",
      "new TuominError('IO', 'm', {}, 'h', cond ? { id: 'a.e' } : undefined);",
      'new TuominError(',
      "  'IO',",
      "  'm', // a comment, with a comma",
      '  {},',
      "  'h',",
      "  { id: 'a.f' },",
      ');',
      "new TuominError('IO', 'm', {}, 'h', text);",
      "new TuominError('IO', 'm', {}, 'h', { id: c ? 'a.g' : 'a.h', params: { c } });",
    ].join('\n');
    const found = throwSites([{ file: 'x.ts', text: fake }]);
    expect(found.map((s) => s.args.length)).toEqual([4, 5, 5, 5, 5, 5, 5]);
    expect(found.map((s) => refIds(s.args[4]))).toEqual([null, ['a.b'], ['a.c', 'a.d'], null, ['a.f'], null, ['a.g', 'a.h']]);
    expect(found.map((s) => s.line)).toEqual([1, 3, 4, 5, 6, 13, 14]);
  });

  it('every `new TuominError(` in core, io and publish passes a message id (the 5th argument)', () => {
    expect(sites.length).toBeGreaterThan(200);
    const passedOn = (s: ThrowSite): boolean => PASSED_ON[s.file] !== undefined && PASSED_ON[s.file] === s.args[4]?.replace(/\s+/g, ' ');
    const missing = sites.filter((s) => refIds(s.args[4]) === null && !passedOn(s));
    expect(missing.map((s) => `${s.file}:${s.line}: ${s.args[1]?.slice(0, 80)}`), 'give each a { id, params } and a Chinese wording in packages/cli/src/messages/errors.ts').toEqual([]);
    // Each passed-on id is still found at one site (a file renamed leaves no stale entry here).
    for (const [file, arg] of Object.entries(PASSED_ON)) expect(sites.some((s) => s.file === file && s.args[4]?.replace(/\s+/g, ' ') === arg), file).toBe(true);
  });

  it('every id a throw site names has a Chinese wording, and the subclasses keep the id of what they wrap', () => {
    const ids = new Set(sites.flatMap((s) => refIds(s.args[4]) ?? []));
    expect(ids.size).toBeGreaterThan(150);
    expect([...ids].filter((id) => ERROR_TEXTS[id] === undefined)).toEqual([]);
    // A subclass is worded by what it carries: a bad spec's issues and a failed review's reasons
    // (render.ts lists them), a partition's end its cause's id.
    const subclasses = LIBRARY.flatMap(({ file, text }) => [...text.matchAll(/class (\w+) extends TuominError/g)].map((m) => ({ file, name: m[1]!, text })));
    expect(subclasses.map((c) => c.name).sort()).toEqual(['PartitionEndError', 'ReviewFailedError', 'SpecError']);
    const end = subclasses.find((c) => c.name === 'PartitionEndError')!;
    const call = end.text.indexOf('super(', end.text.indexOf('class PartitionEndError'));
    expect(callArgs(end.text, call + 5).args[4]).toBe('cause.text');
  });

  it('an unreachable invariant says so in Chinese; a rule\'s options worded by the zod issue code, the path in front', () => {
    const zh = (err: TuominError): { message: string; hint: string | undefined } => {
      setLang('zh');
      try { return errorText(err); } finally { setLang('en'); }
    };
    const bug = zh(new TuominError('IO', 'wrote 3 rows but read 4', { file: 'o.csv' }, 'this is a bug; please report it', { id: 'internal.bug' }));
    expect(bug.message).toBe('读写文件出错（文件 o.csv）：内部错误：tuomin 自身的一致性检查没有通过（不是数据或 spec 的问题）');
    expect(bug.hint).toContain('--lang en');
    const thrown = (f: () => unknown): TuominError => {
      try { f(); } catch (e) { return e as TuominError; }
      throw new Error('did not throw');
    };
    for (const [options, expected] of [
      [{ columns: ['a'], keepFirst: -1 }, 'spec 有误（位置 keepFirst，规则 mask）：mask 规则的选项有误：不能小于 0'],
      [{ columns: [] }, 'spec 有误（位置 columns，规则 mask）：mask 规则的选项有误：至少要有 1 项'],
      [{ columns: ['a'], bogus: 1 }, 'spec 有误（规则 mask）：mask 规则的选项有误：有未知的键：bogus'],
      [{ columns: 'a' }, 'spec 有误（位置 columns，规则 mask）：mask 规则的选项有误：类型不对：应为 array'],
    ] as const) {
      const t = zh(thrown(() => mask(options as never)));
      expect(t.message).toBe(expected);
      expect(t.hint).toBe('选项说明见 docs/transforms-mask.md');
    }
    // A key handed to the library as a hex string (the CLI reads bytes): what to pass, never the key.
    const hex = '3f1c9a7e5b2d4f6081a3c5e7092b4d6f';
    const key = zh(thrown(() => pseudonymize({ columns: ['a'], method: 'hmac-sha256', key: hex, scope: { dataset: 'd' } } as never)));
    expect(key.message).toBe('密钥有误（规则 pseudonymize）：密钥是以字符串给出的（不显示其内容）；带密钥的规则要求密钥是字节');
    expect(key.hint).toContain('Uint8Array.from(Buffer.from(hex, \'hex\'))');
    expect(key.message + key.hint).not.toContain(hex);
  });
});

/** The sentences a `push(...)` into `list` can add, with each `${c ? 'a' : 'b'}` taken both ways and other values as 7. */
function pushedShapes(files: Array<{ text: string }>, list: string): Set<string> {
  const expand = (t: string): string[] => {
    const m = t.match(/\$\{[^{}]*\?\s*'([^']*)'\s*:\s*'([^']*)'\s*\}/);
    return m ? [...expand(t.replace(m[0], m[1]!)), ...expand(t.replace(m[0], m[2]!))] : [t.replace(/\$\{[^}]*\}/g, '7')];
  };
  const shapes = new Set<string>();
  for (const { text } of files) {
    for (const m of text.matchAll(new RegExp(`${list}\\.push\\(([\\s\\S]*?)\\);`, 'g'))) {
      for (const lit of m[1]!.matchAll(/`([^`]*)`|'([^']+)'/g)) for (const x of expand(lit[1] ?? lit[2]!)) if (x.length > 10) shapes.add(x);
    }
  }
  return shapes;
}

describe('errors thrown with a message id, rendered in Chinese from the real throw sites', () => {
  const thrown = (f: () => unknown): TuominError => {
    try { f(); } catch (e) { return e as TuominError; }
    throw new Error('did not throw');
  };
  const zh = (err: TuominError): { message: string; hint: string | undefined } => {
    setLang('zh');
    try { return errorText(err); } finally { setLang('en'); }
  };
  const clean = (t: { message: string; hint: string | undefined }): void => {
    for (const x of [t.message, t.hint ?? '']) expect(x).not.toMatch(/原文|undefined|\{\w+\}/);
  };

  it('an invalid value under onInvalid: error; a value the declared type cannot hold; a version not canonical', () => {
    const bad = zh(invalidValueError('age', 'generalize', 5, 'a number'));
    expect(bad.message).toBe('值有误（第 5 条记录，列“age”，规则 generalize）：值不是数');
    expect(bad.hint).toContain('给 generalize 规则另设 onInvalid');
    clean(bad);
    const typed = zh(thrown(() => checkOutputTypes([{ column: 'amount', type: 'number with 2 decimals', count: 3, row: 7 }, { column: 'n', type: 'integer', count: 1, row: 2 }], 'out.csv')));
    expect(typed.message).toContain('列“amount”有 3 个值无法按保留 2 位小数的数发布（另有 1 列的值也不行：n）；没有发布任何内容');
    clean(typed);
    const version = zh(thrown(() => checkVersion('01.0.0')));
    expect(version.message).toBe('输入数据有误：“01.0.0”不是规范的版本号：数字不能有前导零');
    expect(version.hint).toBe('写作 1.0.0，或去掉 --version 自动取下一个版本号');
  });

  it('a damaged release ledger: what the check found, in Chinese', async () => {
    const ds = mkdtempSync(join(tmpdir(), 'tuomin-zh-ledger-'));
    writeFileSync(join(ds, 'ledger.jsonl'), 'garbage\n');
    const err = await readChain(ds).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TuominError);
    const t = zh(err as TuominError);
    expect(t.message).toMatch(/^输入数据有误（文件 .*ledger\.jsonl，第 1 行）：发布台账已损坏：这一行不是有效的 JSON（乱码、两行粘在一起，或被编辑过）$/);
    expect(t.hint).toContain('请从备份恢复 ledger.jsonl');
    clean(t);
  });

  it('a partition job\'s error: "partition N (bytes a–b)" in Chinese, with or without a message id of its own', () => {
    const ref = { index: 2, kind: 'csv-bytes' as const, start: 100, end: 200 };
    const withId = partitionError(ref, failureOf(invalidValueError('age', 'generalize', 5, 'a date')));
    expect(withId.message).toMatch(/^row 5, column "age", rule generalize: partition 2 \(bytes 100–200\): value is not a date\n/);
    expect(zh(withId as TuominError).message).toBe('值有误（第 5 条记录，列“age”，规则 generalize）：分区 2（字节 100–200）：值不是日期');
    const withoutId = partitionError({ index: 0, kind: 'parquet-row-groups', first: 3, count: 2 }, failureOf(new TuominError('BAD_INPUT', 'something new', { file: 'x.parquet' })));
    expect(zh(withoutId as TuominError).message).toBe('输入数据有误（文件 x.parquet）：分区 0（行组 3–4）出错：something new');
  });

  it('the privacy model not met within the suppression limit: figures and column names, never a value', async () => {
    const district = ['东城区', '东城区', '西城区', '朝阳区', '朝阳区', '海淀区'];
    const gender = ['男', '女', '男', '女', '男', '女'];
    const b = table({ district, gender });
    const p = pipeline(memorySource(b.schema, [b]), anonymize({ quasiIdentifiers: ['district', 'gender'], k: 2, suppressionLimit: 0.1 }));
    let err: unknown;
    try { for await (const _ of p); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(TuominError);
    const t = zh(err as TuominError);
    expect(t.message).toMatch(/^未达到隐私保护目标（列“district,gender”，规则 privacy）：隐私模型（k = 2）需要抑制 6 条记录中的 \d+ 条，超过了 10% 的上限（0 条）；不满足的等价类 \d+ 个（\d+ 个 1 条记录的等价类[^）]*；不显示取值），泛化层级为 district 0，gender 0$/);
    expect(t.hint).toContain('提高抑制上限');
    clean(t);
    for (const v of [...district, ...gender]) expect(t.message).not.toContain(v);
  });
});

describe('the release store\'s notes', () => {
  it('every note the store returns (release list, catalog, a recovered release) has a Chinese wording', () => {
    const files = sources(['publish']).filter((f) => /\/(release|catalog)\//.test(f.file));
    const shapes = pushedShapes(files, 'notes');
    expect(shapes.size).toBeGreaterThanOrEqual(9);
    for (const sh of shapes) expect(STORE_NOTES.some((n) => n.en.test(sh)), sh).toBe(true);
    for (const n of STORE_NOTES) expect(n.zh).toMatch(CJK);
    setLang('zh');
    try {
      expect(storeNote('finished the withdrawal of 1.2.0 started at ledger line 7')).toBe('已完成台账第 7 行开始的版本 1.2.0 的撤回');
      expect(reasonText({ code: 'release/recovered', severity: 'warning', message: 'finished the withdrawal of 1.2.0 started at ledger line 7' })).toBe('已完成台账第 7 行开始的版本 1.2.0 的撤回');
    } finally {
      setLang('en');
    }
  });
});

describe('the progress line', () => {
  it('is in the language of the messages', () => {
    const ci = process.env.CI;
    delete process.env.CI; // silent under CI, by design
    try {
      for (const [lang, expected] of [
        // The rates depend on the clock: only their wording is checked.
        ['zh', /^\rconvert：1,000 行，每秒 \S+ 行，每秒 \S+ MB，预计还需 \S+ 秒\x1b\[K$/],
        ['en', /^\rconvert: 1,000 rows, \S+ rows\/s, \S+ MB\/s, ETA \S+ s\x1b\[K$/],
      ] as const) {
        setLang(lang);
        let out = '';
        const stream = Object.assign(new Writable({ write(c: Buffer, _e: string, cb: () => void) { out += String(c); cb(); } }), { isTTY: true });
        new Progress(stream, 'convert', 10_000_000).update(1000, 5_000_000);
        expect(out).toMatch(expected);
      }
    } finally {
      setLang('en');
      if (ci !== undefined) process.env.CI = ci;
    }
  });
});

// --- Through the real CLI --------------------------------------------------------------------

/** A resident ID with a valid check digit, from a seeded counter (no real person's). */
function cnId(i: number): string {
  const body = `${['110101', '371602', '320102'][i % 3]}${1960 + (i % 40)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(100 + i).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...body].reduce((a, d, j) => a + Number(d) * w[j]!, 0);
  return body + '10X98765432'[s % 11]!;
}

const dir = mkdtempSync(join(tmpdir(), 'tuomin-zh-messages-'));
const ids = Array.from({ length: 60 }, (_, i) => cnId(i));
writeFileSync(join(dir, 'people.csv'), `record_id,id_number,district,amount,phone\n${ids.map((id, i) => `R${String(i).padStart(4, '0')},${id},${['东城区', '西城区', '朝阳区'][i % 3]},${100 + ((i * 37) % 800)},n/a`).join('\n')}\n`);
writeFileSync(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n');
const header = `dataset:
  id: zh-test
  title: 测试数据
  description: 测试用数据集
  publisher: { name: 某某局, uscc: 11371600MB28503171 }
  contact: { phone: 0543-3160000, email: open@example.gov.cn }
  domain: 其他
  keywords: [测试]
  updateFrequency: monthly
openAttribute: unconditional
source: { path: people.csv, acquiredAt: 2026-11-20 }
output: { folder: out, formats: [csv] }
`;
// The ID column is published as it is: the security review fails (exit 3).
writeFileSync(join(dir, 'unmasked.yaml'), `${header}columns:
  record_id: { description: 记录号, drop: true }
  id_number: { description: 身份证号 }
  district: { description: 区县 }
  amount: { description: 金额, type: number }
  phone: { description: 电话, drop: true }
`);
// More reasons at once, for the dry run: a rule that voids its column, a TODO, near-unique columns.
writeFileSync(join(dir, 'many.yaml'), `${header}columns:
  record_id: { description: 记录号 }
  id_number: { description: 身份证号 }
  district: { description: TODO 区县 }
  amount: { description: 金额, type: number }
  phone: { description: 电话, rule: { type: mask, preset: cn.mobile, onInvalid: 'null' } }
`);
// Typos a new user makes: a misspelt key, a domain not in the list, a misspelt rule type.
writeFileSync(join(dir, 'typos.yaml'), `${header.replace('updateFrequency:', 'updateFrequncy:')}columns:
  district: { description: 区县, rule: { type: maks } }
`);
writeFileSync(join(dir, 'typo-rule.yaml'), `${header}columns:
  district: { description: 区县, rule: { type: maks } }
`);
// The key in a file others can read: a warning.
writeFileSync(join(dir, 'keyfile.yaml'), `${header}unlistedColumns: drop
columns:
  district: { description: 区县, rule: { type: pseudonymize, method: hmac-sha256, key: { file: k.hex } } }
`);
writeFileSync(join(dir, 'k.hex'), '3f1c9a7e5b2d4f6081a3c5e7092b4d6f\n');
chmodSync(join(dir, 'k.hex'), 0o644); // whatever the umask
// Two columns published under one name.
writeFileSync(join(dir, 'dup.yaml'), `${header}unlistedColumns: drop
columns:
  district: { description: 区县, name: area }
  amount: { description: 金额, name: area }
`);
// A spec that names a column the source lacks and leaves the others out.
writeFileSync(join(dir, 'partial.yaml'), `${header}columns:
  distrct: { description: 区县 }
`);
// A keyed rule, for the key errors.
writeFileSync(join(dir, 'keyed.yaml'), `${header}unlistedColumns: drop
columns:
  district: { description: 区县, rule: { type: pseudonymize, method: hmac-sha256 } }
`);
// Publishes: the ID and the record number dropped.
writeFileSync(join(dir, 'ok.yaml'), `${header}columns:
  record_id: { description: 记录号, drop: true }
  id_number: { description: 身份证号, drop: true }
  district: { description: 区县 }
  amount: { description: 金额, type: number }
  phone: { description: 电话, drop: true }
`);

function tuomin(args: string[], lang: string | undefined): { code: number | null; out: string; err: string } {
  const { LC_ALL: _a, LC_MESSAGES: _m, LANG: _l, CI: _c, ...env } = process.env;
  // From the repository (where tsx resolves), with the files of the test by absolute path.
  const abs = args.map((a) => (/\.(csv|yaml)$/.test(a) ? join(dir, a) : a));
  const r = spawnSync(process.execPath, ['--conditions=@tuomin/source', '--import', 'tsx', 'packages/cli/src/bin.ts', ...abs], {
    cwd: ROOT, encoding: 'utf8', env: { ...env, ...(lang ? { LANG: lang } : {}), TUOMIN_MALLOC_TUNING: '0' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** main() in this process (the same code without a process's start-up): for the cases beyond the two spawned ones. */
async function inProcess(args: string[], lang: string | undefined): Promise<{ code: number; out: string; err: string }> {
  const io = capture(dir, lang ? { LANG: lang } : {});
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe('the real CLI under LANG=zh_CN.UTF-8', () => {
  it('a failed security review: Chinese reasons, exit 3 as in English, no ID in the output', () => {
    const zh = tuomin(['run', 'unmasked.yaml'], 'zh_CN.UTF-8');
    expect(zh.code).toBe(3);
    expect(zh.err).toMatch(/^tuomin: 错误 SECURITY_REVIEW: 安全审查未通过，没有发布任何内容：/);
    expect(zh.err).toContain('[privacy/pii-pattern] 脱敏后列“id_number”中仍有 60 个身份证号（修改位置：columns.id_number.rule）');
    expect(zh.err).toContain('[privacy/unmasked-sensitive-field] 列“id_number”在抽样行中有 100.0% 含有身份证号，但没有脱敏规则');
    expect(zh.err).toContain('提示：');
    expect(zh.err).not.toMatch(/review failed|remain in column|原文/);
    for (const id of ids) expect(zh.out + zh.err).not.toContain(id);
    const en = tuomin(['run', 'unmasked.yaml'], 'en_US.UTF-8');
    expect(en.code).toBe(3);
    expect(en.err).toContain('security review failed; nothing was published');
    expect(en.err).not.toMatch(CJK);
  });

  it('a bad input file: the row error in Chinese with its place, exit 1 as in English; --lang zh without LANG', () => {
    const zh = tuomin(['convert', 'ragged.csv', 'o.csv'], 'zh_CN.UTF-8');
    expect(zh.code).toBe(1);
    expect(zh.err).toContain('tuomin: 错误 BAD_INPUT: 输入数据有误（文件 ');
    expect(zh.err).toContain('ragged.csv，第 3 行，第 8 字节）：字段数不对：该行有 1 个字段，而表头有 2 个');
    expect(zh.err).toContain('提示：修正该行（含有“,”的字段要加引号）');
    expect(zh.err).not.toMatch(/ragged row|hint:/);
    const flag = tuomin(['--lang', 'zh', 'convert', 'ragged.csv', 'o.csv'], undefined);
    expect(flag.code).toBe(1);
    expect(flag.err).toContain('字段数不对');
    const en = tuomin(['convert', 'ragged.csv', 'o.csv'], undefined);
    expect(en.code).toBe(1);
    expect(en.err).toContain('ragged row: 1 field where the header has 2 (too few)');
  });

  it('the inputs a new user gets wrong (an Excel file, a missing file or spec, a damaged Parquet, a missing or bad key): Chinese, same exit codes', async () => {
    writeFileSync(join(dir, 'sheet.xlsx'), 'PK');
    writeFileSync(join(dir, 'damaged.parquet'), 'not parquet');
    writeFileSync(join(dir, 'bad.ndjson'), '{"a": 1}\n{"a": 2,}\n');
    writeFileSync(join(dir, 'wide.csv'), Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]));
    for (const [args, expected] of [
      [['convert', 'sheet.xlsx', 'o.csv'], '不是 .xlsx 工作簿：文件开头不是 ZIP 格式'],
      [['scan', 'missing.csv'], '无法读取输入文件：文件或文件夹不存在'],
      [['run', 'missing.yaml'], '无法读取 spec 文件：文件或文件夹不存在'],
      [['scan', 'damaged.parquet'], '不是有效的 Parquet 文件'],
      [['scan', 'bad.ndjson'], '输入数据有误（文件 '],
      [['scan', 'bad.ndjson'], '，第 2 行）：不是有效的 JSON（该行第 9 个字符处：应为带双引号的键）'],
      [['scan', 'wide.csv'], '文件是 UTF-16 编码（以字节顺序标记 FF FE 开头），不支持读取'],
      [['risk', 'people.csv', '--qi', 'distrct'], '没有名为“distrct”的列（准标识符）；是不是想写“district”？；可用的列：record_id、id_number、district、amount、phone'],
      [['run', 'partial.yaml', '--dry-run'], '  columns.distrct：源数据中没有这一列；是不是想写 "district"？\n  spec 中没有描述的源数据列：record_id、id_number、district、amount、phone（请在 columns: 下逐列描述'],
      [['run', 'keyed.yaml', '--dry-run'], '环境变量 TUOMIN_KEY 没有设置'],
      [['run', 'keyed.yaml', '--dry-run', '--key-test=zz'], '环境变量 TUOMIN_KEY 中不是有效的密钥'],
      [['run', 'keyed.yaml', '--dry-run', '--key-test=00000000000000000000000000000000'], '环境变量 TUOMIN_KEY 中是同一个字节重复 16 次'],
    ] as const) {
      // --key-test=… is the test's own: the key goes into the environment, not the arguments.
      const key = args.find((a) => a.startsWith('--key-test='))?.slice(11);
      const argv = args.filter((a) => !a.startsWith('--key-test='));
      const zh = capture(dir, { LANG: 'zh_CN.UTF-8', ...(key ? { TUOMIN_KEY: key } : {}) });
      const en = capture(dir, key ? { TUOMIN_KEY: key } : {});
      const code = await main(argv, zh);
      expect(await main(argv, en)).toBe(code);
      expect(code, args.join(' ')).toBe(1);
      expect(zh.err(), args.join(' ')).toContain(expected);
      expect(zh.err(), args.join(' ')).not.toMatch(/原文|cannot|not (a )?valid|hint:/);
    }
  });

  it('errors worded by id this round (a bad hierarchy, an unknown output extension, a control character for XLSX, a bound of the spec): Chinese, no 原文, same exit codes', async () => {
    // Level-1 label "A" generalizes to both * and X; the labels are never shown.
    writeFileSync(join(dir, 'two-parents.csv'), '东城区;A;*\n西城区;A;X\n朝阳区;B;*\n');
    writeFileSync(join(dir, 'control.csv'), 'a,b\n1,x\u0001secret\n');
    // Bounds of the spec's schema (zod's too_small), worded by the issue code as a rule's options are.
    writeFileSync(join(dir, 'bounds.yaml'), `${header.replace('formats: [csv]', 'formats: []')}privacy: { quasiIdentifiers: [district], k: 0 }\ncolumns:\n  district: { description: 区县 }\n`);
    for (const [args, expected] of [
      [['anonymize', 'people.csv', '--qi', 'district', '--hierarchy', 'district=interval:5,10', '--k', '2'], '值有误（列“district”，规则 interval）：这一列有值不是数（不显示取值）'],
      [['anonymize', 'people.csv', '--qi', 'district', '--hierarchy', 'district=two-parents.csv', '--k', '2'], '，第 2 行）：第 1 层的一个标签泛化到了两个不同的上一层标签（不显示取值）'],
      [['anonymize', 'people.csv', '--qi', 'amount', '--hierarchy', 'amount=prefix:1,2', '--k', '2'], 'spec 有误（规则 prefix）：前缀长度必须逐层递减\n  提示：例如 keep: [4, 2]'],
      [['convert', 'people.csv', 'out.xyz'], '：未知的文件扩展名“.xyz”\n  提示：文件名请使用以下扩展名之一：'],
      [['convert', 'control.csv', 'control.xlsx'], '第 1 条记录，列“b”）：值中含有控制字符 U+0001（不显示取值）'],
      [['run', 'bounds.yaml'], '行，privacy.k：不能小于 1\n'],
      [['run', 'bounds.yaml'], '行，output.formats：至少要有 1 项\n'],
    ] as const) {
      const zh = capture(dir, { LANG: 'zh_CN.UTF-8' });
      const en = capture(dir, {});
      const code = await main([...args], zh);
      expect(await main([...args], en), args.join(' ')).toBe(code);
      expect(code, args.join(' ')).toBe(1);
      expect(zh.err(), args.join(' ')).toContain(expected);
      expect(zh.err(), args.join(' ')).not.toMatch(/原文|hint:|undefined|西城区|secret/);
      expect(en.err(), args.join(' ')).not.toMatch(CJK);
    }
  });

  it('profile: each suggestion in Chinese, the library\'s note (its evidence) after it as the original', async () => {
    const zh = capture(dir, { LANG: 'zh_CN.UTF-8' });
    expect(await main(['profile', 'people.csv'], zh)).toBe(0);
    const arrows = zh.out().split('\n').filter((l) => l.includes('→'));
    expect(arrows.length).toBe(5);
    for (const l of arrows) expect(l).toMatch(/→ [\u4e00-\u9fff]/);
    expect(zh.out()).toContain('id_number  [L4]');
    expect(zh.out()).toMatch(/→ 直接标识符.*\n      原文：id_number: drop/);
    for (const id of ids) expect(zh.out()).not.toContain(id);
  });

  it('a key file others can read: the warning in Chinese in the dry run', async () => {
    const zh = capture(dir, { LANG: 'zh_CN.UTF-8' });
    expect(await main(['run', 'keyfile.yaml', '--dry-run', '--head', '0'], zh)).toBe(0);
    expect(zh.out()).toContain('警告 [key/readable-by-others] 密钥文件 k.hex 其他用户可读（权限 644）：请执行 chmod 600（修改位置：keys）');
  });

  it('a spec with typos: each problem in Chinese with its line and the suggestion, exit 1 as in English', async () => {
    const zh = await inProcess(['run', 'typos.yaml'], 'zh_CN.UTF-8');
    expect(zh.code).toBe(1);
    expect(zh.err).toMatch(/^tuomin: 错误 BAD_SPEC: spec 有误（文件 .*typos\.yaml）：spec 有 1 处问题：\n  第 1 行，dataset：未知的键 "updateFrequncy"；是不是想写 "updateFrequency"？\n/);
    const rule = await inProcess(['run', 'typo-rule.yaml'], 'zh_CN.UTF-8');
    expect(rule.code).toBe(1);
    expect(rule.err).toContain('columns.district.rule.type：未知的规则类型 "maks"；是不是想写“mask”？');
    const dup = await inProcess(['run', 'dup.yaml'], 'zh_CN.UTF-8');
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('columns.amount.name：输出列名 "area" 也被列 "district" 使用');
    expect(zh.err + rule.err + dup.err).not.toMatch(/原文|unknown/);
    expect((await inProcess(['run', 'typos.yaml'], undefined)).code).toBe(1);
  });

  it('the dry run: every reason it lists fully in Chinese (no English left), the figures and the withheld cells too', async () => {
    const zh = await inProcess(['run', 'many.yaml', '--dry-run', '--head', '2'], 'zh_CN.UTF-8');
    expect(zh.code).toBe(0);
    const reasons = zh.out.split('\n').filter((l) => /^\s+(错误|警告) \[/.test(l));
    const seen = new Set(reasons.map((l) => l.match(/\[([^\]]+)\]/)![1]));
    for (const c of ['privacy/pii-pattern', 'privacy/unmasked-sensitive-field', 'privacy/near-unique-column', 'rule/destroyed-column', 'gov/todo', 'usability/high-missing-rate']) expect(seen, c).toContain(c);
    for (const l of reasons) {
      expect(l, l).not.toMatch(/原文|undefined|\{\w+\}/);
      expect(l).toMatch(CJK);
    }
    expect(zh.out).toContain('〔已扣留：见安全审查〕');
    expect(zh.out).toMatch(/安全审查：未通过\n/);
    expect(zh.out).not.toMatch(/\brisk over\b|\brules:|values changed|withheld/);
  });

  it('a run that publishes: warnings in Chinese; review.json as before (no params)', async () => {
    const zh = await inProcess(['run', 'ok.yaml'], 'zh_CN.UTF-8');
    expect(zh.code, zh.err).toBe(0);
    expect(zh.out).toMatch(/^已发布 zh-test 1\.0\.0：60 行/);
    expect(zh.out).toMatch(/字节  sha256 /);
    for (const l of zh.out.split('\n').filter((x) => x.includes('警告 ['))) expect(l).toMatch(CJK);
    const review = readFileSync(join(dir, 'out', 'zh-test', '1.0.0', 'reports', 'review.json'), 'utf8');
    expect(review).not.toContain('"params"');
    expect(review).not.toMatch(/安全审查|规范性审查|〔/);
  });
});
