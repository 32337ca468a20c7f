import { Data, Dictionary, Type, makeData, makeVector, type RecordBatch, type Schema, type Vector } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { columnData, batchFromColumns } from '../kernels/batch.js';
import { GrowableBytes } from '../kernels/buffers.js';
import { isValid, newBitmap } from '../kernels/bitmap.js';
import { isStringType, makeUtf8Data, utf8View } from '../kernels/utf8.js';
import type { Transform, TransformReport } from '../pipeline/transform.js';

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

const enc = new TextEncoder();

/**
 * Run `inner` only on rows that satisfy `cond`; other rows keep their original values. The
 * inner transform must keep rows and column types (mask, redact, pseudonymize, string
 * generalizations). Text columns merge per row from the two versions; dictionary columns
 * concatenate the two dictionaries and shift the indices of matching rows.
 */
export function when(cond: RowCondition, inner: Transform): Transform {
  const accept = compile(cond);
  return {
    name: `${inner.name} when`,
    bind(input: Schema) {
      const ci = input.fields.findIndex((f) => f.name === cond.column);
      if (ci < 0) throw new TuominError('BAD_SPEC', `unknown condition column "${cond.column}"`, { column: cond.column, rule: 'when' }, `available columns: ${input.fields.map((f) => f.name).join(', ')}`);
      if (!isStringType(input.fields[ci]!.type)) throw new TuominError('BAD_SPEC', `condition column "${cond.column}" must be text`, { column: cond.column, rule: 'when' });
      const bound = inner.bind(input);
      const out = bound.outputSchema;
      if (bound.needsFirstPass) throw new TuominError('BAD_SPEC', `rule ${inner.name} cannot take a condition (it needs a first pass)`, { rule: 'when' });
      if (out.fields.length !== input.fields.length || out.fields.some((f, i) => f.name !== input.fields[i]!.name || f.typeId !== input.fields[i]!.typeId)) {
        throw new TuominError('BAD_SPEC', `rule ${inner.name} changes the columns, so it cannot apply to some rows only`, { rule: 'when' }, 'apply it without a when: condition');
      }
      let rows = 0;
      let matched = 0;
      return {
        outputSchema: out,
        async *apply(batches) {
          for await (const b of batches) {
            const one = bound.apply((async function* () { yield b; })());
            for await (const t of one) {
              if (t.numRows !== b.numRows) {
                throw new TuominError('BAD_SPEC', `rule ${inner.name} removes rows, so it cannot take a when: condition`, { rule: 'when' }, 'use suppress-rows with its own where: predicate instead');
              }
              const mask = matchRows(columnData(b, ci), accept);
              rows += b.numRows;
              for (let i = 0; i < b.numRows; i++) matched += mask[i]!;
              yield merge(b, t, out, mask);
            }
          }
        },
        report(): TransformReport[] {
          return bound.report().map((r) => ({ ...r, extra: { ...(r.extra ?? {}), when: cond, rowsMatched: matched, rowsNotMatched: rows - matched } }));
        },
      };
    },
  };
}

type Accept = (src: Uint8Array, s: number, e: number) => boolean;

function compile(c: RowCondition): Accept {
  const eqList = c.equals !== undefined ? [c.equals] : c.in;
  const neList = c.notEquals !== undefined ? [c.notEquals] : c.notIn;
  if (!eqList && !neList) throw new TuominError('BAD_SPEC', 'a when: condition needs equals, in, notEquals or notIn', { rule: 'when' });
  const eq = (eqList ?? []).map((x) => enc.encode(x));
  const ne = (neList ?? []).map((x) => enc.encode(x));
  const same = (a: Uint8Array, src: Uint8Array, s: number, e: number) => {
    if (a.length !== e - s) return false;
    for (let k = 0; k < a.length; k++) if (a[k] !== src[s + k]) return false;
    return true;
  };
  return (src, s, e) => (eqList ? eq.some((a) => same(a, src, s, e)) : true) && !ne.some((a) => same(a, src, s, e));
}

