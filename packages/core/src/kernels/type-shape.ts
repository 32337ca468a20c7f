import { DataType } from 'apache-arrow';

/**
 * An Arrow type's name for messages: its shape, without the names of nested fields
 * (`Struct<Int16, Utf8>`, `Map<Utf8, Int16>`, `List<Utf8>`). Why: a nested field's name is a header
 * of the source, and a header can be personal data (a pivot by person names a struct field
 * 张三13812345678); String(type) printed it in errors. Prefixes are String(type)'s, so a test
 * such as /^Decimal/ reads both alike.
 */
export function typeShape(type: DataType): string {
  if (DataType.isDictionary(type)) return `Dictionary<${typeShape(type.indices)}, ${typeShape(type.dictionary)}>`;
  const kids = (type.children ?? []).map((c) => typeShape(c.type as DataType));
  if (DataType.isStruct(type)) return `Struct<${kids.join(', ')}>`;
  if (DataType.isUnion(type)) return `Union<${kids.join(', ')}>`;
  if (DataType.isMap(type)) {
    const entry = (type.children[0]?.type as DataType | undefined)?.children ?? [];
    return `Map<${entry.map((c) => typeShape(c.type as DataType)).join(', ')}>`;
  }
  if (DataType.isList(type)) return `List<${kids[0] ?? ''}>`;
  if (DataType.isFixedSizeList(type)) return `FixedSizeList[${type.listSize}]<${kids[0] ?? ''}>`;
  return String(type);
}
