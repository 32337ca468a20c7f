import { type RecordBatch, type Schema, Type } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { columnData } from '../../kernels/batch.js';
import { isStringType } from '../../kernels/utf8.js';
import { requireColumn } from '../mask/columns.js';
import { type BytesTest, bytesIn, bytesMatch, evalText } from './leaf-text.js';
import { evalBool, evalIsNull, evalNumber, isNumericType, type NumberTest } from './leaf-number.js';
import type { Predicate } from './options.js';
import { typeShape } from '../../kernels/type-shape.js';

/** A compiled predicate: for a batch, a 0/1 byte per row (1 = the row matches). */
export type RowMatcher = (batch: RecordBatch) => Uint8Array;

/** Compile once at bind time; column names and value types are checked here, not per batch. */
export function compilePredicate(p: Predicate, schema: Schema, rule: string): RowMatcher {
  if ('all' in p) {
    const parts = p.all.map((q) => compilePredicate(q, schema, rule));
    return (b) => combine(parts.map((f) => f(b)), (x, y) => x & y);
  }
  if ('any' in p) {
    const parts = p.any.map((q) => compilePredicate(q, schema, rule));
    return (b) => combine(parts.map((f) => f(b)), (x, y) => x | y);
  }
  if ('not' in p) {
    const inner = compilePredicate(p.not, schema, rule);
    return (b) => {
      const m = inner(b);
      for (let i = 0; i < m.length; i++) m[i] = m[i]! ^ 1;
      return m;
    };
  }
  return compileLeaf(p, schema, rule);
}

function combine(masks: Uint8Array[], op: (x: number, y: number) => number): Uint8Array {
  const out = masks[0]!;
  for (let k = 1; k < masks.length; k++) {
    const m = masks[k]!;
    for (let i = 0; i < out.length; i++) out[i] = op(out[i]!, m[i]!);
  }
  return out;
}

type Leaf = Extract<Predicate, { column: string }>;

function compileLeaf(p: Leaf, schema: Schema, rule: string): RowMatcher {
  const index = requireColumn(schema, p.column, rule);
  const type = schema.fields[index]!.type;
  const refuse = (test: string): never => {
    throw new TuominError('BAD_SPEC', `condition "${test}" does not apply to column "${p.column}" of type ${typeShape(type)}`, { column: p.column, rule },
      'use equals/in/matches on text columns, equals/in/lt/lte/gt/gte on numbers, equals true/false on booleans, isNull on any column', { id: 'predicate.notApplicable', params: { test, type: typeShape(type) } });
  };
  const tests: Array<(b: RecordBatch) => Uint8Array> = [];
  if (p.isNull !== undefined) {
    const want = p.isNull;
    tests.push((b) => evalIsNull(columnData(b, index), want));
  }
  const valueTests = (['equals', 'in', 'matches', 'lt', 'lte', 'gt', 'gte'] as const).filter((t) => p[t] !== undefined);
  if (valueTests.length > 0) {
    if (isStringType(type)) {
      const byteTests: BytesTest[] = [];
      for (const t of valueTests) {
        if (t === 'equals') {
          if (typeof p.equals === 'boolean') refuse('equals: true/false');
          byteTests.push(bytesIn([String(p.equals)]));
        } else if (t === 'in') byteTests.push(bytesIn(p.in!.map(String)));
        else if (t === 'matches') byteTests.push(bytesMatch(new RegExp(p.matches!, 'u')));
        else refuse(t);
      }
      const test: BytesTest = byteTests.length === 1 ? byteTests[0]! : (src, s, e) => byteTests.every((f) => f(src, s, e));
      tests.push((b) => evalText(columnData(b, index), test));
    } else if (isNumericType(type.typeId)) {
      const numTests: NumberTest[] = [];
      for (const t of valueTests) {
        if (t === 'matches') refuse(t);
        if (t === 'equals') {
          if (typeof p.equals !== 'number') refuse('equals (text)');
          const v = p.equals as number;
          numTests.push((x) => x === v);
        } else if (t === 'in') {
          if (p.in!.some((v) => typeof v !== 'number')) refuse('in (text)');
          const set = new Set(p.in as number[]);
          numTests.push((x) => set.has(x));
        } else {
          const v = p[t as 'lt']!;
          numTests.push(t === 'lt' ? (x) => x < v : t === 'lte' ? (x) => x <= v : t === 'gt' ? (x) => x > v : (x) => x >= v);
        }
      }
      const test: NumberTest = numTests.length === 1 ? numTests[0]! : (x) => numTests.every((f) => f(x));
      tests.push((b) => evalNumber(columnData(b, index), test));
    } else if (type.typeId === Type.Bool) {
      if (valueTests.length !== 1 || typeof p.equals !== 'boolean') refuse(valueTests.join(', '));
      const want = p.equals as boolean;
      tests.push((b) => evalBool(columnData(b, index), want));
    } else refuse(valueTests.join(', '));
  }
  if (tests.length === 1) return tests[0]!;
  return (b) => combine(tests.map((f) => f(b)), (x, y) => x & y);
}
