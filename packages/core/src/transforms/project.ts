import { DataType, Dictionary, Field, FixedSizeList, List, Map_, Schema, Struct, Union, Vector, type Data } from 'apache-arrow';
import { TuominError } from '../errors.js';
import { batchFromColumns, columnData } from '../kernels/batch.js';
import type { Transform, TransformReport } from '../pipeline/transform.js';

export interface ProjectColumn {
  /** Column name in the input. */
  from: string;
  /** Column name in the output (default: `from`). */
  to?: string;
  /** Field metadata to set, e.g. { title: '身份证号', description: ... }. */
  metadata?: Record<string, string>;
}

export interface ProjectOptions {
  /**
   * Keep the input's key-value metadata: the schema's and each field's, nested fields included
   * (default false). Why off: a source file's metadata (导出人: 张伟, a Parquet writer's notes) is
   * nobody's spec, no rule reaches it, and Arrow and Parquet writers would carry it into every
   * published file; the output holds only the metadata given in `columns`.
   */
  keepSourceMetadata?: boolean;
}

/**
 * Select, order and rename columns; zero-copy (the column Data is reused; a nested column whose
 * children carried metadata gets the same buffers under the bare type). Unknown input columns
 * fail at bind time with the list of available names.
 */
export function project(columns: ProjectColumn[], options: ProjectOptions = {}): Transform {
  const keep = options.keepSourceMetadata === true;
  return {
    name: 'project',
    bind(input) {
      const indices: number[] = [];
      const fields: Field[] = [];
      // Per output column: the bare type its Data is re-typed to, when stripping changed it.
      const retype: Array<DataType | undefined> = [];
      for (const c of columns) {
        const i = input.fields.findIndex((f) => f.name === c.from);
        if (i < 0) {
          throw new TuominError('BAD_SPEC', `unknown column "${c.from}"`, { column: c.from }, `available columns: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'rule.columnNotFound', params: { columns: input.fields.map((f) => f.name) } });
        }
        const f = input.fields[i]!;
        const meta = keep ? new Map(f.metadata) : new Map<string, string>();
        for (const [k, v] of Object.entries(c.metadata ?? {})) meta.set(k, v);
        const type = keep ? f.type : bareType(f.type);
        indices.push(i);
        retype.push(type === f.type ? undefined : type);
        fields.push(new Field(c.to ?? c.from, type, f.nullable, meta));
      }
      const outputSchema = new Schema(fields, keep ? input.metadata : new Map());
      const data = (b: Parameters<typeof columnData>[0], k: number): Data => {
        const d = columnData(b, indices[k]!);
        const t = retype[k];
        return t === undefined ? d : retyped(d, t);
      };
      let rows = 0;
      const report = (): TransformReport[] => [
        { transform: 'project', columns: columns.map((c) => c.to ?? c.from), rowsSeen: rows, valuesChanged: 0, invalid: 0, nulls: 0, extra: { dropped: input.fields.length - new Set(indices).size } },
      ];
      return {
        outputSchema,
        async *apply(batches) {
          for await (const b of batches) {
            rows += b.numRows;
            yield batchFromColumns(outputSchema, indices.map((_, k) => data(b, k)), b.numRows);
          }
        },
        report,
      };
    },
  };
}

/**
 * The same buffers under the bare type; a dictionary's values re-typed too, since a writer may
 * take the value type from the dictionary vector rather than from the schema.
 */
function retyped(d: Data, type: DataType): Data {
  const out = d.clone(type);
  if (DataType.isDictionary(type) && d.dictionary) {
    out.dictionary = new Vector(d.dictionary.data.map((v) => v.clone(type.dictionary)));
  }
  return out;
}

/** The type with no key-value metadata on any nested field; the same object when it had none. */
function bareType(type: DataType): DataType {
  // A dictionary's children are its value type's: strip them there, keep id, indices and order.
  if (DataType.isDictionary(type)) {
    const value = bareType(type.dictionary);
    return value === type.dictionary ? type : new Dictionary(value, type.indices, type.id, type.isOrdered);
  }
  const children = (type as { children?: Field[] }).children;
  if (!children?.length) return type;
  let changed = false;
  const bare = children.map((c) => {
    const t = bareType(c.type);
    if (t === c.type && c.metadata.size === 0) return c;
    changed = true;
    return new Field(c.name, t, c.nullable);
  });
  if (!changed) return type;
  if (DataType.isStruct(type)) return new Struct(bare);
  if (DataType.isList(type)) return new List(bare[0]!);
  if (DataType.isFixedSizeList(type)) return new FixedSizeList(type.listSize, bare[0]!);
  if (DataType.isMap(type)) return new Map_(bare[0] as Field<Struct>, type.keysSorted);
  if (DataType.isUnion(type)) return new Union(type.mode, type.typeIds, bare);
  return type;
}

/**
 * Append copies of columns under new names (zero-copy: the copy shares the column's Data), so a
 * derived column (age band from an ID number) can be generalized while the original goes its
 * own way. Copies are appended after the input columns.
 */
export function copyColumns(copies: Array<{ from: string; to: string }>): Transform {
  return {
    name: 'copy',
    bind(input) {
      const idx = copies.map((c) => {
        const i = input.fields.findIndex((f) => f.name === c.from);
        if (i < 0) throw new TuominError('BAD_SPEC', `cannot derive "${c.to}": unknown column "${c.from}"`, { column: c.from }, `available columns: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'derive.unknownSource', params: { to: c.to, columns: input.fields.map((f) => f.name) } });
        if (input.fields.some((f) => f.name === c.to)) throw new TuominError('BAD_SPEC', `cannot derive "${c.to}": a column of that name exists`, { column: c.to }, undefined, { id: 'derive.nameTaken', params: { to: c.to } });
        return i;
      });
      const outputSchema = new Schema([...input.fields, ...copies.map((c, k) => new Field(c.to, input.fields[idx[k]!]!.type, true))], input.metadata);
      let rows = 0;
      return {
        outputSchema,
        async *apply(batches) {
          for await (const b of batches) {
            rows += b.numRows;
            const cols = input.fields.map((_, i) => columnData(b, i));
            yield batchFromColumns(outputSchema, [...cols, ...idx.map((i) => cols[i]!)], b.numRows);
          }
        },
        report: () => [{ transform: 'copy', columns: copies.map((c) => c.to), rowsSeen: rows, valuesChanged: 0, invalid: 0, nulls: 0 }],
      };
    },
  };
}
