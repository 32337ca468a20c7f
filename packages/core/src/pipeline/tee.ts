/**
 * Split one async stream into `n` branches that all see every item, so one pass can feed several
 * writers and checks at once. Memory is bounded: the source is not pulled again while any live
 * branch holds `maxBuffered` unread items, so the fastest consumer waits for the slowest.
 * An error in the source reaches every branch; a branch whose consumer stops early (break,
 * throw) is detached and no longer holds the others back.
 */
export function tee<T>(source: AsyncIterable<T>, n: number, maxBuffered = 4): AsyncIterable<T>[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`tee needs at least one branch, got ${n}`);
  if (!(maxBuffered >= 1)) throw new RangeError(`tee needs maxBuffered >= 1, got ${maxBuffered}`);
  const it = source[Symbol.asyncIterator]();
  const queues: T[][] = Array.from({ length: n }, () => []);
  const detached = new Array<boolean>(n).fill(false);
  let done = false;
  let failure: { error: unknown } | null = null;
  let pulling: Promise<void> | null = null;
  let wake: Array<() => void> = [];

  const notify = () => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };
  const full = () => queues.some((q, i) => !detached[i] && q.length >= maxBuffered);

  const pull = (): Promise<void> => {
    pulling ??= (async () => {
      try {
        const r = await it.next();
        if (r.done) done = true;
        else for (let i = 0; i < n; i++) if (!detached[i]) queues[i]!.push(r.value);
      } catch (error) {
        failure = { error };
        done = true;
      } finally {
        pulling = null;
        notify();
      }
    })();
    return pulling;
  };

  const branch = (i: number): AsyncIterable<T> => ({
    [Symbol.asyncIterator](): AsyncIterator<T> {
      return {
        async next(): Promise<IteratorResult<T>> {
          for (;;) {
            const q = queues[i]!;
            if (q.length) {
              const value = q.shift()!;
              notify();
              return { value, done: false };
            }
            if (failure) throw (failure as { error: unknown }).error;
            if (done) return { value: undefined as never, done: true };
            if (pulling) await pulling;
            else if (full()) await new Promise<void>((r) => wake.push(r));
            else await pull();
          }
        },
        async return(): Promise<IteratorResult<T>> {
          detached[i] = true;
          queues[i]!.length = 0;
          notify();
          if (detached.every(Boolean) && !done) {
            done = true;
            await it.return?.();
          }
          return { value: undefined as never, done: true };
        },
      };
    },
  });
  return Array.from({ length: n }, (_, i) => branch(i));
}

/**
 * Detach every branch (and so close the source). A consumer that fails before its first read
 * never detaches its own branch, which then fills and holds the other branches back for good:
 * whoever runs the consumers calls this when one of them fails, so the others can end.
 */
export async function detachAll<T>(branches: AsyncIterable<T>[]): Promise<void> {
  await Promise.all(branches.map((b) => b[Symbol.asyncIterator]().return?.()));
}
