import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Bounded memory: `tuomin convert` of the ~1 GB, 2,000,000-row penalties CSV to Parquet must keep
 * peak RSS under 600 MB. Runs the CLI in a child process (so this process's memory does not
 * count) and reads the child's own maxRSS. Slow (minutes): only with TUOMIN_SLOW=1.
 */
const root = resolve(fileURLToPath(import.meta.url), '../../../..');

describe.skipIf(!process.env.TUOMIN_SLOW)('memory', () => {
  it('converts a 1 GB CSV to Parquet under 600 MB peak RSS', async () => {
    const { ensureFixture } = await import(join(root, 'fixtures/lib/ensure.ts'));
    const csv: string = await ensureFixture('penalties', 2_000_000);
    expect((await stat(csv)).size).toBeGreaterThan(900e6);
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-mem-'));
    const out = join(dir, 'penalties.parquet');
    const main = join(root, 'packages/cli/src/main.ts');
    const code = `
      const { main } = await import(${JSON.stringify(main)});
      const io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
      const exit = await main(['convert', ${JSON.stringify(csv)}, ${JSON.stringify(out)}, '--json'], io);
      process.stderr.write('MAXRSS ' + process.resourceUsage().maxRSS + '\\n');
      process.exitCode = exit;`;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      const exit = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
      expect(exit, stderr).toBe(0);
      const summary = JSON.parse(stdout);
      expect(summary.rows).toBe(2_000_000);
      const maxRssKb = Number(/MAXRSS (\d+)/.exec(stderr)![1]);
      console.log(`convert 1 GB CSV -> Parquet: peak RSS ${Math.round(maxRssKb / 1024)} MiB, ${summary.ms} ms`);
      expect(maxRssKb * 1024).toBeLessThan(600e6);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 1_800_000);
});
