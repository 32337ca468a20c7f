import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { MESSAGES, type MessageKey } from './messages/catalogue.js';
import { chooseLang, setLang } from './messages/lang.js';
import { t } from './messages/message.js';

/**
 * Why: glibc's malloc hands freed blocks above its mmap threshold (128 KiB, raised dynamically up
 * to 32 MiB) and heap tops above its trim threshold back to the kernel, so the next batch's
 * output buffers fault their pages in again. On virtual machines where a page fault is slow that
 * dominates the kernels: measured on our 2-core Firecracker VM, copying a 2,000,000-value ID
 * column into fresh 65,536-row buffers took 47 ms with glibc's defaults and 2.6 ms with freed
 * memory reused (docs/benchmarks.md, "Allocator"). The data commands therefore run themselves
 * once more with both thresholds raised, so freed batch buffers stay in the process. It costs one
 * extra process start (about 50 ms). Opt out with TUOMIN_MALLOC_TUNING=0, or set either glibc
 * variable yourself (then it is left alone). Embedders set the same variables for their process.
 */
export const MALLOC_TUNING: Readonly<Record<string, string>> = {
  MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(256 * 1024 * 1024),
};

/**
 * One malloc arena for the relaunched process, unless the user set MALLOC_ARENA_MAX. Why: glibc
 * gives each thread that allocates its own arena, and each keeps up to TRIM_THRESHOLD (256 MiB
 * above) of freed batch buffers, so at `--workers 2` the coordinator and both workers each held
 * theirs: one arena cut the peak RSS of the 2-worker run on 500,000 rows from 1,124 to 1,002 and
 * 1,013 MB at the same CPU (docs/performance.md, "Twelfth session"). The buffers are large and few
 * (a batch's columns), so the threads rarely wait on the one arena's lock.
 */
export const MALLOC_ARENAS: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '1' };

/**
 * V8 flags of the relaunched data commands. Why: the JS heap of a run is small (about 22 MB live;
 * the data sits in ArrayBuffers), so V8 sets the old generation's limit near it and starts a full
 * mark-compact every 20-odd MB promoted: 48 in a one-pass run of 500,000 rows, about 50 in each
 * worker and 44 in the coordinator of a 2-worker run, their marking on V8's helper threads. Letting
 * the heap grow to 5× its live size before the next one cut the 2-worker run of the penalties spec on
 * 500,000 rows from 20.0 to 18.1 CPU-seconds and 11.2 to 10.3 s (one-pass: 13.1 → 11.8 CPU-s), at
 * tens of MB more RSS (docs/performance.md, "Seventh session"). Embedders pass the same flag to node.
 * Set by applyV8Tuning in the process that runs a data command.
 */
export const V8_TUNING: readonly string[] = ['--heap-growing-percent=400'];

/**
 * Set V8_TUNING for a data command in this process (the relaunched child, or the process itself
 * where there is no relaunch: macOS, musl, the single executable), unless node was started with
 * the same flag. Set at run time rather than on the child's command line because the single
 * executable takes its command line as the command's. V8 reads the heap-growing factor at each
 * collection, so it holds for the heaps of worker threads started later too. Returns the flags set.
 */
export function applyV8Tuning(argv: readonly string[], execArgv: readonly string[] = process.execArgv): string[] {
  if (!DATA_COMMANDS.has(argv[0] ?? '')) return [];
  const own = V8_TUNING.filter((f) => !execArgv.some((a) => a.split('=')[0] === f.split('=')[0]));
  for (const f of own) setFlagsFromString(f);
  return own;
}

/** Commands that move data in bulk; the others (help, release, catalog, due) start faster without. */
const DATA_COMMANDS = new Set(['run', 'convert', 'profile', 'scan', 'risk', 'anonymize', 'bench']);

export function wantsMallocTuning(argv: readonly string[], env: NodeJS.ProcessEnv, platform = process.platform): boolean {
  if (platform !== 'linux' || env.TUOMIN_MALLOC_TUNING === '0') return false;
  if (Object.keys(MALLOC_TUNING).some((k) => env[k] !== undefined)) return false;
  if (!DATA_COMMANDS.has(argv[0] ?? '') || argv.includes('--help') || argv.includes('-h')) return false;
  // musl and other libcs ignore the variables: nothing to gain from a second process.
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return header?.glibcVersionRuntime !== undefined;
}

/**
 * Why the relaunch failed (spawn's error: the Node binary gone, no memory or processes left) and
 * how to run without it, in the user's language: the error's code in words, never its stack.
 * The catalogue only: this parent loads nothing else.
 */
export function relaunchFailure(err: unknown, argv: readonly string[], env: NodeJS.ProcessEnv): string {
  setLang(chooseLang(argv, env));
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const words = code !== undefined && `fs.${code}` in MESSAGES ? t(`fs.${code}` as MessageKey) : undefined;
  const reason = code === undefined ? t('relaunch.unknown') : `${words ? `${words} ` : ''}(${code}${(err as NodeJS.ErrnoException).path ? `, ${(err as NodeJS.ErrnoException).path}` : ''})`;
  return `tuomin: ${t('relaunch.failed', { reason })}\n  ${t('error.hint')}${t('relaunch.hint', { command: argv[0] ?? '' })}\n`;
}

/** Set in the child's environment: it watches the IPC channel to its parent (bin.ts). */
export const RELAUNCHED = 'TUOMIN_RELAUNCHED';

/** The relaunched child's environment: the thresholds, one arena unless the user chose, the relaunch marker. */
export function relaunchEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...MALLOC_ARENAS, ...env, ...MALLOC_TUNING, [RELAUNCHED]: '1' };
}

/**
 * Run this same command in a child with the thresholds set; resolves to the child's exit code.
 * Signals the parent can catch are forwarded. SIGKILL cannot be, so the child gets an IPC channel
 * and stops (cleaning up as for SIGTERM) when the channel closes: the kernel closes it when the
 * parent dies, however it dies, so `kill -9` of the process the user started stops the run.
 */
export function relaunchWithMallocTuning(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: relaunchEnv(process.env),
  });
  const forward = (signal: NodeJS.Signals): void => { child.kill(signal); };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, forward);
  // The channel carries no messages; it must not keep this process waiting once the child is gone.
  child.channel?.unref();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === null) return resolve(code ?? 70);
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, forward);
      // A child killed by SIGKILL (the OOM killer, `kill -9` of the worker) could not clean up:
      // its run folder holds unreviewed rows and spill files. This process outlives it, so it
      // sweeps them now rather than leaving them to the next command (publish/src/run/staging.ts).
      void import('@tuomin/publish/internal')
        .then((p) => p.sweepWork(process.env), () => [])
        .catch(() => [])
        .finally(() => process.kill(process.pid, signal));
    });
  });
}
