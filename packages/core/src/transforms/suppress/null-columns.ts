import { type Data, Field, Schema } from 'apache-arrow';
import { replaceColumns, columnData } from '../../kernels/batch.js';
import { mapBatches, type Transform } from '../../pipeline/transform.js';
import { requireColumn } from '../mask/columns.js';
import { parseColumns } from './drop-columns.js';
import { nullRows } from '../../kernels/dictionary.js';
import { gather } from '../../kernels/take.js';
import { identityRows, requireGatherable } from './check-gather.js';
import type { ColumnsOptions } from './options.js';

/**
 * nullColumns({ columns }): every value of the columns becomes null; the type is kept and the
 * field made nullable. No bytes of the old values remain (text emptied, dictionaries emptied).
 */
export function nullColumns(options: ColumnsOptions): Transform {
  const { columns } = parseColumns(options, 'null');
  return {
    name: 'null',
    bind(input) {
      const indices = columns.map((c) => requireColumn(input, c, 'null'));
      for (const i of indices) requireGatherable(input, i, 'null');
      const fields = input.fields.slice();
      for (const i of indices) fields[i] = new Field(fields[i]!.name, fields[i]!.type, true, fields[i]!.metadata);
      const outputSchema = new Schema(fields, input.metadata);
      const cache = { rows: new Int32Array(0) };
      let allNull = new Uint8Array(0);
      let rows = 0;
      let changed = 0;
      let nulls = 0;
      return mapBatches(
        outputSchema,
        (b) => {
          const n = b.numRows;
          rows += n;
          if (allNull.length < n) allNull = new Uint8Array(n).fill(1);
          const ids = identityRows(cache, n);
          const replaced = new Map<number, Data>();
          for (const i of indices) {
            const d = columnData(b, i);
            const before = nullRows(d);
            nulls += before;
            changed += n - before;
            replaced.set(i, gather(d, ids, allNull.subarray(0, n)));
          }
          return replaceColumns(b, outputSchema, replaced);
        },
        () => [{ transform: 'null', columns, rowsSeen: rows, valuesChanged: changed, invalid: 0, nulls }],
      );
    },
  };
}
