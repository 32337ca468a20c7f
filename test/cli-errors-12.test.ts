import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../fixtures/lib/rng.js';
import { inlineRow, workbookBytes } from './support/xlsx-bytes.js';
import { EXIT } from '../packages/cli/src/exit-codes.js';

/**
 * The errors and warnings session 11 left (notes/s12/E.md), as a user meets them, in real
 * processes: the reader's warnings in a run's reports, YAML errors at a line and column, empty
 * files, an output folder that cannot be written, the relaunch's failure. English and Chinese.
 */
const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');
// The processes run in temporary folders, where `--import tsx` would not resolve.
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const NODE = [process.execPath, '--conditions=@tuomin/source', '--import', TSX, BIN];
const KEY = '000102030405060708090a0b0c0d0e0f';
const CJK = /[\u4e00-\u9fff]/;

const dir = mkdtempSync(join(tmpdir(), 'tuomin-errors-12-'));
const logs = join(dir, 'logs');
mkdirSync(logs);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENV = { ...process.env, TMPDIR: logs, TUOMIN_WORK_DIR: join(dir, 'work'), TUOMIN_KEY: KEY, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };

function tuomin(args: string[], env: Record<string, string | undefined> = {}): SpawnSyncReturns<string> {
  return spawnSync(NODE[0]!, [...NODE.slice(1), ...args], { cwd: dir, env: { ...ENV, ...env }, encoding: 'utf8' });
}

interface RunJson { ok: boolean; packageDir: string; parallel?: { workers: number; partitions?: number; sequential?: string }; reviews: Array<{ review: string; reasons: Array<{ code: string; message: string }> }> }

/** The reader warnings a run's --json and its review.json carry, as sorted messages. */
function readerWarnings(out: RunJson): { json: string[]; report: string[] } {
  const pick = (reviews: RunJson['reviews']) => reviews.filter((r) => r.review === 'normative').flatMap((r) => r.reasons).filter((r) => r.code === 'source/reader-warning').map((r) => r.message).sort();
  const report = JSON.parse(readFileSync(join(out.packageDir, 'reports', 'review.json'), 'utf8')) as { reviews?: RunJson['reviews']; normative?: RunJson['reviews'][number] };
  const reviews = report.reviews ?? (report.normative ? [{ ...report.normative, review: 'normative' }] : []);
  return { json: pick(out.reviews), report: pick(reviews) };
}

/** A spec over `source` with plain columns (synthetic, no personal data), one CSV output. */
function specFor(id: string, source: string, columns: string[], extra = ''): string {
  const path = join(dir, `${id}.yaml`);
  writeFileSync(path, [
    'dataset:', `  id: ${id}`, '  title: 合成测试数据', '  description: 测试用的合成数据，不含个人信息。',
    '  publisher: { name: 测试局, uscc: 11371600MB28503171 }', '  contact: { phone: 0543-3160000, email: open@example.gov.cn }',
    '  domain: 其他', '  industry: S9222 行政执法', '  keywords: [测试]', '  updateFrequency: monthly', '  spatialCoverage: "371600"',
    'openAttribute: unconditional', 'source:', `  path: ${source}`, '  system: 测试系统', '  acquiredAt: 2026-11-20', extra,
    'columns:', ...columns.map((c, i) => `  ${c}: { name: c${i}, description: 第${i}列 }`),
    'output:', `  folder: out-${id}`, '  formats: [csv]', '',
  ].filter((l) => l !== '').join('\n'));
  return path;
}

/** Seeded rows of a number, a city and an amount (and a second city when `twice`). */
function cityRows(n: number, seed: number, twice = false): string[] {
  const rand = mulberry32(seed);
  const rows: string[] = [];
  for (let i = 0; i < n; i++) rows.push(`${i + 1},城市${Math.floor(rand() * 5)},${(rand() * 1000).toFixed(2)}${twice ? `,城市${Math.floor(rand() * 5)}` : ''}`);
  return rows;
}

