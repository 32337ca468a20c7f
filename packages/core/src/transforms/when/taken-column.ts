import { Data, type DataType } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { canGather, gather } from '../../kernels/take.js';
import { typeShape } from '../../kernels/type-shape.js';

/**
 * Rows `rows` of column `source`, taken only when a buffer is first read. The inner rule of a
 * when: usually reads one or two columns of a wide table and passes the others through (which
 * touches only `length`); taking all six columns of a test table up front cost 20 times masking
 * the one the rule reads.
 */
export class TakenColumn extends Data {
  private taken: Data | null = null;

  constructor(private readonly source: Data, private readonly rows: Int32Array, private readonly where: { column: string; rule: string }) {
    super(source.type as DataType, 0, rows.length, -1, {});
  }

  /** The taken rows, gathered on first use. */
  rowsData(): Data {
    if (this.taken === null) {
      if (!canGather(this.source.type)) {
        throw new TuominError('UNSUPPORTED', `rule ${this.where.rule} reads column "${this.where.column}" of type ${typeShape(this.source.type)}, which when: cannot take rows from`, { column: this.where.column, rule: 'when' },
          'apply the rule without a when: condition, or drop or flatten the column first', { id: 'when.cannotTake', params: { rule: this.where.rule, type: typeShape(this.source.type) } });
      }
      this.taken = gather(this.source, this.rows, null, this.where.column);
    }
    return this.taken;
  }

  /** Plain columns have none; asking must not gather them. */
  takenDictionary(): unknown {
    return this.source.dictionary === undefined ? undefined : this.rowsData().dictionary;
  }
}

// Data's constructor leaves the buffers unassigned when given none, and assigns `dictionary` and
// `_nullCount` through these accessors (plain assignment), so every read of a buffer lands here.
// (TypeScript does not let a subclass turn a property into an accessor, hence defineProperty.)
const lazy = (get: (c: TakenColumn) => unknown): PropertyDescriptor => ({ get(this: TakenColumn) { return get(this); }, set() { /* taken lazily */ }, configurable: true });
Object.defineProperties(TakenColumn.prototype, {
  values: lazy((c) => c.rowsData().values),
  valueOffsets: lazy((c) => c.rowsData().valueOffsets),
  nullBitmap: lazy((c) => c.rowsData().nullBitmap),
  typeIds: lazy((c) => c.rowsData().typeIds),
  dictionary: lazy((c) => c.takenDictionary()),
  _nullCount: lazy((c) => c.rowsData().nullCount),
});
