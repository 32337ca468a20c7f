import { Type, type Data, type RecordBatch, type Schema } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { batchFromColumns, columnData } from '../kernels/batch.js';
import { dictionaryToUtf8 } from '../kernels/dictionary-text.js';
import { isStringType } from '../kernels/utf8.js';
import type { BindOptions, BoundTransform, Transform, TransformReport } from '../pipeline/transform.js';
import { compileCondition, type RowCondition, RowMatcher } from './when/condition.js';
import { rowInWholeInput } from './when/row-error.js';
import { scatterColumn } from './when/scatter.js';
import { takeRows } from './when/take-rows.js';

export type { RowCondition } from './when/condition.js';

/**
 * Run `inner` only on rows that satisfy `cond`; other rows keep their original values. The inner
 * rule is given the matching rows alone, as a batch of their own, so it cannot fail on, or count,
 * a row the condition excludes; its output is scattered back into the full batch. Its report
 * counts (rowsSeen, valuesChanged, invalid, nulls) are therefore over the matching rows, and
 * `extra.rowsMatched` says how many those were. Its errors name the row in the whole input.
 *
 * The inner rule must keep rows and column types (mask, redact, pseudonymize, string
 * generalizations, numeric rules that keep the type). A batch where every row matches goes to the
 * inner rule as it is; a batch where none does (or an empty one) skips it.
 */
export function when(cond: RowCondition, inner: Transform): Transform {
  const accept = compileCondition(cond);
  return {
    name: `${inner.name} when`,
    bind(input: Schema, bindOptions?: BindOptions) {
      const ci = input.fields.findIndex((f) => f.name === cond.column);
      if (ci < 0) throw new TuominError('BAD_SPEC', `unknown condition column "${cond.column}"`, { column: cond.column, rule: 'when' }, `available columns: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'rule.columnNotFound', params: { columns: input.fields.map((f) => f.name) } });
      if (!isStringType(input.fields[ci]!.type)) throw new TuominError('BAD_SPEC', `condition column "${cond.column}" must be text`, { column: cond.column, rule: 'when' }, undefined, { id: 'when.conditionNotText' });
      const bound = inner.bind(input);
      const out = bound.outputSchema;
      if (bound.needsFirstPass) throw new TuominError('BAD_SPEC', `rule ${inner.name} cannot take a condition (it needs a first pass)`, { rule: 'when' }, undefined, { id: 'when.firstPass', params: { rule: inner.name } });
      // A dictionary of text the inner rule gives back as plain text (date-shift: one entry can
      // shift differently per entity) is decoded on the rows it did not see too, so a rule that
      // works on a CSV's text column also works on the same column dictionary-encoded in Parquet.
      const decodes = out.fields.map((f, i) => f.typeId === Type.Utf8 && input.fields[i]!.typeId === Type.Dictionary && isStringType(input.fields[i]!.type));
      if (out.fields.length !== input.fields.length || out.fields.some((f, i) => f.name !== input.fields[i]!.name || (f.typeId !== input.fields[i]!.typeId && !decodes[i]))) {
        throw new TuominError('BAD_SPEC', `rule ${inner.name} changes the columns, so it cannot apply to some rows only`, { rule: 'when' }, 'apply it without a when: condition', { id: 'when.changesColumns', params: { rule: inner.name } });
      }
      const matcher = new RowMatcher(accept);
      let rows = bindOptions?.rowOffset ?? 0; // input rows before the current batch (a partition's offset included)
      const offset = rows;
      let matched = 0; // rows given to the inner rule so far
      return {
        outputSchema: out,
        // The inner rule numbers the matching rows only, which a partition cannot count before it.
        ...(bound.rowSeeded ? { notPartitionable: 'it is seeded by row position and numbers only the rows its when: condition matches' } : {}),
        ...(bound.notPartitionable ? { notPartitionable: bound.notPartitionable } : {}),
        async *apply(batches) {
          for await (const b of batches) {
            const n = b.numRows;
            const at = matcher.rows(columnData(b, ci));
            const m = at.length;
            if (m === 0) {
              rows += n;
              yield batchFromColumns(out, input.fields.map((_, c) => originalColumn(b, c, decodes)), n);
              continue;
            }
            const taken = m === n ? null : takeRows(b, input, at, inner.name);
            let t: RecordBatch;
            try {
              t = await applyToOne(bound, taken ? taken.batch : b, inner.name);
            } catch (err) {
              throw rowInWholeInput(err, matched, at, rows);
            }
            rows += n;
            matched += m;
            yield taken ? scatterBack(b, taken.columns, t, at, out, decodes) : t;
          }
        },
        report(): TransformReport[] {
          return bound.report().map((r) => ({ ...r, extra: { ...(r.extra ?? {}), when: cond, rowsMatched: matched, rowsNotMatched: rows - offset - matched } }));
        },
      };
    },
  };
}

/**
 * One batch through the bound inner rule, which must answer with one batch of as many rows.
 * A fresh apply() per batch is fine: bound rules keep their state (row numbers, counts) in the
 * bound object, not in the generator.
 */
async function applyToOne(bound: BoundTransform, batch: RecordBatch, rule: string): Promise<RecordBatch> {
  let out: RecordBatch | null = null;
  for await (const t of bound.apply((async function* () { yield batch; })())) {
    if (out !== null) throw new TuominError('UNSUPPORTED', `rule ${rule} splits batches, so it cannot take a when: condition`, { rule: 'when' }, undefined, { id: 'when.splitsBatches', params: { rule } });
    out = t;
  }
  if (out === null || out.numRows !== batch.numRows) {
    throw new TuominError('BAD_SPEC', `rule ${rule} removes rows, so it cannot take a when: condition`, { rule: 'when' }, 'use suppress-rows with its own where: predicate instead', { id: 'when.removesRows', params: { rule } });
  }
  return out;
}

/** Column c of the input as the output schema types it: decoded when the inner rule decodes it. */
function originalColumn(b: RecordBatch, c: number, decodes: readonly boolean[]): Data {
  return decodes[c] ? dictionaryToUtf8(columnData(b, c)) : columnData(b, c);
}

/**
 * The full batch with the inner rule's output for the matching rows put back in place. A column
 * the inner rule returned as it was given (read or not) is the original column.
 */
function scatterBack(orig: RecordBatch, given: Data[], changed: RecordBatch, at: Int32Array, schema: Schema, decodes: readonly boolean[]): RecordBatch {
  const cols: Data[] = [];
  for (let c = 0; c < schema.fields.length; c++) {
    const a = originalColumn(orig, c, decodes);
    const t = columnData(changed, c);
    cols.push(t === given[c] ? a : scatterColumn(a, t, at));
  }
  return batchFromColumns(schema, cols, orig.numRows);
}
