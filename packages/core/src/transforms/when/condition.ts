import { type Data, Type, type Vector } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { isValid } from '../../kernels/bitmap.js';
import { evaluateEntries, spreadEntries } from '../../kernels/dictionary.js';
import { utf8View } from '../../kernels/utf8.js';

/**
 * A row condition on one text column, compared on the UTF-8 bytes: apply a rule only to the rows
 * of natural persons (`{ column: 当事人类型, equals: 自然人 }`). A null never matches.
 */
export interface RowCondition {
  column: string;
  equals?: string;
  in?: string[];
  notEquals?: string;
  notIn?: string[];
}

/** Whether the value `src[s, e)` satisfies the condition. */
export type Accept = (src: Uint8Array, s: number, e: number) => boolean;

const enc = new TextEncoder();

export function compileCondition(c: RowCondition): Accept {
  const eqList = c.equals !== undefined ? [c.equals] : c.in;
  const neList = c.notEquals !== undefined ? [c.notEquals] : c.notIn;
  if (!eqList && !neList) throw new TuominError('BAD_SPEC', 'a when: condition needs equals, in, notEquals or notIn', { rule: 'when' }, undefined, { id: 'when.noTest' });
  const eq = (eqList ?? []).map((x) => enc.encode(x));
  const ne = (neList ?? []).map((x) => enc.encode(x));
  // The common `equals` is one length test and a short byte loop, called once per row.
  if (eq.length === 1 && ne.length === 0) {
    const a = eq[0]!;
    return (src, s, e) => e - s === a.length && sameBytes(a, src, s);
  }
  const anyOf = (list: Uint8Array[], src: Uint8Array, s: number, e: number) => {
    for (const a of list) if (e - s === a.length && sameBytes(a, src, s)) return true;
    return false;
  };
  return (src, s, e) => (eqList === undefined || anyOf(eq, src, s, e)) && !anyOf(ne, src, s, e);
}

function sameBytes(a: Uint8Array, src: Uint8Array, s: number): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== src[s + k]) return false;
  return true;
}

/**
 * Finds the matching rows of a condition column. Dictionary columns test each entry once; the
 * entry outcomes are kept while the batches share one dictionary (the usual case for readers).
 */
export class RowMatcher {
  private dict: Vector | null = null;
  private entryOk = new Uint8Array(0);
  private scratch = new Int32Array(0);
  private rowOk = new Uint8Array(0);

  constructor(private readonly accept: Accept) {}

  /**
   * Positions (0-based, ascending) of the rows of `data` that satisfy the condition. The result
   * is a view of a buffer reused by the next call.
   */
  rows(data: Data): Int32Array {
    const n = data.length;
    if (this.scratch.length < n) this.scratch = new Int32Array(n);
    const out = this.scratch;
    let m = 0;
    if (data.typeId === Type.Dictionary) {
      if (this.rowOk.length < n) this.rowOk = new Uint8Array(n);
      const ok = spreadEntries(data, this.entries(data.dictionary as Vector), 0, this.rowOk);
      for (let i = 0; i < n; i++) if (ok[i] === 1) out[m++] = i;
      return out.subarray(0, m);
    }
    const v = utf8View(data);
    const accept = this.accept;
    if (v.validity) {
      for (let i = 0; i < n; i++) if (isValid(v.validity, v.bitOffset + i) && accept(v.values, v.offsets[i]!, v.offsets[i + 1]!)) out[m++] = i;
    } else {
      for (let i = 0; i < n; i++) if (accept(v.values, v.offsets[i]!, v.offsets[i + 1]!)) out[m++] = i;
    }
    return out.subarray(0, m);
  }

  /** 1 per dictionary entry that satisfies the condition; a null entry never does. */
  private entries(dict: Vector): Uint8Array {
    if (dict === this.dict) return this.entryOk;
    const accept = this.accept;
    this.entryOk = evaluateEntries(dict, (src, s, e) => (accept(src, s, e) ? 1 : 0), 0, new Uint8Array(dict.length));
    this.dict = dict;
    return this.entryOk;
  }
}
