import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { TuominError } from '@tuomin/core';
import { DEFAULT_PARTITION_BYTES } from '@tuomin/io/internal';

/**
 * The worker threads of a run's partition jobs (tinypool). A job goes in as plain data (paths,
 * byte ranges, transferable states: run/parallel/job.ts), never as Arrow objects, and comes back
 * the same way. Each worker's heap is capped, so a runaway job fails alone with an out-of-memory
 * error instead of taking the machine; its error reaches the coordinator, which fails the run.
 */
export interface JobPool {
  readonly workers: number;
  run<T>(job: unknown, transfer?: Transferable[]): Promise<T>;
  /** Stop every worker (a job still running is ended). */
  destroy(): Promise<void>;
}

/**
 * Old-generation heap of one worker: a partition's batches (about 2–3× its bytes) and its sinks.
 * TUOMIN_WORKER_HEAP_MB overrides it (a machine with less memory; tests kill a worker with it).
 */
export const WORKER_HEAP_MB = 768;

function heapLimit(env: NodeJS.ProcessEnv): number {
  const n = Number(env.TUOMIN_WORKER_HEAP_MB);
  return Number.isFinite(n) && n > 0 ? n : WORKER_HEAP_MB;
}

/**
 * A worker that reached its heap limit is this machine's limit, not tuomin's bug: Node ends the
 * thread with ERR_WORKER_OUT_OF_MEMORY, which becomes a RESOURCE error (exit 75 in the CLI) saying
 * what to ask for less of. The coordinator names the partition (job.ts partitionError). Any other
 * death stays as it was (a bug, exit 70).
 */
export function resourceError(err: unknown, heapMb: number): unknown {
  if ((err as { code?: unknown } | null)?.code !== 'ERR_WORKER_OUT_OF_MEMORY') return err;
  return new TuominError('RESOURCE', `a worker ran out of memory (each worker's heap is capped at ${heapMb} MB); it stopped, and nothing was published or written`, {},
    'run with fewer workers (--workers 1), fewer rows per batch (--batch-size), or more memory per worker (the environment variable TUOMIN_WORKER_HEAP_MB, in MB), or on a machine with more memory',
    { id: 'worker.outOfMemory', params: { heapMb } });
}

/** Default worker count: the cores this process may use. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Where the job worker is: the package's own `./job-worker` export, so the built bundle, the tsc
 * output and the TypeScript sources each find theirs. From the sources (tests, `pnpm tuomin:src`)
 * the worker is TypeScript: a small ES module registers tsx in the worker thread first (Node 20
 * ignores `--import` in a worker's execArgv).
 */
export function jobWorkerFile(): string | null {
  let resolved: string;
  try {
    resolved = createRequire(import.meta.url).resolve('@tuomin/publish/job-worker');
  } catch {
    // The single executable (pnpm build:sea) is one file: there is no worker file to start.
    return null;
  }
  if (!resolved.endsWith('.ts')) return resolved;
  return fileURLToPath(new URL('./source-worker.mjs', import.meta.url));
}

/** Why a pool cannot start here, or null. */
export function poolUnavailable(): string | null {
  return jobWorkerFile() === null ? 'the job worker cannot be found (the single executable runs in one thread)' : null;
}

export function openJobPool(workers: number, env: NodeJS.ProcessEnv): JobPool {
  const pool = new Tinypool({
    filename: jobWorkerFile() ?? '',
    minThreads: workers,
    maxThreads: workers,
    // One run's jobs share nothing but what the job names: a worker is reused across jobs (its
    // loaded spec and WebAssembly stay warm), never across runs.
    isolateWorkers: false,
    env: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined)),
    resourceLimits: { maxOldGenerationSizeMb: heapLimit(env) },
  });
  // A worker that dies outside a job (out of memory while starting, killed between jobs) is
  // reported as an 'error' of the pool, and the job queued for it may never be taken: every job
  // still waiting fails with that error, so the run fails instead of waiting for ever.
  let died: (err: unknown) => void = () => {};
  const dead = new Promise<never>((_, reject) => {
    died = reject;
  });
  dead.catch(() => {});
  const heapMb = heapLimit(env);
  pool.on('error', (err: unknown) => died(resourceError(err, heapMb)));
  return {
    workers,
    // A job never throws (job-worker.ts answers its failures as data), so a rejected task is a
    // worker that died under it: every other job fails with it at once. Tinypool stops starting
    // workers when they die during start-up, and jobs still queued would otherwise wait for ever.
    run: (job, transfer) => Promise.race([
      pool.run(job, transfer?.length ? { transferList: transfer as never } : {}).catch((err: unknown) => {
        const e = resourceError(err, heapMb);
        died(e);
        throw e;
      }),
      dead,
    ]),
    // Stopping the pool waits for each thread's 'exit' with Node's events.once on tinypool's thread
    // wrapper (2.2.0), which has no removeListener: a thread that fails while it stops (out of
    // memory while starting) made once()'s error handler throw an uncaught TypeError and the wait
    // never end. The wrapper gets the method, the wait's failure is not the run's (the run already
    // has its error), and the cleanup gives up after 5 s (the threads are unreferenced).
    destroy: async () => {
      for (const t of pool.threads as unknown as Array<{ removeListener?: unknown; thread?: { removeListener(e: string, f: (...a: unknown[]) => void): unknown } }>) {
        if (t.removeListener === undefined && t.thread) t.removeListener = (e: string, f: (...a: unknown[]) => void) => t.thread!.removeListener(e, f);
      }
      await Promise.race([pool.destroy().catch(() => {}), new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref())]);
    },
  };
}

/** The smallest partition planned by default: a job costs a few milliseconds to start. */
export const MIN_PARTITION_BYTES = 4 << 20;

/**
 * Bytes per partition for a file of `size` on `workers`: about four partitions per worker, so a
 * slow one does not hold the others idle at the end, between 4 MiB and io's 32 MiB.
 */
export function partitionBytesFor(size: number, workers: number): number {
  return Math.max(MIN_PARTITION_BYTES, Math.min(DEFAULT_PARTITION_BYTES, Math.ceil(size / (workers * 4))));
}
