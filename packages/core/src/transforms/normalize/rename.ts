import { Field, Schema } from 'apache-arrow';
import type { RecordBatch } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { batchColumns, batchFromColumns, columnData } from '../../kernels/batch.js';
import type { BoundTransform, Transform } from '../../pipeline/transform.js';

const SNAKE = /^[a-z][a-z0-9_]*$/;

/**
 * Rename columns (for example Chinese headers to canonical snake_case names). The data is not
 * touched; each renamed field keeps its old header as field metadata `title`.
 *
 *   renameColumns({ map: { 身份证号: 'id_number', 姓名: 'name' } })
 */
export function renameColumns(options: { map: Record<string, string>; requireSnakeCase?: boolean }): Transform {
  const map = options.map;
  const snake = options.requireSnakeCase ?? true;
  for (const [from, to] of Object.entries(map)) {
    if (snake && !SNAKE.test(to)) {
      throw new TuominError('BAD_SPEC', `new name "${to}" is not snake_case`, { column: from, rule: 'rename' },
        'use lower-case letters, digits and underscores, starting with a letter (id_number)', { id: 'rename.notSnakeCase', params: { to } });
    }
  }
  return {
    name: 'rename',
    bind(input: Schema): BoundTransform {
      const names = new Set(input.fields.map((f) => f.name));
      for (const from of Object.keys(map)) {
        if (!names.has(from)) {
          throw new TuominError('BAD_SPEC', `column "${from}" not found in the input`, { column: from, rule: 'rename' },
            `available columns: ${[...names].join(', ')}`, { id: 'rule.columnNotFound', params: { columns: [...names] } });
        }
      }
      const fields = input.fields.map((f) => {
        const to = map[f.name];
        if (to === undefined || to === f.name) return f;
        const meta = new Map(f.metadata);
        if (!meta.has('title')) meta.set('title', f.name);
        return new Field(to, f.type, f.nullable, meta);
      });
      const seen = new Set<string>();
      for (const f of fields) {
        if (seen.has(f.name)) {
          throw new TuominError('BAD_SPEC', `two columns would be named "${f.name}"`, { column: f.name, rule: 'rename' }, 'pick distinct names', { id: 'rename.duplicate' });
        }
        seen.add(f.name);
      }
      const outputSchema = new Schema(fields, input.metadata);
      let rows = 0;
      return {
        outputSchema,
        async *apply(batches: AsyncIterable<RecordBatch>) {
          for await (const b of batches) {
            rows += b.numRows;
            const cols = batchColumns(b).map((_, i) => columnData(b, i));
            yield batchFromColumns(outputSchema, cols, b.numRows);
          }
        },
        report: () => [{ transform: 'rename', columns: Object.values(map), rowsSeen: rows, valuesChanged: 0, invalid: 0, nulls: 0, extra: { renamed: Object.keys(map).length } }],
      };
    },
  };
}
