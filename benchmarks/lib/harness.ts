import { Bench } from 'tinybench';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One line of benchmarks/results/<suite>.json; comparable across commits. */
export interface ResultRow {
  case: string;
  rows: number;
  bytes: number;
  ms: number;
  rowsPerSec: number;
  mbPerSec: number;
  peer: string | null;
  peerMs: number | null;
  /** peerMs / ms: above 1 means tuomin is faster than the peer. */
  ratio: number | null;
  note?: string;
}

export const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/**
 * Time `fn` with tinybench (warm-up plus at least `iterations` runs) and return the mean ms.
 * Long cases (seconds each) should pass iterations: 1..3. Kernels of tens of milliseconds need
 * several warm-ups: their first runs (JIT tiers, heap and malloc arenas growing to the working
 * set) measured 3-8 times slower than the steady state.
 */
export async function timeIt(name: string, fn: () => unknown | Promise<unknown>, iterations = 5, warmups = 1): Promise<number> {
  return (await timeStats(name, fn, iterations, warmups)).mean;
}

/**
 * timeIt with the median beside the mean. Kernels of tens of milliseconds on this VM swing with
 * when the collector frees earlier outputs; the median shows the steady state, the mean what a
 * run of that many iterations cost. Suites print both and keep the mean as `ms`.
 */
export async function timeStats(name: string, fn: () => unknown | Promise<unknown>, iterations = 5, warmups = 1): Promise<{ mean: number; median: number }> {
  // Collect the garbage of earlier cases (and of setup: millions of JS strings) first, so this
  // case does not pay for it.
  fullGc();
  const bench = new Bench({ iterations, time: 0, warmup: true, warmupIterations: warmups, warmupTime: 0 });
  // Always an async task: tinybench probes a plain function once, un-awaited, to see whether it
  // returns a promise, which would start a stray concurrent run of an async workload.
  bench.add(name, async () => {
    await fn();
  });
  await bench.run();
  const task = bench.tasks[0]!;
  const r = task.result as unknown as { latency?: { mean: number; p50?: number }; mean?: number; p50?: number; error?: unknown; state?: string };
  if (r?.error) throw r.error;
  const mean = r?.latency?.mean ?? r?.mean;
  if (mean === undefined) throw new Error(`benchmark ${name} produced no timing`);
  return { mean, median: r?.latency?.p50 ?? r?.p50 ?? mean };
}

export function row(c: { case: string; rows: number; bytes: number; ms: number; peer?: string; peerMs?: number; note?: string }): ResultRow {
  const s = c.ms / 1000;
  return {
    case: c.case,
    rows: c.rows,
    bytes: c.bytes,
    ms: round(c.ms),
    rowsPerSec: Math.round(c.rows / s),
    mbPerSec: round(c.bytes / 1e6 / s),
    peer: c.peer ?? null,
    peerMs: c.peerMs === undefined ? null : round(c.peerMs),
    ratio: c.peerMs === undefined ? null : round(c.peerMs / c.ms),
    ...(c.note ? { note: c.note } : {}),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Print a table and write benchmarks/results/<suite>.json. */
export async function report(suite: string, rows: ResultRow[]): Promise<void> {
  console.log(`\n## ${suite}`);
  console.table(
    rows.map((r) => ({
      case: r.case,
      rows: r.rows,
      ms: r.ms,
      'rows/s': fmt(r.rowsPerSec),
      'MB/s': r.bytes ? r.mbPerSec : '',
      peer: r.peer ?? '',
      'peer ms': r.peerMs ?? '',
      'ratio (peer/ours)': r.ratio ?? '',
      note: r.note ?? '',
    })),
  );
  await mkdir(resultsDir, { recursive: true });
  await writeFile(join(resultsDir, `${suite}.json`), `${JSON.stringify(rows, null, 2)}\n`);
}

function fmt(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** Fail loudly when two implementations disagree: a benchmark only times verified work. */
export function assertSame(label: string, ours: unknown, peer: unknown): void {
  const a = JSON.stringify(ours);
  const b = JSON.stringify(peer);
  if (a !== b) throw new Error(`${label}: outputs differ; refusing to time.\n ours: ${a.slice(0, 300)}\n peer: ${b.slice(0, 300)}`);
}

/** Scale for quick runs: TUOMIN_BENCH_ROWS overrides the default row count of every suite. */
export function benchRows(defaultRows: number): number {
  const v = process.env.TUOMIN_BENCH_ROWS;
  return v ? Number(v) : defaultRows;
}

let gcFn: (() => void) | undefined;

/** A full garbage collection (V8's gc, exposed at run time). */
export function fullGc(): void {
  if (gcFn === undefined) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
}
