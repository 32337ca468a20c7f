import { DateUnit, Type } from 'apache-arrow';
import type { DataType, Date_, Decimal, Dictionary, Schema, Timestamp } from 'apache-arrow';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

/** Cell formats 0 (the default) and 1 (bold, the header row) are always there. */
export const HEADER_STYLE = 1;

/** How a column's cells are shown: an index into cellXfs per column (0: General). */
export interface SheetStyles {
  xml: string;
  /** Style index per column. */
  columns: number[];
}

/**
 * The number format a column's values need to read as what they are: dates as yyyy-mm-dd,
 * timestamps as yyyy-mm-dd hh:mm:ss (ISO order, so no locale reorders day and month), decimals
 * with their scale's digits (0.00 for money). Null for General.
 */
export function numberFormat(type: DataType): string | null {
  switch (type.typeId) {
    case Type.Date:
      return (type as Date_).unit === DateUnit.DAY ? 'yyyy-mm-dd' : null;
    case Type.Timestamp:
      // A timestamp with a zone is written as its ISO text (no spreadsheet cell has a zone).
      return (type as Timestamp).timezone ? null : 'yyyy-mm-dd hh:mm:ss';
    case Type.Decimal: {
      const scale = (type as Decimal).scale;
      return scale > 0 ? `0.${'0'.repeat(scale)}` : scale === 0 ? '0' : null;
    }
    case Type.Dictionary:
      return numberFormat((type as Dictionary).dictionary);
    default:
      return null;
  }
}

/** styles.xml with one cell format per distinct number format the schema needs, custom ids from 164. */
export function sheetStyles(schema: Schema): SheetStyles {
  const formats: string[] = [];
  const columns = schema.fields.map((f) => {
    const code = numberFormat(f.type);
    if (code === null) return 0;
    let k = formats.indexOf(code);
    if (k < 0) k = formats.push(code) - 1;
    return 2 + k;
  });
  const numFmts = formats.length
    ? `<numFmts count="${formats.length}">${formats.map((c, k) => `<numFmt numFmtId="${164 + k}" formatCode="${c}"/>`).join('')}</numFmts>`
    : '';
  const xfs = formats.map((_, k) => `<xf numFmtId="${164 + k}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('');
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<styleSheet xmlns="${MAIN}">${numFmts}` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${2 + formats.length}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>${xfs}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>';
  return { xml, columns };
}
