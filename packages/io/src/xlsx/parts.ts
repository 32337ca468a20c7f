import { escapeXml } from './escape.js';

/** What the package parts around the worksheet say; strings are checked for XML by the caller. */
export interface PackageInfo {
  sheetName: string;
  title?: string;
  creator?: string;
  /** Custom document properties (docProps/custom.xml), in this order. */
  metadata: Array<[string, string]>;
  /** styles.xml (styles.ts, with the number formats of the sheet's columns); default: General and bold only. */
  styles?: string;
}

export const SHEET_PART = 'xl/worksheets/sheet1.xml';

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const OFFICE = 'http://schemas.openxmlformats.org/officeDocument/2006';
const REL = `${OFFICE}/relationships`;
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument';
/** The format ID every custom document property carries (FMTID_UserDefinedProperties). */
const FMTID_USER = '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}';

/** The small parts, name → XML, in the order they go into the ZIP (the worksheet comes after them). */
export function packageParts(info: PackageInfo): Array<[string, string]> {
  const custom = info.metadata.length > 0;
  const parts: Array<[string, string]> = [
    ['[Content_Types].xml', contentTypes(custom)],
    ['_rels/.rels', rootRels(custom)],
    ['docProps/core.xml', coreProps(info)],
    ['docProps/app.xml', `${XML}<Properties xmlns="${OFFICE}/extended-properties"><Application>tuomin</Application></Properties>`],
  ];
  if (custom) parts.push(['docProps/custom.xml', customProps(info.metadata)]);
  parts.push(
    ['xl/workbook.xml', `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="${escapeXml(info.sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `${XML}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`],
    ['xl/styles.xml', info.styles ?? STYLES],
  );
  return parts;
}

function contentTypes(custom: boolean): string {
  return `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/${SHEET_PART}" ContentType="${CT}.spreadsheetml.worksheet+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${CT}.spreadsheetml.styles+xml"/>` +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    `<Override PartName="/docProps/app.xml" ContentType="${CT}.extended-properties+xml"/>` +
    (custom ? `<Override PartName="/docProps/custom.xml" ContentType="${CT}.custom-properties+xml"/>` : '') +
    '</Types>';
}

function rootRels(custom: boolean): string {
  return `${XML}<Relationships xmlns="${PKG_REL}">` +
    `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/>` +
    `<Relationship Id="rId2" Type="${PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>` +
    `<Relationship Id="rId3" Type="${REL}/extended-properties" Target="docProps/app.xml"/>` +
    (custom ? `<Relationship Id="rId4" Type="${REL}/custom-properties" Target="docProps/custom.xml"/>` : '') +
    '</Relationships>';
}

/** No creation time: identical input gives a byte-identical file (the package's SHA256SUMS stay reproducible). */
function coreProps(info: PackageInfo): string {
  return `${XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    (info.title ? `<dc:title>${escapeXml(info.title)}</dc:title>` : '') +
    (info.creator ? `<dc:creator>${escapeXml(info.creator)}</dc:creator>` : '') +
    '</cp:coreProperties>';
}

function customProps(metadata: Array<[string, string]>): string {
  // Property ids (pid) start at 2 by the OOXML custom-properties convention.
  const props = metadata.map(([k, v], i) => `<property fmtid="${FMTID_USER}" pid="${i + 2}" name="${escapeXml(k)}"><vt:lpwstr>${escapeXml(v)}</vt:lpwstr></property>`);
  return `${XML}<Properties xmlns="${OFFICE}/custom-properties" xmlns:vt="${OFFICE}/docPropsVTypes">${props.join('')}</Properties>`;
}

/** Two cell formats: 0 the default, 1 bold (the header row). */
const STYLES = `${XML}<styleSheet xmlns="${MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';
