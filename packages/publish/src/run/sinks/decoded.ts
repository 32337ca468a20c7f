import { TuominError } from '@tuomin/core';
import type { Sink } from './sink.js';

/**
 * A partition's sink as the coordinator holds it: the state a job encoded, decoded. It takes no
 * batches (`add` refuses); `merge` joins the next partition's decoded state (in partition order),
 * and `finish` gives the sink's result over every partition merged into it.
 */
export type DecodedSink<R> = Sink<R>;

/** A decoded sink over plain-data partial results: `join(a, b)` with `a` over the rows before `b`'s. */
export function decodedSink<T, R>(what: string, state: T, join: (a: T, b: T) => T, finish: (state: T) => R | Promise<R>, release?: (state: T) => void): Sink<R> & { state(): T } {
  let s = state;
  let used = false;
  return {
    state: () => s,
    add() {
      refuseAdd(what);
    },
    merge(other) {
      s = join(s, other.state());
    },
    async finish() {
      if (used) throw new Error(`the merged ${what} was finished twice`);
      used = true;
      return finish(s);
    },
    async abort() {
      release?.(s);
    },
  };
}

export function refuseAdd(what: string): never {
  throw new TuominError('UNSUPPORTED', `the decoded state of ${what} takes no batches: it is merged with the other partitions' and finished`, {}, 'feed batches to the partition job\'s sink', { id: 'internal.bug' });
}
