/**
 * Start-up, as a user meets it (#16): whole processes of the BUILT CLI (packages/cli/bin/tuomin.js,
 * `pnpm build` first) beside `node -e 0` measured in the same run, hyperfine-like: one warm-up,
 * then TUOMIN_BENCH_RUNS runs (default 15) of each, interleaved so load on the machine hits every
 * case alike; medians. Also `import('@tuomin/core')` timed inside a process (performance.now()
 * around the import), beside bare `import('apache-arrow')` (the floor of any entry that hands out
 * Arrow transforms) and `import('@tuomin/core/light')` (schemas, key checks, detectors; no Arrow).
 * Targets: `tuomin --help` ≤ 2.5 × `node -e 0`; the core import ≤ 150 ms.
 * The convert case runs as users run it, with the malloc relaunch (cli/src/malloc-tuning.ts).
 * Then the whole-process `tuomin convert` of the penalties extract (2,000,000 rows; scale with
 * TUOMIN_BENCH_ROWS) to Arrow IPC beside the same read + write in this process (openSource +
 * writeOutput, as convert calls them), after checking both wrote the same bytes. Target: the
 * whole process within 15 % of the in-process time.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MALLOC_TUNING } from '@tuomin/cli';
import { ensureFixture } from '../fixtures/lib/ensure.js';
import { openSource, writeOutput } from '../packages/io/src/index.js';
import { assertSame, benchRows, report, row } from './lib/harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'packages/cli/bin/tuomin.js');
const SAMPLE = join(root, 'fixtures/samples/penalties.csv');

// Children see what a user's shell has: no tsx, no source condition, no allocator variables of the
// bench harness (benchmarks/run.ts sets them for in-process suites).
function userEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  for (const k of Object.keys(MALLOC_TUNING)) delete env[k];
  return env;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export default async function startup(): Promise<void> {
  const built = spawnSync('pnpm', ['build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('pnpm build failed; the start-up suite times the built CLI');
  const runs = Number(process.env.TUOMIN_BENCH_RUNS ?? 15);
  const out = mkdtempSync(join(tmpdir(), 'tuomin-startup-'));
  const env = userEnv();
  const importScript = (m: string): string => `const t = performance.now(); await import('${m}'); process.stdout.write(String(performance.now() - t));`;
  const imports = ['@tuomin/core', 'apache-arrow', '@tuomin/core/light'];
  const cases: { name: string; args: string[]; cwd: string; rows?: number; bytes?: number; imports?: string }[] = [
    { name: 'node -e 0', args: ['-e', '0'], cwd: root },
    { name: 'tuomin --help', args: [BIN, '--help'], cwd: root },
    { name: 'tuomin --version', args: [BIN, '--version'], cwd: root },
    ...imports.map((m) => ({ name: `node -e "import('${m}')"`, args: ['--input-type=module', '-e', importScript(m)], cwd: join(root, 'packages/cli'), imports: m })),
    { name: 'tuomin convert 500 rows → Arrow IPC', args: [BIN, 'convert', SAMPLE, join(out, 'p.arrow')], cwd: root, rows: 500 },
  ];
  const times = cases.map(() => [] as number[]);
  const importMs = new Map(imports.map((m) => [m, [] as number[]]));
  try {
    for (let r = -1; r < runs; r++) {
      cases.forEach((c, i) => {
        if (c.name.startsWith('tuomin convert')) rmSync(join(out, 'p.arrow'), { force: true });
        const t0 = process.hrtime.bigint();
        const p = spawnSync(process.execPath, c.args, { cwd: c.cwd, env, encoding: 'utf8' });
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        if (p.status !== 0) throw new Error(`${c.name} exited ${p.status}: ${p.stderr.slice(0, 500)}`);
        if (r < 0) return; // warm-up: file cache, compile cache
        times[i]!.push(ms);
        if (c.imports) importMs.get(c.imports)!.push(Number(p.stdout));
      });
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const base = median(times[0]!);
  const rows = cases.map((c, i) => row({ case: c.name, rows: c.rows ?? 0, bytes: 0, ms: median(times[i]!), ...(i ? { peer: 'node -e 0', peerMs: base } : {}), note: `median of ${runs} whole processes` }));
  const imp = median(importMs.get('@tuomin/core')!);
  const arrow = median(importMs.get('apache-arrow')!);
  rows.push(row({ case: "import('@tuomin/core') inside the process", rows: 0, bytes: 0, ms: imp, peer: "import('apache-arrow')", peerMs: arrow, note: `median of ${runs}; target ≤ 150 ms` }));
  rows.push(row({ case: "import('@tuomin/core/light') inside the process", rows: 0, bytes: 0, ms: median(importMs.get('@tuomin/core/light')!), peer: "import('apache-arrow')", peerMs: arrow, note: `median of ${runs}; no Arrow` }));
  await report('startup', rows);
  const help = median(times[1]!);
  console.log(`tuomin --help: ${(help / base).toFixed(2)} × node -e 0 (target ≤ 2.5): ${help / base <= 2.5 ? 'met' : 'NOT met'}`);
  console.log(`tuomin --version: ${(median(times[2]!) / base).toFixed(2)} × node -e 0`);
  console.log(`convert 500 rows: ${(median(times[cases.findIndex((c) => c.rows === 500)]!) / base).toFixed(2)} × node -e 0`);
  console.log(`import('@tuomin/core'): ${imp.toFixed(0)} ms in-process (target ≤ 150): ${imp <= 150 ? 'met' : 'NOT met'}; bare import('apache-arrow') ${arrow.toFixed(0)} ms in the same run`);
  await largeConvert(env);
}

/** Whole-process convert of a large extract against the same work done in this process. */
async function largeConvert(env: NodeJS.ProcessEnv): Promise<void> {
  const rows = benchRows(2_000_000);
  const csv = await ensureFixture('penalties', rows);
  const bytes = statSync(csv).size;
  const out = mkdtempSync(join(tmpdir(), 'tuomin-convert-'));
  const cliOut = join(out, 'cli.arrow');
  const libOut = join(out, 'lib.arrow');
  const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
  const inProcess = async (): Promise<number> => {
    const t0 = performance.now();
    const src = await openSource(csv, { csv: {}, batchSize: 32768 });
    await writeOutput(libOut, src.schema, src.batches(), { csv: {} });
    return performance.now() - t0;
  };
  const wholeProcess = (): number => {
    const t0 = performance.now();
    const p = spawnSync(process.execPath, [BIN, 'convert', csv, cliOut], { cwd: root, env, encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`tuomin convert exited ${p.status}: ${p.stderr.slice(0, 500)}`);
    return performance.now() - t0;
  };
  try {
    // One of each first (file cache warm, and the outputs compared), then the timed pair.
    await inProcess();
    wholeProcess();
    assertSame('convert: CLI and in-process Arrow IPC output', sha(cliOut), sha(libOut));
    const lib = await inProcess();
    const cli = wholeProcess();
    await report('startup-convert', [
      row({ case: `tuomin convert ${rows} rows → Arrow IPC (whole process)`, rows, bytes, ms: cli, peer: 'openSource + writeOutput in-process', peerMs: lib, note: 'same bytes written' }),
    ]);
    const over = cli / lib - 1;
    console.log(`whole-process convert: ${(100 * over).toFixed(1)} % over in-process (target ≤ 15 %): ${over <= 0.15 ? 'met' : 'NOT met'}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
