// The job worker when tuomin runs from its TypeScript sources (tests, `pnpm tuomin:src`): tsx is
// registered in this worker thread, and the TypeScript worker is loaded by the first job.
// The built package never uses this file (pool.ts resolves the compiled worker).
//
// No top-level await here: a module that awaits at its top level is evaluated asynchronously, and a
// pool stopped while such a module was still loading (a run failing in its first job, while other
// workers start) aborted the whole process inside V8 ("Check failed: (location_) != nullptr" in
// SourceTextModule::ExecuteAsyncModule; nodejs/node#42501), seen once in a full test run.
import { register } from 'tsx/esm/api';

register();
let worker = null;

export default async function sourceJob(job) {
  worker ??= (await import('./job-worker.ts')).default;
  return worker(job);
}
