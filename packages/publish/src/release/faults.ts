/**
 * Injected failures for the crash and full-disk tests of the release store: a real error
 * thrown at a named point, so the tests exercise the real recovery code with no mocks.
 * TUOMIN_FAULT="<point>:<errno>[:<nth>]", e.g. "ledger-append:ENOSPC:2" fails the second append
 * of this process with ENOSPC. Points: ledger-append, after-rename, withdraw-after-delete.
 * Unset in production: faultPoint then costs one property read.
 */
const hits = new Map<string, number>();

export async function faultPoint(point: string): Promise<void> {
  const spec = process.env.TUOMIN_FAULT;
  if (!spec) return;
  for (const one of spec.split(',')) {
    const [name, code = 'EIO', nth = '1'] = one.split(':');
    if (name !== point) continue;
    const n = (hits.get(point) ?? 0) + 1;
    hits.set(point, n);
    if (n === Number(nth)) {
      const err = new Error(`${code}: injected fault at ${point}`) as NodeJS.ErrnoException;
      err.code = code;
      throw err;
    }
  }
}
