import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * docs/zh-CN/quickstart.md, run as written: its spec snippet is saved where its first line says,
 * and every `pnpm exec tuomin` / `pnpm tuomin` command of its shell blocks runs, in order, in a
 * temporary copy of the fixtures, through bash (quotes, `LANG=…` prefixes and `&&` as a user
 * types them). Only the prefix is mapped, to the CLI run from its sources with tsx. A command
 * whose comment ends with "退出码 N" must exit N; every other one must exit 0.
 * Not run: npm/pnpm install, pnpm build, pnpm test (the setup; test/packaging.test.ts and CI
 * cover them).
 */
const DOC = resolve('docs/zh-CN/quickstart.md');
const CLI = `${JSON.stringify(process.execPath)} --conditions=@tuomin/source --import ${JSON.stringify(loaderUrl())} ${JSON.stringify(resolve('packages/cli/src/bin.ts'))}`;
const dir = mkdtempSync(join(tmpdir(), 'tuomin-zh-quickstart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** tsx's ESM loader: what `--import tsx` resolves to from the repository (the copy has no node_modules). */
function loaderUrl(): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', "process.stdout.write(import.meta.resolve('tsx'))"], { cwd: resolve('.'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot resolve tsx: ${r.stderr}`);
  return r.stdout;
}

function blocks(markdown: string, lang: string): string[] {
  return [...markdown.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** The tuomin part of a line (after the setup's `&&`), its expected exit code, or null. */
function tuominCommand(line: string): { command: string; exit: number } | null {
  const parts = line.split(/\s+&&\s+/);
  const part = parts.find((p) => /(^|\s)pnpm (exec )?tuomin\s/.test(p));
  if (!part) return null;
  const comment = /\s#\s(.*)$/.exec(part);
  const exit = comment ? Number(/退出码\s*(\d+)\s*$/.exec(comment[1]!)?.[1] ?? 0) : 0;
  const command = part.replace(/\s#\s.*$/, '').replace(/pnpm (exec )?tuomin/, CLI);
  return { command, exit };
}

const markdown = readFileSync(DOC, 'utf8');
const commands = blocks(markdown, 'sh').flatMap((b) => b.split('\n').filter((l) => l.trim() !== '')).map((l) => ({ line: l, run: tuominCommand(l) }));

describe('docs/zh-CN/quickstart.md runs as written', () => {
  it('has a spec snippet that names its file, and tuomin commands', () => {
    const snippets = blocks(markdown, 'yaml');
    expect(snippets.length).toBeGreaterThan(0);
    expect(commands.filter((c) => c.run).length).toBeGreaterThanOrEqual(10);
    // Lines that are not run are the setup, nothing else.
    for (const c of commands.filter((x) => !x.run)) expect(c.line).toMatch(/^pnpm test$/);
  });

  it('every command, in order, in a copy of the fixtures', () => {
    mkdirSync(join(dir, 'fixtures'));
    for (const f of ['samples', 'specs']) cpSync(resolve('fixtures', f), join(dir, 'fixtures', f), { recursive: true });
    for (const snippet of blocks(markdown, 'yaml')) {
      const target = /^# (\S+\.ya?ml)\n/.exec(snippet)?.[1];
      expect(target, 'a spec snippet starts with "# <path>.yaml"').toBeDefined();
      writeFileSync(join(dir, target!), snippet);
    }
    const env: NodeJS.ProcessEnv = { ...process.env, TUOMIN_MALLOC_TUNING: '0', LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '' };
    delete env.CI;
    for (const { line, run } of commands) {
      if (!run) continue;
      const r = spawnSync('bash', ['-c', run.command], { cwd: dir, env, encoding: 'utf8' });
      expect(r.status, `${line}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`).toBe(run.exit);
      if (line.includes('LANG=zh_CN') || line.includes('--lang zh')) expect(r.stdout + r.stderr).toMatch(/[\u4e00-\u9fff]/);
    }
  }, 600_000);
});