describe('1. the reader\'s warnings reach a run\'s reports and its terminal (before: only convert showed them)', () => {
  it('a UTF-8 BOM under a declared GB18030: a normative warning in review.json, --json and on the terminal, in both languages', () => {
    writeFileSync(join(dir, 'bom.csv'), `\uFEFF${['编号,城市,金额', ...cityRows(200, 12)].join('\n')}\n`);
    const spec = specFor('e12-bom', 'bom.csv', ['编号', '城市', '金额'], '  csv: { encoding: gb18030 }');
    const en = tuomin(['run', spec]);
    expect(en.status, en.stderr).toBe(0);
    expect(en.stdout).toContain('warning [source/reader-warning] the file starts with a UTF-8 byte order mark, so it was read as UTF-8 (not gb18030)');
    const zh = tuomin(['run', spec, '--json'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.status, zh.stderr).toBe(0);
    const w = readerWarnings(JSON.parse(zh.stdout) as RunJson);
    expect(w.json).toEqual(['the file starts with a UTF-8 byte order mark, so it was read as UTF-8 (not gb18030)']);
    expect(w.report).toEqual(w.json);
    const zhText = tuomin(['run', spec], { LANG: 'zh_CN.UTF-8' });
    expect(zhText.stdout).toContain('警告 [source/reader-warning] 文件以 UTF-8 字节顺序标记（BOM）开头，因此按 UTF-8 读取（而不是 gb18030）');
  }, 120_000);

  it('a repeated column name: the same warning, once, from the sequential run and the partitioned run --workers 2', () => {
    // About 9 MB: cut into partitions at --workers 2 (4 MiB at least each).
    writeFileSync(join(dir, 'dup.csv'), `${['编号,城市,金额,城市', ...cityRows(400_000, 13, true)].join('\n')}\n`);
    const spec = specFor('e12-dup', 'dup.csv', ['编号', '城市', '金额', '城市_2']);
    const one = tuomin(['run', spec, '--json']);
    expect(one.status, one.stderr).toBe(0);
    const two = tuomin(['run', spec, '--json', '--workers', '2']);
    expect(two.status, two.stderr).toBe(0);
    const seq = JSON.parse(one.stdout) as RunJson;
    const par = JSON.parse(two.stdout) as RunJson;
    expect(par.parallel?.partitions).toBeGreaterThanOrEqual(2);
    const a = readerWarnings(seq);
    const b = readerWarnings(par);
    expect(a.json).toEqual(['column 4 repeats the name "城市"; renamed it "城市_2"']);
    expect(a.report).toEqual(a.json);
    expect(b).toEqual(a);
  }, 300_000);

  it('an XLSX\'s title rows and hidden column: warnings of the run, in both languages', () => {
    const sheet = (rows: string) => `<cols><col min="2" max="2" width="0" hidden="1"/></cols><sheetData>${rows}</sheetData>`;
    const rand = mulberry32(14);
    let rows = inlineRow(1, ['2026年测试公示表', null, null]) + inlineRow(2, ['编号', '备注', '城市']);
    for (let r = 3; r < 53; r++) rows += inlineRow(r, [String(r - 2), `内部备注${r}`, `城市${Math.floor(rand() * 3)}`]);
    writeFileSync(join(dir, 'book.xlsx'), workbookBytes({ sheets: [{ name: '表1', body: sheet(rows) }] }));
    const spec = specFor('e12-xlsx', 'book.xlsx', ['编号', '城市']);
    const en = tuomin(['run', spec, '--json']);
    expect(en.status, en.stderr).toBe(0);
    const w = readerWarnings(JSON.parse(en.stdout) as RunJson);
    expect(w.json).toEqual(['sheet "表1": hidden columns B not read', 'sheet "表1": row 1 above the header row 2 read as a title, not data']);
    expect(w.report).toEqual(w.json);
    const zh = tuomin(['run', spec], { LANG: 'zh_CN.UTF-8' });
    expect(zh.status, zh.stderr).toBe(0);
    expect(zh.stdout).toContain('工作表“表1”：隐藏列 B 未读取');
    expect(zh.stdout).toContain('工作表“表1”：表头行 2 上方的第 1 行按标题处理，不作为数据');
  }, 120_000);
});

describe('2. a YAML error names its line and column (before: the line only)', () => {
  it('an unclosed [ and a repeated key: line and column, the parser\'s rule, what to do; exit 1 in both languages', () => {
    const spec = readFileSync(specFor('e12-yaml', 'bom.csv', ['编号']), 'utf8');
    writeFileSync(join(dir, 'yaml-error.yaml'), spec.replace('  title: 合成测试数据', '  title: [合成测试数据').replace('  keywords: [测试]', '  keywords: [测试]\n  keywords: [又一次]'));
    const en = tuomin(['run', 'yaml-error.yaml']);
    expect(en.status).toBe(EXIT.BAD_INPUT);
    expect(en.stderr).toMatch(/yaml-error\.yaml: invalid dataset spec/);
    expect(en.stderr).toMatch(/line 4, column 3, \(root\): YAML BAD_INDENT: .*\(fix the YAML at that line and column: indent with spaces/);
    expect(en.stderr).toMatch(/line 10, column 3, \(root\): YAML DUPLICATE_KEY: /);
    const zh = tuomin(['run', 'yaml-error.yaml', '--json'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.status).toBe(EXIT.BAD_INPUT);
    const issues = (JSON.parse(zh.stdout) as { error: { issues: Array<{ code: string; line: number; column?: number; params?: { yaml?: string } }> } }).error.issues;
    expect(issues.map((i) => [i.code, i.line, i.column])).toContainEqual(['spec/syntax', 10, 3]);
    for (const i of issues) expect(i.column, JSON.stringify(i)).toBeGreaterThan(0);
    expect(zh.stderr).toMatch(/第 10 行第 3 列，（根）：YAML 语法错误（DUPLICATE_KEY）：原文：.*；请修正该行该列：用空格缩进/);
  }, 120_000);
});

describe('3. risk and profile of an empty file (before: risk said "no column named" or printed zero figures with exit 0; profile exited 0 with an empty draft)', () => {
  // Exit 1 (bad input) for profile too: a draft from no rows marks no column personal (every
  // column looks empty), and a script that chains profile --write-spec and run must stop here.
  writeFileSync(join(dir, 'zero.csv'), '');
  writeFileSync(join(dir, 'header-only.csv'), '姓名,城市,金额\n');
  const cases: Array<[string, string[], RegExp, RegExp]> = [
    ['zero.csv', ['risk', '--qi', '城市'], /zero\.csv: the source has no columns: the file is empty/, /源数据没有任何列：文件是空的/],
    ['zero.csv', ['profile', '--write-spec', 'zero-draft.yaml'], /zero\.csv: the source has no columns: the file is empty/, /源数据没有任何列：文件是空的/],
    ['header-only.csv', ['risk', '--qi', '城市'], /header-only\.csv: no rows to measure: the source has its header \(columns: 姓名, 城市, 金额\) and no data rows/, /没有可计算风险的记录：源数据只有表头（列：姓名、城市、金额），没有数据行/],
    ['header-only.csv', ['profile', '--write-spec', 'header-only-draft.yaml'], /header-only\.csv: no rows to profile: the source has its header \(columns: 姓名, 城市, 金额\) and no data rows/, /没有可分析的记录：源数据只有表头/],
  ];
  it.each(cases)('%s, %j: exit 1, the file named, what to do; no draft written', (file, command, english, chinese) => {
    const args = [command[0]!, file, ...command.slice(1)];
    const en = tuomin(args);
    expect(en.status, en.stderr).toBe(EXIT.BAD_INPUT);
    expect(en.stderr).toMatch(english);
    expect(en.stderr).toMatch(/\n {2}hint: check that the export finished/);
    const zh = tuomin([...args, '--json'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.status).toBe(EXIT.BAD_INPUT);
    const e = (JSON.parse(zh.stdout) as { ok: boolean; error: { code: string; message: string; hint: string } });
    expect(e.ok).toBe(false);
    expect(e.error.code).toBe('BAD_INPUT');
    expect(e.error.message).toMatch(chinese);
    expect(e.error.hint).toMatch(CJK);
    const draft = command[command.indexOf('--write-spec') + 1];
    if (command.includes('--write-spec')) expect(() => readFileSync(join(dir, draft!))).toThrow();
  }, 120_000);
});

describe('4. run --out a folder that cannot be written (before: a read-only file system was reported as ENOENT)', () => {
  const line = (args: string[]) => [...NODE, ...args].map((a) => `'${a}'`).join(' ');
  // Root writes anywhere: the refusal is made real by dropping the capability (EACCES) or by a
  // read-only tmpfs in a mount namespace of its own (EROFS); elsewhere the tests are skipped.
  const root = process.getuid?.() === 0;
  const canDrop = root && spawnSync('capsh', ['--print']).status === 0;
  const canMount = root && spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o ro tmpfs /mnt']).status === 0;

  it.skipIf(!canMount)('a read-only file system: exit 1, IO, EROFS and the folder named, in both languages', () => {
    writeFileSync(join(dir, 'ro.csv'), `${['编号,城市,金额', ...cityRows(50, 15)].join('\n')}\n`);
    const spec = specFor('e12-rofs', 'ro.csv', ['编号', '城市', '金额']);
    mkdirSync(join(dir, 'rofs'));
    const r = spawnSync('unshare', ['-m', 'sh', '-c', `mount -t tmpfs -o ro tmpfs '${join(dir, 'rofs')}' && ${line(['run', spec, '--out', 'rofs/out'])}; echo "rc=$?"; LANG=zh_CN.UTF-8 ${line(['run', spec, '--out', 'rofs/out', '--json'])}`], { cwd: dir, env: ENV, encoding: 'utf8' });
    expect(r.stdout).toContain('rc=1');
    expect(r.stderr).toContain(`cannot write in the dataset folder ${join(dir, 'rofs/out/e12-rofs')}: the file system is read-only (EROFS in ${join(dir, 'rofs')})`);
    expect(r.stderr).not.toMatch(/ENOENT/);
    const e = (JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('IO');
    expect(e.message).toContain('只读文件系统（EROFS，');
  }, 180_000);

  it.skipIf(!canDrop)('a folder of mode 0555 (root without CAP_DAC_OVERRIDE): exit 1, IO, EACCES and the folder that refused', () => {
    writeFileSync(join(dir, 'ro.csv'), `${['编号,城市,金额', ...cityRows(50, 15)].join('\n')}\n`);
    const spec = specFor('e12-ro', 'ro.csv', ['编号', '城市', '金额']);
    mkdirSync(join(dir, 'ro-folder'));
    chmodSync(join(dir, 'ro-folder'), 0o555);
    const r = spawnSync('capsh', ['--drop=cap_dac_override,cap_dac_read_search', '--', '-c', `${line(['run', spec, '--out', 'ro-folder/sub'])}; echo "rc=$?"`], { cwd: dir, env: ENV, encoding: 'utf8' });
    expect(r.stdout).toContain('rc=1');
    expect(r.stderr).toContain(`cannot write in the dataset folder ${join(dir, 'ro-folder/sub/e12-ro')}: permission denied (EACCES in ${join(dir, 'ro-folder')})`);
    expect(r.stderr).toMatch(/\n {2}hint: give an output folder you can write to/);
  }, 180_000);
});

describe('5. the relaunch that could not start (before: "could not start the worker process: Error: spawn … ENOENT", English only)', () => {
  // A process that cannot start, for real: the relaunch spawns process.execPath, here a path
  // that does not exist. (Deleting a copy of node under a running CLI was tried: too slow to
  // synchronise under load.) The words are bin.ts's, from relaunchFailure.
  const failedSpawn = (): Promise<NodeJS.ErrnoException> => new Promise((done) => {
    spawn(join(dir, 'no-such-node'), ['x'], { stdio: 'ignore' }).on('error', done);
  });

  it('says what failed, the code in words, and how to run without the relaunch, in both languages', async () => {
    const { relaunchFailure } = await import('../packages/cli/src/malloc-tuning.js');
    const err = await failedSpawn();
    expect(err.code).toBe('ENOENT');
    const en = relaunchFailure(err, ['run', 'spec.yaml'], { LANG: 'C.UTF-8' });
    expect(en).toBe(`tuomin: could not start the process that runs the command: no such file or folder (ENOENT, ${join(dir, 'no-such-node')}). tuomin relaunches itself with tuned memory settings for data commands, and that new process did not start.\n  hint: run the command without the relaunch: TUOMIN_MALLOC_TUNING=0 tuomin run … (the same command; only the memory tuning is off)\n`);
    expect(en).not.toMatch(/\n\s+at |Error:/);
    const zh = relaunchFailure(err, ['scan', 'a.csv'], { LANG: 'zh_CN.UTF-8' });
    expect(zh).toContain('tuomin: 无法启动运行该命令的进程：文件或文件夹不存在 (ENOENT, ');
    expect(zh).toContain('提示：不重新启动、直接运行该命令：TUOMIN_MALLOC_TUNING=0 tuomin scan …');
    expect(relaunchFailure(err, ['scan', '--lang', 'zh'], {})).toMatch(CJK);
  });
});

describe('6. the same line: a file where a folder of the path should be (before: "already exists", Node\'s EEXIST)', () => {
  it('convert into <file>/x.csv and a TUOMIN_WORK_DIR under a file: "a part of the path is not a folder", exit 1, both languages', () => {
    writeFileSync(join(dir, 'plain.csv'), `${['编号,城市,金额', ...cityRows(20, 16)].join('\n')}\n`);
    const en = tuomin(['convert', 'plain.csv', 'plain.csv/x.csv']);
    expect(en.status, en.stderr).toBe(EXIT.BAD_INPUT);
    expect(en.stderr).toContain(`${join(dir, 'plain.csv')}: a part of the path is not a folder`);
    expect(en.stderr).not.toMatch(/already exists|EEXIST/);
    writeFileSync(join(dir, 'spec-work.yaml'), readFileSync(specFor('e12-work', 'plain.csv', ['编号', '城市', '金额']), 'utf8'));
    const zh = tuomin(['run', 'spec-work.yaml'], { LANG: 'zh_CN.UTF-8', TUOMIN_WORK_DIR: join(dir, 'plain.csv', 'work') });
    expect(zh.status, zh.stderr).toBe(EXIT.BAD_INPUT);
    expect(zh.stderr).toContain('路径中有一部分不是文件夹');
    expect(zh.stderr).not.toMatch(/已经存在|EEXIST/);
  }, 180_000);
});
