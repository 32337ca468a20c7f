import { TuominError } from '@tuomin/core';

export type Outcome = { kind: 'ok' } | { kind: 'refused'; code: string } | { kind: 'finding'; summary: string };

/**
 * The fuzzing invariant: a correct result, or our own error (a TuominError: the CLI maps it to
 * exit 1, or 3/4 for a spec that fails a review, never to 70). Anything else is a finding: a raw
 * error (a RangeError, a wasm trap, a stack overflow, which the CLI reports as exit 70), our error
 * quoting an engine's message, or a broken invariant.
 */
export function classify(err: unknown): Outcome {
  if (err === undefined) return { kind: 'ok' };
  if (err instanceof TuominError) {
    // Our errors must not quote V8 or library internals: those messages can hold data values.
    if (/Maximum call stack|is not a function|Cannot read propert|undefined/.test(err.message)) {
      return { kind: 'finding', summary: `TuominError ${err.code} with a raw message: ${firstLine(err.message)}` };
    }
    return { kind: 'refused', code: err.code };
  }
  const e = err as Error;
  return { kind: 'finding', summary: `${e?.name ?? typeof err}: ${firstLine(String(e?.message ?? err))}` };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 200);
}
