import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../fixtures/lib/rng.js';

/**
 * The error paths of every command as a user meets them, in real processes: in English, in
 * Chinese and with --json. Each: the exit code of docs/cli.md, a message naming the file (line,
 * column, rule) and what to do, and under --json one valid object with a stable `code`.
 */
const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'packages/cli/src/bin.ts');
// The processes run in temporary folders, where `--import tsx` would not resolve.
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const NODE = [process.execPath, '--conditions=@tuomin/source', '--import', TSX, BIN];
const KEY = '000102030405060708090a0b0c0d0e0f';
const CJK = /[\u4e00-\u9fff]/;

const dir = mkdtempSync(join(tmpdir(), 'tuomin-errors-11-'));
// Crash logs (tmpdir()) of the exit-70 cases land here, not in the machine's /tmp.
const logs = join(dir, 'logs');
mkdirSync(logs);
afterAll(() => {
  chmodSync(join(dir, 'noread.csv'), 0o644);
  rmSync(dir, { recursive: true, force: true });
});

const ENV = { ...process.env, TMPDIR: logs, TUOMIN_WORK_DIR: join(dir, 'work'), TUOMIN_KEY: KEY, LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' };

function tuomin(args: string[], env: Record<string, string | undefined> = {}): SpawnSyncReturns<string> {
  return spawnSync(NODE[0]!, [...NODE.slice(1), ...args], { cwd: dir, env: { ...ENV, ...env }, encoding: 'utf8' });
}

/** The --json object of a failed command: exactly one object on stdout, with a code and a message. */
function jsonError(r: SpawnSyncReturns<string>): { code: string; message: string; hint?: string; [k: string]: unknown } {
  const out = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; message: string } };
  expect(out.ok).toBe(false);
  expect(out.error.code).toMatch(/^[A-Z_]+$/);
  expect(out.error.message.length).toBeGreaterThan(0);
  return out.error;
}

// A small register with a phone column: its values must never reach an error message.
const PHONE = '13912345678';
const rand = mulberry32(11);
const rows = ['姓名,城市,手机,金额'];
for (let i = 0; i < 200; i++) rows.push(`张${i},城市${Math.floor(rand() * 9)},${i === 7 ? PHONE : `139${String(10_000_000 + i).padStart(8, '0')}`},${(rand() * 1000).toFixed(2)}`);
writeFileSync(join(dir, 'ok.csv'), `${rows.join('\n')}\n`);
mkdirSync(join(dir, 'adir'));
writeFileSync(join(dir, 'empty.csv'), '');
writeFileSync(join(dir, 'noread.csv'), 'a,b\n1,2\n');
chmodSync(join(dir, 'noread.csv'), 0o000);
// A CSV under a .parquet name (the extension decides the format).
writeFileSync(join(dir, 'text.parquet'), 'a,b\n1,2\n');
cpSync(join(ROOT, 'fixtures/specs/penalties.yaml'), join(dir, 'penalties.yaml'));
writeFileSync(join(dir, 'penalties.yaml'), readFileSync(join(dir, 'penalties.yaml'), 'utf8').replace('path: ../samples/penalties.csv', `path: ${join(ROOT, 'fixtures/samples/penalties.csv')}`));
writeFileSync(join(dir, 'employment.yaml'), readFileSync(join(ROOT, 'fixtures/specs/employment.yaml'), 'utf8').replace('path: ../samples/employment.csv', `path: ${join(ROOT, 'fixtures/samples/employment.csv')}`));

