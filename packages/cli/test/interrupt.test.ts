import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('packages/cli/src/bin.ts');

/** Every file and folder under `dir`, relative paths. */
async function tree(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) out.push(join(e.parentPath ?? (e as unknown as { path: string }).path, e.name).slice(dir.length + 1));
  return out.sort();
}

describe('an interrupted run', () => {
  it('SIGINT mid-run removes the run folder and temporary files, publishes nothing, exits 130; stale staging and run folders are cleared by the next run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-int-'));
    // The bundled sample, repeated to about 60,000 rows so the run lasts long enough to interrupt.
    const [header, ...rows] = (await readFile('fixtures/samples/penalties.csv', 'utf8')).trim().split('\n');
    const lines = [header];
    for (let i = 0; lines.length < 60_000; i++) lines.push(rows[i % rows.length]!);
    await writeFile(join(dir, 'in.csv'), `${lines.join('\n')}\n`);
    const spec = (await readFile('fixtures/specs/penalties.yaml', 'utf8')).replace('path: ../samples/penalties.csv', 'path: in.csv').replace('folder: ../out', 'folder: out');
    await writeFile(join(dir, 'spec.yaml'), spec);
    const datasetDir = join(dir, 'out', 'binzhou-admin-penalties');
    // What runs killed with SIGKILL leave: a staging folder (earlier releases staged in the
    // dataset folder) and a private run folder, of processes that no longer exist.
    await mkdir(join(datasetDir, '.staging-999999-deadbeef', 'data'), { recursive: true });
    const work = join(dir, 'work');
    await mkdir(join(work, 'run-999999-1-deadbeef', 'spill'), { recursive: true, mode: 0o700 });

    const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'run', join(dir, 'spec.yaml')], {
      env: { ...process.env, TUOMIN_KEY: '000102030405060708090a0b0c0d0e0f', TUOMIN_WORK_DIR: work },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => { stderr += String(c); });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    // Interrupt once this run's folder exists in the work root (the stale one is gone by then).
    const deadline = Date.now() + 60_000;
    for (;;) {
      const t = await tree(work);
      if (t.some((p) => /^run-\d+-\w+-[0-9a-f]+[\\/]package[\\/]data[\\/]./.test(p) && !p.includes('999999'))) break;
      if (Date.now() > deadline) throw new Error(`no staging folder appeared; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted (SIGINT)');
    const left = await tree(datasetDir);
    expect(left.filter((p) => p.includes('.staging-') || p.includes('.commit-') || p.includes('.tuomin-tmp-'))).toEqual([]);
    expect(left.filter((p) => /^\d+\.\d+\.\d+$/.test(p))).toEqual([]);
    expect(await tree(work)).toEqual([]);
  }, 120_000);
});
