import { TuominError } from '../../errors.js';
import { optionPath, optionsIssue } from '../options-issue.js';
import { replaceColumns } from '../../kernels/batch.js';
import { mapBatches, type Transform } from '../../pipeline/transform.js';
import { requireColumn } from '../mask/columns.js';
import { compactDictionaries, takeBatch } from '../../kernels/take.js';
import { nullTargets, nullableSchema, requireGatherable } from './check-gather.js';
import { type SuppressRowsOptions, suppressRowsOptions } from './options.js';
import { compilePredicate } from './predicate.js';

/**
 * suppressRows({ where, action: 'drop' | 'null', columns? }): rows matching `where` are removed
 * ('drop', the default) or have `columns` (default: all) set to null ('null').
 */
export function suppressRows(options: SuppressRowsOptions): Transform {
  const parsed = suppressRowsOptions.safeParse(options);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new TuominError('BAD_SPEC', `suppress-rows options: ${first.message}`, { rule: 'suppress-rows', ...optionPath(first) },
      'see docs/transforms-mask.md (suppress) for the predicate language', { id: 'rule.badOptions', params: { rule: 'suppress-rows', ...optionsIssue(first) } });
  }
  const { where, columns } = parsed.data;
  const action = parsed.data.action ?? 'drop';
  if (action === 'drop' && columns !== undefined) {
    throw new TuominError('BAD_SPEC', 'columns applies only to action: null (drop removes whole rows)', { rule: 'suppress-rows', path: 'columns' }, undefined, { id: 'suppress.columnsWithDrop' });
  }
  return {
    name: 'suppress-rows',
    bind(input) {
      const matcher = compilePredicate(where, input, 'suppress-rows');
      const targets = action === 'drop' ? input.fields.map((_, i) => i) : (columns ?? input.fields.map((f) => f.name)).map((c) => requireColumn(input, c, 'suppress-rows'));
      for (const i of targets) requireGatherable(input, i, 'suppress-rows');
      const outputSchema = action === 'null' ? nullableSchema(input, targets) : input;
      const cache = { rows: new Int32Array(0) };
      let rowsSeen = 0;
      let matched = 0;
      let changed = 0;
      const bound = mapBatches(
        outputSchema,
        (b) => {
          const n = b.numRows;
          rowsSeen += n;
          const match = matcher(b);
          let m = 0;
          for (let i = 0; i < n; i++) m += match[i]!;
          matched += m;
          // Compacted even when nothing matched: batches may share a dictionary (kernels/take.ts).
          if (m === 0) return compactDictionaries(action === 'null' ? replaceColumns(b, outputSchema, new Map()) : b);
          if (action === 'drop') {
            const keep = new Int32Array(n - m);
            for (let i = 0, k = 0; i < n; i++) if (match[i] === 0) keep[k++] = i;
            changed += m;
            return takeBatch(b, keep);
          }
          const r = nullTargets(b, outputSchema, targets, cache, match);
          changed += r.changed;
          return r.batch;
        },
        () => [{
          transform: 'suppress-rows',
          columns: targets.map((i) => input.fields[i]!.name),
          rowsSeen,
          valuesChanged: changed,
          invalid: 0,
          nulls: 0,
          extra: { action, rowsMatched: matched },
        }],
      );
      return action === 'drop' ? { ...bound, dropsRows: true } : bound;
    },
  };
}
