import { checkState, type TransferState } from './transfer.js';

/** How one part of a packed state is described in the pack's `meta`. */
interface PartMeta {
  kind: string;
  meta: unknown;
  /** How many of the pack's buffers, after the previous parts', are this part's. */
  buffers: number;
}

/**
 * Several states carried as one (a collector's per-column states, a sink's counters): the parts'
 * metas in order in `meta.parts`, their buffers appended, so one transfer list moves them all.
 */
export function packStates<K extends string>(kind: K, meta: unknown, parts: readonly TransferState[]): TransferState<K> {
  return {
    kind,
    version: 1,
    meta: { meta, parts: parts.map((p): PartMeta => ({ kind: p.kind, meta: p.meta, buffers: p.buffers.length })) },
    buffers: parts.flatMap((p) => p.buffers),
  };
}

/** The parts of a packed state of `kind` (checked), each its own TransferState again. */
export function unpackStates(s: TransferState, kind: string): { meta: unknown; parts: TransferState[] } {
  checkState(s, kind);
  const m = s.meta as { meta?: unknown; parts?: unknown };
  if (!Array.isArray(m.parts)) throw new TypeError(`a ${kind} state without its parts`);
  const parts: TransferState[] = [];
  let at = 0;
  for (const p of m.parts as PartMeta[]) {
    if (typeof p.kind !== 'string' || !Number.isInteger(p.buffers) || p.buffers < 0 || at + p.buffers > s.buffers.length) throw new TypeError(`a ${kind} state whose parts do not match its buffers`);
    parts.push({ kind: p.kind, version: 1, meta: p.meta, buffers: s.buffers.slice(at, at + p.buffers) });
    at += p.buffers;
  }
  if (at !== s.buffers.length) throw new TypeError(`a ${kind} state whose parts do not match its buffers`);
  return { meta: m.meta, parts };
}
