import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '@tuomin/core';

/**
 * Everything that consumes the batches of a run's pass: a format writer, the residual scan, the
 * column profile, the class statistics, the source sample, the rejects writer. A sink is fed by
 * `add` (awaited: a slow sink holds the pass back, so memory stays bounded) and gives its typed
 * result once, from `finish`. `merge` takes in the state of the same sink over the rows of the
 * next partition (`other` is used up), so partitions of one source can be read by separate
 * sinks and joined in partition order before `finish` (docs/performance.md, "Partition jobs").
 */
export interface Sink<R> {
  add(batch: RecordBatch): void | Promise<void>;
  finish(): Promise<R>;
  merge(other: this): void;
  /** Let go (another sink or the source failed): no result will be asked for. */
  abort(reason: unknown): Promise<void>;
}

export type SinkResult<S> = S extends Sink<infer R> ? R : never;
type Results<X> = { [K in keyof X]: SinkResult<X[K]> };

/** The `merge` of a sink whose partial results cannot be joined yet: a clear refusal, never a wrong total. */
export function notMergeable(what: string, why: string): never {
  // Every caller is a sink the coordinator never merges (it reads them in partition order): reaching this is a bug.
  throw new TuominError('UNSUPPORTED', `${what} cannot merge the results of two partitions: ${why}`, {}, 'run with one partition', { id: 'internal.bug' });
}

/**
 * Feed every batch to every sink, then finish them all: the results come back by name, typed.
 * On the first failure (of the source or of any sink) every sink is aborted, so none waits on a
 * batch that will not come, and that first error is thrown.
 */
export async function fanOut<S extends Record<string, Sink<unknown>>>(batches: AsyncIterable<RecordBatch>, sinks: S): Promise<{ [K in keyof S]: SinkResult<S[K]> }> {
  const all = Object.values(sinks);
  try {
    for await (const b of batches) await Promise.all(all.map(async (s) => s.add(b)));
    const entries = await Promise.all(Object.entries(sinks).map(async ([name, s]) => [name, await s.finish()] as const));
    return Object.fromEntries(entries) as { [K in keyof S]: SinkResult<S[K]> };
  } catch (err) {
    await Promise.all(all.map((s) => s.abort(err)));
    throw err;
  }
}

/**
 * How a stream sink's partial results join: `join(a, b)` with `a` over the rows before `b`'s, or a
 * refusal (`refuse` throws, at `merge` time, before any result is trusted).
 */
export type ResultMerge<R> = { join(a: R, b: R): R } | { refuse(): never };

/**
 * A sink over a consumer that reads an async stream (a writer, scanBatches): `add` queues the
 * batch and waits only while `maxBuffered` batches are unread, as the pass's tee did. A consumer
 * that stops reading early no longer holds the pass back; one that fails makes the next `add` throw.
 * Merged sinks are finished with this one and their results joined in order.
 */
export function streamSink<R>(consume: (batches: AsyncIterable<RecordBatch>) => Promise<R>, merge: ResultMerge<R>, maxBuffered = 4): Sink<R> {
  const merged: Array<Sink<R>> = [];
  const queue: RecordBatch[] = [];
  let ended = false;
  let detached = false;
  let aborted: { error: unknown } | null = null;
  let outcome: { ok: true; value: R } | { ok: false; error: unknown } | null = null;
  let wake: Array<() => void> = [];
  const notify = (): void => {
    const w = wake;
    wake = [];
    for (const f of w) f();
  };
  const wait = (): Promise<void> => new Promise<void>((r) => wake.push(r));
  const stream: AsyncIterable<RecordBatch> = {
    [Symbol.asyncIterator]: () => ({
      async next(): Promise<IteratorResult<RecordBatch>> {
        for (;;) {
          if (aborted) throw aborted.error;
          if (queue.length) {
            const value = queue.shift()!;
            notify();
            return { value, done: false };
          }
          if (ended) return { value: undefined, done: true };
          await wait();
        }
      },
      async return(): Promise<IteratorResult<RecordBatch>> {
        detached = true;
        queue.length = 0;
        notify();
        return { value: undefined, done: true };
      },
    }),
  };
  const done = consume(stream).then(
    (value) => { outcome = { ok: true, value }; notify(); return outcome; },
    (error: unknown) => { outcome = { ok: false, error }; notify(); return outcome; },
  );
  const failed = (): void => {
    if (outcome && !outcome.ok) throw outcome.error;
  };
  return {
    async add(batch) {
      failed();
      if (detached || outcome) return;
      queue.push(batch);
      notify();
      while (queue.length >= maxBuffered && !detached && !outcome) await wait();
      failed();
    },
    async finish() {
      ended = true;
      notify();
      const o = await done;
      if (!o.ok) throw o.error;
      let value = o.value;
      for (const m of merged) value = (merge as { join(a: R, b: R): R }).join(value, await m.finish());
      return value;
    },
    merge(other) {
      if ('refuse' in merge) merge.refuse();
      merged.push(other);
    },
    async abort(reason) {
      if (outcome) return;
      aborted = { error: reason };
      ended = true;
      notify();
      await done;
    },
  };
}

/** Several sinks as one, whose result is theirs by name (the writers by format, the caller's by its names). */
export function group<S extends Record<string, Sink<unknown> | undefined>>(sinks: S): Sink<Results<S>> & { parts: S } {
  const all = Object.values(sinks).filter((s): s is Sink<unknown> => s !== undefined);
  return {
    parts: sinks,
    async add(batch) {
      await Promise.all(all.map(async (s) => s.add(batch)));
    },
    async finish() {
      const entries = await Promise.all(Object.entries(sinks).filter(([, s]) => s !== undefined).map(async ([name, s]) => [name, await s!.finish()] as const));
      return Object.fromEntries(entries) as Results<S>;
    },
    merge(other) {
      for (const [name, s] of Object.entries(sinks)) s?.merge(other.parts[name] as never);
    },
    async abort(reason) {
      await Promise.all(all.map((s) => s.abort(reason)));
    },
  };
}
