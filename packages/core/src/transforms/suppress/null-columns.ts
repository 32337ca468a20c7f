import { mapBatches, type Transform } from '../../pipeline/transform.js';
import { requireColumn } from '../mask/columns.js';
import { parseColumns } from './drop-columns.js';
import { nullTargets, nullableSchema, requireGatherable } from './check-gather.js';
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
      const outputSchema = nullableSchema(input, indices);
      const cache = { rows: new Int32Array(0) };
      let allNull = new Uint8Array(0);
      let rows = 0;
      let changed = 0;
      let nulls = 0;
      return mapBatches(
        outputSchema,
        (b) => {
          rows += b.numRows;
          if (allNull.length < b.numRows) allNull = new Uint8Array(b.numRows).fill(1);
          const r = nullTargets(b, outputSchema, indices, cache, allNull.subarray(0, b.numRows));
          nulls += r.nullsBefore;
          changed += r.changed;
          return r.batch;
        },
        () => [{ transform: 'null', columns, rowsSeen: rows, valuesChanged: changed, invalid: 0, nulls }],
      );
    },
  };
}
