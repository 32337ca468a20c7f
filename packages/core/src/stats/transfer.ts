/**
 * The state of a partial result (a statistic, a sink, a first-pass transform's observation) as it
 * crosses from a partition job to the coordinator: plain JSON-able `meta` and the ArrayBuffers the
 * typed arrays live in, listed so `postMessage` transfers them instead of copying. Never an Arrow
 * object (structured clone would copy every buffer and lose the classes) and never a function.
 * A later cluster writes the same state to a file: `meta` as JSON, `buffers` as their bytes.
 */
export interface TransferState<K extends string = string> {
  kind: K;
  version: 1;
  meta: unknown;
  buffers: ArrayBuffer[];
}

/**
 * A typed array's bytes as a buffer of their own, for `TransferState.buffers`: the array may be a
 * view into a larger buffer (a growable table's slack, a pooled slab), which must not be sent.
 */
export function ownBuffer(a: ArrayBufferView): ArrayBuffer {
  const out = new ArrayBuffer(a.byteLength);
  new Uint8Array(out).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return out;
}

/** Refuse a state of another kind or version: a clear error, never a wrong merge. */
export function checkState<K extends string>(s: TransferState, kind: K): asserts s is TransferState<K> {
  if (s.kind !== kind || s.version !== 1) throw new TypeError(`expected a ${kind} state (version 1), got ${s.kind} (version ${String(s.version)})`);
}