/** 1 where the row satisfies the condition (nulls never do). */
function matchRows(data: Data, accept: Accept): Uint8Array {
  const n = data.length;
  const out = new Uint8Array(n);
  if (data.typeId === Type.Dictionary) {
    const dict = (data.dictionary as Vector).data[0]!;
    const v = utf8View(dict);
    const ok = new Uint8Array(v.length);
    for (let j = 0; j < v.length; j++) ok[j] = accept(v.values, v.offsets[j]!, v.offsets[j + 1]!) ? 1 : 0;
    const idx = data.values as ArrayLike<number>;
    for (let i = 0; i < n; i++) if (!(data.nullCount > 0 && !isValid(data.nullBitmap, data.offset + i))) out[i] = ok[Number(idx[i])]!;
    return out;
  }
  const v = utf8View(data);
  for (let i = 0; i < n; i++) {
    if (v.validity && !isValid(v.validity, v.bitOffset + i)) continue;
    out[i] = accept(v.values, v.offsets[i]!, v.offsets[i + 1]!) ? 1 : 0;
  }
  return out;
}

function merge(orig: RecordBatch, changed: RecordBatch, schema: Schema, mask: Uint8Array): RecordBatch {
  const cols: Data[] = [];
  for (let c = 0; c < schema.fields.length; c++) {
    const a = columnData(orig, c);
    const b = columnData(changed, c);
    cols.push(a === b ? a : mergeColumn(a, b, mask));
  }
  return batchFromColumns(schema, cols, orig.numRows);
}

function mergeColumn(a: Data, b: Data, mask: Uint8Array): Data {
  const n = a.length;
  if (a.typeId === Type.Dictionary && b.typeId === Type.Dictionary) {
    // One dictionary: a's entries, then b's; matching rows point into b's half.
    const da = (a.dictionary as Vector), db = (b.dictionary as Vector);
    const dict = concatUtf8([...da.data, ...db.data]);
    const ia = a.values as Int32Array, ib = b.values as Int32Array;
    const idx = new Int32Array(n);
    const validity = newBitmap(n, true);
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      const useB = mask[i] === 1;
      const d = useB ? b : a;
      if (d.nullCount > 0 && !isValid(d.nullBitmap, d.offset + i)) { validity[i >> 3]! &= ~(1 << (i & 7)); nulls++; continue; }
      idx[i] = useB ? Number(ib[i]) + da.length : Number(ia[i]);
    }
    const t = a.type as Dictionary;
    return makeData({ type: new Dictionary(t.dictionary, t.indices, t.id, t.isOrdered), length: n, nullCount: nulls, nullBitmap: nulls ? validity : null, data: idx as never, dictionary: dict } as never) as Data;
  }
  if (a.typeId !== Type.Dictionary && b.typeId !== Type.Dictionary) {
    const va = utf8View(a), vb = utf8View(b);
    const bytes = new GrowableBytes(Math.max(va.offsets[n]! - va.offsets[0]!, vb.offsets[n]! - vb.offsets[0]!) + 16);
    const offsets = new Int32Array(n + 1);
    const validity = newBitmap(n, true);
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      const v = mask[i] === 1 ? vb : va;
      if (v.validity && !isValid(v.validity, v.bitOffset + i)) { validity[i >> 3]! &= ~(1 << (i & 7)); nulls++; }
      else bytes.append(v.values, v.offsets[i]!, v.offsets[i + 1]!);
      offsets[i + 1] = bytes.length;
    }
    return makeUtf8Data(n, offsets, bytes.finish(), validity, nulls, a.typeId === Type.LargeUtf8);
  }
  throw new TuominError('UNSUPPORTED', 'a rule with when: changed a column between dictionary and plain text', { rule: 'when' });
}

function concatUtf8(chunks: Data[]): Vector {
  let total = 0, bytes = 0;
  const views = chunks.map((d) => utf8View(d));
  for (const v of views) { total += v.length; bytes += v.offsets[v.length]! - v.offsets[0]!; }
  const out = new GrowableBytes(bytes + 8);
  const offsets = new Int32Array(total + 1);
  const validity = newBitmap(total, true);
  let k = 0, nulls = 0;
  for (const v of views) {
    for (let i = 0; i < v.length; i++, k++) {
      if (v.validity && !isValid(v.validity, v.bitOffset + i)) { validity[k >> 3]! &= ~(1 << (k & 7)); nulls++; }
      else out.append(v.values, v.offsets[i]!, v.offsets[i + 1]!);
      offsets[k + 1] = out.length;
    }
  }
  return makeVector(makeUtf8Data(total, offsets, out.finish(), validity, nulls));
}
