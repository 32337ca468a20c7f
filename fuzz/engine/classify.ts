import { TuominError } from '@tuomin/core';

export type Outcome = { kind: 'ok' } | { kind: 'refused'; code: string } | { kind: 'finding'; summary: string };

/**
 * The fuzzing invariant: a correct result, or our own error with a code the CLI maps to exit 1
 * or 2 (anything but INTERNAL, which is exit 70). Anything else is a finding: a raw error (a
 * RangeError, a wasm trap, a stack overflow), an internal error, or a broken invariant.
 */
export function classify(err: unknown): Outcome {
  if (err === undefined) return { kind: 'ok' };
  if (err instanceof TuominError && err.code !== 'INTERNAL') {
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