describe('Chinese help names option values in Chinese, option names as typed', () => {
  it('run --help under LANG=zh_CN.UTF-8 (before: --workers N, --out FOLDER, --head N)', () => {
    const zh = tuomin(['run', '--help'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.status).toBe(0);
    expect(zh.stdout).toMatch(/^用法：tuomin run <spec\.yaml> \[--json\] \[--version X\.Y\.Z\] \[--out <文件夹>\] \[--dry-run \[--head 行数\]\]\n/);
    for (const line of ['--workers 线程数', '--out 文件夹', '--head 行数', '--batch-size 行数']) expect(zh.stdout).toContain(`  ${line} `);
    expect(zh.stdout).not.toMatch(/--(workers|head|out|batch-size) [A-Z]+\b/);
    const en = tuomin(['run', '--help']);
    expect(en.stdout).toContain('  --workers N ');
  });

  it('risk --help --json in Chinese: each option\'s arg in Chinese, the same names as in English', () => {
    const zh = JSON.parse(tuomin(['risk', '--help', '--json', '--lang', 'zh']).stdout) as { synopsis: string; options: Array<{ name: string; arg?: string }> };
    const en = JSON.parse(tuomin(['risk', '--help', '--json']).stdout) as { options: Array<{ name: string; arg?: string }> };
    expect(zh.synopsis).toBe('tuomin risk <文件...> --qi 列1,列2,列3 [选项]');
    expect(zh.options.map((o) => o.name)).toEqual(en.options.map((o) => o.name));
    const arg = (name: string) => zh.options.find((o) => o.name === name)!.arg;
    expect([arg('--qi'), arg('--k'), arg('--spill-dir'), arg('--encoding'), arg('--workers')]).toEqual(['列1,列2,列3', '整数', '目录', '编码', '线程数']);
    for (const o of zh.options) if (o.arg !== undefined) expect(o.arg, o.name).not.toMatch(/^[A-Z]+$/);
  });
});

describe('input files: missing, a folder, unreadable, empty, another format under the extension', () => {
  // [case, file, the command (the file goes after its verb), exit code, --json code, words of the English message]
  const cases: Array<[string, string, string[], number, string, RegExp]> = [
    ['missing', 'nope.csv', ['scan'], 1, 'IO', /nope\.csv: cannot read input: file not found/],
    ['missing', 'nope.csv', ['convert', 'out.parquet'], 1, 'IO', /nope\.csv: cannot read input: file not found/],
    // Before: "adir: file name has no extension" (UNSUPPORTED), as if it were a file.
    ['a folder', 'adir', ['profile'], 1, 'EISDIR', /adir: is a folder, expected a file/],
    ['a folder', 'adir', ['risk', '--qi', '城市'], 1, 'EISDIR', /adir: is a folder, expected a file/],
    ['a folder', 'adir', ['convert', 'out.csv'], 1, 'EISDIR', /adir: is a folder, expected a file/],
    ['a folder', 'adir', ['anonymize', '--qi', '城市', '--hierarchy', '城市=prefix:2', '--k', '2'], 1, 'EISDIR', /adir: is a folder, expected a file/],
    ['a folder', 'adir', ['scan'], 1, 'BAD_INPUT', /not a package folder/],
    ['empty', 'empty.csv', ['scan'], 1, 'BAD_INPUT', /empty\.csv: the source has no columns: the file is empty/],
    ['another format', 'text.parquet', ['profile'], 1, 'BAD_INPUT', /text\.parquet: not a valid Parquet file/],
  ];
  it.each(cases)('%s: %s, %j', (_what, file, command, exit, code, english) => {
    const args = (f: string) => [command[0]!, f, ...command.slice(1)];
    const en = tuomin(args(file));
    expect(en.status, en.stderr).toBe(exit);
    expect(en.stderr).toMatch(english);
    expect(en.stderr).toMatch(/\n {2}hint: \S/);
    const zh = tuomin([...args(file), '--json'], { LANG: 'zh_CN.UTF-8' });
    expect(zh.status).toBe(exit);
    const e = jsonError(zh);
    expect(e.code).toBe(code);
    expect(e.message).toContain(file);
    expect(e.message).toMatch(CJK);
    expect(e.hint).toMatch(CJK);
    // The message does not repeat the hint (before: the English message ended with "\n  hint: …").
    expect(zh.stderr).toMatch(CJK);
    expect(zh.stderr).toMatch(/\n {2}提示：\S/);
    const enJson = jsonError(tuomin([...args(file), '--json']));
    expect(enJson.message).not.toContain('hint:');
  }, 120_000);

  it.skipIf(process.getuid?.() !== 0 || spawnSync('capsh', ['--print']).status !== 0)('unreadable (chmod 000, root without CAP_DAC_OVERRIDE): exit 1, IO, "permission denied" in both languages', () => {
    const line = (extra: string) => [...NODE, 'scan', 'noread.csv', extra].map((a) => `'${a}'`).join(' ');
    const r = spawnSync('capsh', ['--drop=cap_dac_override,cap_dac_read_search', '--', '-c', `${line('--lang=en')}; echo "rc=$?"; ${line('--json')}`], { cwd: dir, env: { ...ENV, LANG: 'zh_CN.UTF-8' }, encoding: 'utf8' });
    expect(r.stderr).toMatch(/noread\.csv: cannot read input: permission denied\n {2}hint: /);
    expect(r.stderr).toMatch(/noread\.csv）：无法读取输入文件：没有权限/);
    const [first, json] = r.stdout.split(/(?<=rc=\d+)\n/);
    expect(first).toBe('rc=1');
    expect(JSON.parse(json!)).toMatchObject({ ok: false, error: { code: 'IO', file: expect.stringContaining('noread.csv') } });
  }, 120_000);
});

describe('specs and keys', () => {
  it('a YAML error: exit 1, BAD_SPEC, the line, in both languages', () => {
    writeFileSync(join(dir, 'yaml-error.yaml'), readFileSync(join(dir, 'penalties.yaml'), 'utf8').replace('  description: 滨州市各执法部门', '  description: [滨州市各执法部门'));
    const en = tuomin(['run', 'yaml-error.yaml']);
    expect(en.status).toBe(1);
    expect(en.stderr).toMatch(/yaml-error\.yaml: invalid dataset spec \(1 problem\):\n {2}line 8, /);
    const zh = tuomin(['run', 'yaml-error.yaml', '--json', '--lang', 'zh']);
    const e = jsonError(zh);
    expect(e).toMatchObject({ code: 'BAD_SPEC', issues: [{ code: 'spec/syntax', line: 8 }] });
    expect(zh.stderr).toMatch(/第 8 行.*YAML 语法错误/);
  }, 120_000);

  it('an unknown rule: exit 1, BAD_SPEC, the line, the spec path and a did-you-mean', () => {
    writeFileSync(join(dir, 'unknown-rule.yaml'), readFileSync(join(dir, 'penalties.yaml'), 'utf8').replace('type: mask, preset: cn.mobile', 'type: maks, preset: cn.mobile'));
    const en = tuomin(['run', 'unknown-rule.yaml']);
    expect(en.status).toBe(1);
    expect(en.stderr).toMatch(/line \d+, columns\.联系电话\.rule\.type: unknown rule type "maks"; did you mean "mask"\?/);
    const e = jsonError(tuomin(['run', 'unknown-rule.yaml', '--json', '--lang', 'zh']));
    expect(e).toMatchObject({ code: 'BAD_SPEC', issues: [{ code: 'spec/unknown-rule', path: 'columns.联系电话.rule.type', params: { guess: 'mask' } }] });
    expect(e.message).toMatch(/第 \d+ 行，columns\.联系电话\.rule\.type：未知的规则类型/);
  }, 120_000);

  it('the key\'s variable not set: exit 1, BAD_KEY, the variable named and how to make a key, no key printed', () => {
    const r = tuomin(['run', 'employment.yaml', '--out', join(dir, 'out-key'), '--json'], { TUOMIN_KEY: undefined });
    expect(r.status).toBe(1);
    expect(jsonError(r)).toMatchObject({ code: 'BAD_KEY', message: expect.stringContaining('TUOMIN_KEY is not set'), hint: expect.stringContaining('openssl rand -hex 16') });
    expect(existsSync(join(dir, 'out-key'))).toBe(false);
  }, 120_000);
});

describe('an internal error (exit 70): tuomin\'s fault, in the user\'s language, the detail in a private log', () => {
  const logsNow = () => readdirSync(logs).filter((f) => f.startsWith('tuomin-error-'));

  it('run with a fault that no handler knows (release/faults.ts): what was being done, the log file, how to report (before: "internal error: Error: NOT_AN_ERRNO…" and its stack)', () => {
    const before = logsNow().length;
    const en = tuomin(['run', 'penalties.yaml', '--out', join(dir, 'out-70')], { TUOMIN_FAULT: 'locked:NOT_AN_ERRNO' });
    expect(en.status).toBe(70);
    expect(en.stderr).toMatch(/^tuomin: internal error: this is a bug in tuomin, not a problem with your data or spec\.\n {2}while running: tuomin run penalties\.yaml --out \S+out-70\n/);
    expect(en.stderr).toContain('docs/cli.md');
    // The error's own text and its stack stay out of the terminal; they are in the log.
    expect(en.stderr).not.toMatch(/NOT_AN_ERRNO|injected|\n\s+at /);
    const log = /is in (\S+tuomin-error-\S+\.log), readable by you only/.exec(en.stderr)?.[1];
    expect(log).toBeDefined();
    expect(statSync(log!).mode & 0o777).toBe(0o600);
    expect(readFileSync(log!, 'utf8')).toMatch(/command: tuomin run penalties\.yaml[^]*NOT_AN_ERRNO: injected fault at locked\n\s+at faultPoint/);

    const zh = tuomin(['run', 'penalties.yaml', '--out', join(dir, 'out-70'), '--json'], { TUOMIN_FAULT: 'locked:NOT_AN_ERRNO', LANG: 'zh_CN.UTF-8' });
    expect(zh.status).toBe(70);
    const e = jsonError(zh);
    expect(e).toMatchObject({ code: 'INTERNAL', command: 'run', log: expect.stringContaining('tuomin-error-') });
    expect(e.message).toMatch(/^内部错误：这是 tuomin 自身的缺陷，不是数据或 spec 的问题。出错时正在运行：tuomin run penalties\.yaml/);
    expect(e.hint).toContain(e.log as string);
    expect(JSON.stringify(e)).not.toMatch(/NOT_AN_ERRNO|injected/);
    expect(zh.stderr).toMatch(/^tuomin: 内部错误/);
    expect(logsNow().length).toBe(before + 2);
  }, 120_000);

  it('a worker that runs out of memory: exit 75 (RESOURCE, not a bug), the partition named, what to do, no value of the data printed; English and Chinese', () => {
    // About 12 MB: cut into several partitions at --workers 2; a 4 MB worker heap cannot hold one.
    const r2 = mulberry32(7);
    const lines = ['编号,手机,城市,备注'];
    for (let i = 0; i < 240_000; i++) lines.push(`${i},${i === 100_000 ? PHONE : 13_800_000_000 + i},城市${Math.floor(r2() * 40)},备注文字${Math.floor(r2() * 1000)}`);
    writeFileSync(join(dir, 'big.csv'), `${lines.join('\n')}\n`);
    const before = logsNow().length;
    // Before: exit 70, "internal error: this is a bug in tuomin", "--workers 1 may get past it".
    const r = tuomin(['scan', 'big.csv', '--workers', '2', '--json'], { TUOMIN_WORKER_HEAP_MB: '4' });
    expect(r.status, r.stderr).toBe(75);
    expect(r.stderr).toMatch(/^tuomin: partition \d+ \(bytes \d+–\d+\): a worker ran out of memory \(each worker's heap is capped at 4 MB\); it stopped, and nothing was published or written/);
    expect(r.stderr).toMatch(/hint: run with fewer workers \(--workers 1\), fewer rows per batch \(--batch-size\), or more memory per worker \(the environment variable TUOMIN_WORKER_HEAP_MB, in MB\)/);
    expect(r.stderr).not.toMatch(/internal error|a bug in tuomin|may get past/);
    const e = jsonError(r);
    expect(e).toMatchObject({ code: 'RESOURCE' });
    expect(String(e.message)).toMatch(/^partition \d+ \(bytes \d+–\d+\): a worker ran out of memory/);
    expect(r.stdout + r.stderr).not.toContain(PHONE);
    expect(r.stderr).not.toMatch(/heap out of memory|\n\s+at /);

    const zh = tuomin(['scan', 'big.csv', '--workers', '2', '--json'], { TUOMIN_WORKER_HEAP_MB: '4', LANG: 'zh_CN.UTF-8' });
    expect(zh.status, zh.stderr).toBe(75);
    expect(zh.stderr).toMatch(/^tuomin: 错误 RESOURCE: 资源不足：分区 \d+（字节 \d+–\d+）：工作线程内存不足（每个线程的堆上限为 4 MB），已停止运行，没有发布或写出任何内容/);
    expect(zh.stderr).toContain('减少线程数（--workers 1），或调小每批行数（--batch-size），或调大每个线程的内存（环境变量 TUOMIN_WORKER_HEAP_MB，单位 MB）');
    const ez = jsonError(zh);
    expect(ez).toMatchObject({ code: 'RESOURCE', english: { message: expect.stringContaining('a worker ran out of memory') } });
    expect(zh.stdout + zh.stderr).not.toContain(PHONE);
    // Not a bug: no bug report's log file is written.
    expect(logsNow().length).toBe(before);
  }, 300_000);
});

// Mounts in a private mount namespace of a user namespace (`unshare -rm`): a tmpfs that is full, one that is read-only.
const canMount = spawnSync('unshare', ['-rm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs '${logs}'`], { encoding: 'utf8' }).status === 0;

describe.skipIf(!canMount)('a full disk and a read-only folder (tmpfs in a private mount namespace)', () => {
  const cmd = (args: string[]) => [...NODE, ...args].map((a) => `'${a}'`).join(' ');

  it('disk full: convert names the output, exit 1, ENOSPC, no temporary file left; read-only: EROFS naming the output (before: no path at all)', () => {
    const full = join(dir, 'full');
    const ro = join(dir, 'ro');
    mkdirSync(full);
    mkdirSync(ro);
    const script = [
      `mount -t tmpfs -o size=64k tmpfs '${full}' && dd if=/dev/zero of='${full}/filler' bs=4096 2>/dev/null`,
      `${cmd(['convert', join(ROOT, 'fixtures/samples/penalties.csv'), join(full, 'out.parquet'), '--json', '--lang', 'zh'])}; echo "rc=$?"; ls -A '${full}'`,
      `mount -t tmpfs -o size=64k,ro tmpfs '${ro}'`,
      `${cmd(['convert', 'ok.csv', join(ro, 'out.csv')])}; echo "rc=$?"`,
      `${cmd(['convert', 'ok.csv', join(ro, 'out.csv'), '--json'])}`,
    ].join('; ');
    const r = spawnSync('unshare', ['-rm', 'sh', '-c', script], { cwd: dir, env: ENV, encoding: 'utf8' });
    const m = /^([^]*)\nrc=1\nfiller\nrc=1\n([^]*)$/.exec(r.stdout);
    // Only the filler is left in the full folder: no .tuomin-tmp-* file, no partial output.
    expect(m, r.stdout + r.stderr).not.toBeNull();
    const [, fullJson, roJson] = m!;
    expect(JSON.parse(fullJson!)).toEqual({ ok: false, error: { code: 'ENOSPC', message: `${join(full, 'out.parquet')}: 磁盘空间不足`, hint: '释放磁盘空间，或写到另一块磁盘', path: join(full, 'out.parquet') } });
    expect(r.stderr).toContain(`tuomin: ${join(ro, 'out.csv')}: read-only file system\n  hint: write to another folder`);
    expect(JSON.parse(roJson!)).toMatchObject({ ok: false, error: { code: 'EROFS', path: join(ro, 'out.csv') } });
  }, 120_000);
});

describe('SIGINT during a command', () => {
  it('convert --json: exit 130, one INTERRUPTED object on stdout, the words on stderr in Chinese, no temporary or partial file left', async () => {
    const out = join(dir, 'sigint');
    mkdirSync(out);
    const lines = ['编号,城市,金额'];
    for (let i = 0; i < 600_000; i++) lines.push(`${i},城市${i % 37},${(i % 9973) / 7}`);
    writeFileSync(join(dir, 'long.csv'), `${lines.join('\n')}\n`);
    const child = spawn(NODE[0]!, [...NODE.slice(1), 'convert', 'long.csv', join(out, 'long.parquet'), '--workers', '1', '--json'], { cwd: dir, env: { ...ENV, LANG: 'zh_CN.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += String(c); });
    child.stderr.on('data', (c) => { stderr += String(c); });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Interrupt once the output's temporary file exists: the command is mid-write.
    const deadline = Date.now() + 60_000;
    while (!readdirSync(out).some((f) => f.startsWith('.tuomin-tmp-'))) {
      if (Date.now() > deadline) throw new Error(`no temporary file appeared; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, error: { code: 'INTERRUPTED', signal: 'SIGINT', hint: '重新运行该命令' } });
    expect(stderr).toMatch(/tuomin: 已中断（SIGINT）；删除了 0 个未完成的运行文件夹和 1 个临时文件；没有发布任何内容\n$/);
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);
});
