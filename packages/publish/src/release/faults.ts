import { existsSync } from 'node:fs';

/**
 * Injected failures for the crash and full-disk tests of the release store: a real error
 * thrown at a named point, so the tests exercise the real recovery code with no mocks.
 * TUOMIN_FAULT="<point>:<errno>[:<nth>]", e.g. "ledger-append:ENOSPC:2" fails the second append
 * of this process with ENOSPC; "after-rename:KILL" kills the process there with SIGKILL;
 * "locked:WAIT" holds the dataset's lock until the file TUOMIN_FAULT_RELEASE exists. Points: lock (taking it), locked (holding it), ledger-append (before the line is written), ledger-head (after it, before ledger.head), rename, rename-sync (the folder fsync after the rename), after-rename, withdraw-after-delete.
 * Unset in production: faultPoint then costs one property read.
 */
const hits = new Map<string, number>();
let armed = '';

export async function faultPoint(point: string): Promise<void> {
  const spec = process.env.TUOMIN_FAULT;
  // A new setting (or none) starts the counts again (tests set one per case).
  if ((spec ?? '') !== armed) {
    hits.clear();
    armed = spec ?? '';
  }
  if (!spec) return;
  const n = (hits.get(point) ?? 0) + 1;
  hits.set(point, n);
  for (const one of spec.split(',')) {
    const [name, code = 'EIO', nth = '1'] = one.split(':');
    if (name !== point || n !== Number(nth)) continue;
    // KILL: the process dies here as under `kill -9` (the crash tests of the commit protocol).
    if (code === 'KILL') process.kill(process.pid, 'SIGKILL');
    // WAIT: hold here until the file named by TUOMIN_FAULT_RELEASE exists (two commands at once).
    if (code === 'WAIT') {
      while (!existsSync(process.env.TUOMIN_FAULT_RELEASE ?? '')) await new Promise((r) => setTimeout(r, 20));
      return;
    }
    const err = new Error(`${code}: injected fault at ${point}`) as NodeJS.ErrnoException;
    err.code = code;
    throw err;
  }
}
