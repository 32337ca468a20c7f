import { TuominError } from '@tuomin/core';
import { isoDate } from '../infer/days.js';
import type { NumberFormatKind } from './read-format.js';

/** Where a cell is, as the user finds it in Excel: the sheet's tab, the cell, its row number, its column's header. */
export interface CellPlace {
  file: string;
  sheet: string;
  ref: string;
  row: number;
  column?: string;
}

/** A cell as the sheet part holds it. */
export interface RawCell {
  /** The cell's `t`: s, inlineStr, str, b, e, n, d (absent is n). */
  type: string;
  /** Its `<v>` text, or null when it has none. */
  value: string | null;
  /** The text of its `<is>` (inline string). */
  inline: string | null;
  formula: boolean;
}

/**
 * Excel keeps 15 significant digits of a number: an 18-digit ID typed or pasted into a number
 * cell is stored as 1.10101199001011E+17, its last digits already zeros. Any number of 10^15 or
 * more has lost digits (or will, the next time Excel saves it), so such a cell is refused: its
 * text would look like a real identifier and be a wrong one.
 */
const EXACT_LIMIT = 1e15;

/** The 1900 date system's serial of 1970-01-01; 1904's is 24107 less. Serial 60 is Excel's 1900-02-29, a day that never was. */
const EPOCH_1900 = 25569;
const EPOCH_1904 = 24107;
const LAST_SERIAL = 2958465; // 9999-12-31

export type CellOutcome = string | null | { error: string };

/**
 * The cell's text as published, null for no value, or `{ error }` for an error value (#N/A…).
 * `where` is asked only when the cell is refused: no place text is built for the cells that pass.
 */
export function cellValue(raw: RawCell, format: NumberFormatKind, sst: { get(i: number): string; size: number }, date1904: boolean, where: () => CellPlace): CellOutcome {
  switch (raw.type) {
    case 's': {
      const i = raw.value === null ? NaN : Number(raw.value);
      if (!Number.isInteger(i) || i < 0 || i >= sst.size) {
        const at = where();
        throw new TuominError('BAD_INPUT', `${placeText(at)}: the cell points at shared string ${raw.value ?? '(none)'}, but the workbook has ${sst.size}`, placeLocation(at),
          'the workbook is damaged: open it in Excel or WPS, save it again, and read that copy', { id: 'xlsx.badSharedString', params: { sheet: at.sheet, cell: at.ref, row: at.row, count: sst.size } });
      }
      return sst.get(i);
    }
    case 'inlineStr':
      return raw.inline ?? raw.value ?? '';
    case 'str':
      return raw.value ?? '';
    case 'b':
      return raw.value === null ? null : raw.value === '1' || raw.value === 'true' ? 'TRUE' : 'FALSE';
    case 'e':
      return { error: raw.value ?? '#VALUE!' };
    case 'd':
      // ISO 8601 text (strict OOXML): kept as written, midnight dropped.
      return raw.value === null ? null : raw.value.replace(/T00:00:00(\.0+)?Z?$/, '');
    case 'n':
    case '':
      break;
    default:
      const at = where();
      throw new TuominError('BAD_INPUT', `${placeText(at)}: unknown cell type "${raw.type}"`, placeLocation(at),
        'the workbook is damaged or written by a tool that does not follow Office Open XML: save it again from Excel or WPS', { id: 'xlsx.badCellType', params: { sheet: at.sheet, cell: at.ref, row: at.row, type: raw.type } });
  }
  if (raw.value === null || raw.value.trim() === '') {
    if (raw.formula) {
      const at = where();
      throw new TuominError('BAD_INPUT', `${placeText(at)}: a formula without a saved result`, placeLocation(at),
        'the file was written by a program that does not calculate: open it in Excel or WPS (which calculates it) and save, then read that copy', { id: 'xlsx.formulaNoValue', params: { sheet: at.sheet, cell: at.ref, row: at.row } });
    }
    return null;
  }
  const x = Number(raw.value);
  if (!Number.isFinite(x)) {
    const at = where();
    throw new TuominError('BAD_INPUT', `${placeText(at)}: a number cell that holds no number`, placeLocation(at),
      'the workbook is damaged: save it again from Excel or WPS', { id: 'xlsx.badNumber', params: { sheet: at.sheet, cell: at.ref, row: at.row } });
  }
  const f = format;
  if (f.kind === 'date' || f.kind === 'datetime' || f.kind === 'time' || f.kind === 'elapsed') return temporalText(x, f.kind, date1904, where);
  if (Math.abs(x) >= EXACT_LIMIT) {
    const digits = Math.floor(Math.log10(Math.abs(x))) + 1;
    const at = where();
    throw new TuominError('BAD_INPUT', `${placeText(at)}: a number of ${digits} digits, more than the 15 significant digits a spreadsheet number keeps: its last digits are lost (an identity card, bank card or other long number entered as a number shows as 1.1E+17 or ends in zeros)`, placeLocation(at),
      'these values cannot be recovered from this file: export the column again from the source system as text (in Excel, format the column as Text before pasting, or save as CSV from the system itself), then read that file', { id: 'xlsx.longNumber', params: { sheet: at.sheet, cell: at.ref, row: at.row, digits } });
  }
  const text = numberText(x);
  if (f.kind === 'zeros' && Number.isInteger(x) && x >= 0 && text.length < f.width) return text.padStart(f.width, '0');
  return text;
}

/**
 * A number's text to 15 significant digits, what Excel itself shows at most: the binary double
 * 0.1 + 0.2 is saved as 0.30000000000000004 and read here as 0.3. Plain decimals, no exponent.
 */
export function numberText(x: number): string {
  if (Number.isInteger(x)) return x === 0 ? '0' : String(x);
  const p = x.toPrecision(15);
  const e = p.indexOf('e');
  const mantissa = trimZeros(e < 0 ? p : p.slice(0, e));
  if (e < 0) return mantissa;
  // |x| < 1e-6: toPrecision writes an exponent; spell the decimal out.
  const exp = Number(p.slice(e + 1));
  const neg = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  return `${neg ? '-' : ''}0.${'0'.repeat(-exp - 1)}${digits}`;
}

function trimZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  return s.replace(/\.?0+$/, '');
}

/** A serial day number shown as a date or time: ISO text, to the second. */
function temporalText(x: number, kind: 'date' | 'datetime' | 'time' | 'elapsed', date1904: boolean, where: () => CellPlace): string {
  if (kind === 'elapsed') {
    // [h]:mm:ss: a duration in hours, which may pass 24 (and may be negative).
    const total = Math.round(Math.abs(x) * 86400);
    return `${x < 0 ? '-' : ''}${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
  }
  let seconds = Math.round(x * 86400);
  let day = Math.floor(seconds / 86400);
  seconds -= day * 86400;
  const clock = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  if (kind === 'time' && x >= 0 && x < 1) return clock;
  if (x < 0 || x > LAST_SERIAL + 1 || (!date1904 && (day === 0 || day === 60))) {
    const at = where();
    throw new TuominError('BAD_INPUT', `${placeText(at)}: a date cell whose serial number is no calendar day (${!date1904 && day === 60 ? 'Excel\'s 1900-02-29, a day that never was' : !date1904 && day === 0 ? 'Excel shows 1900-01-00' : 'outside 1900–9999'})`, placeLocation(at),
      'correct the cell in Excel or WPS (or format the column as text if it is no date), save, and read the file again', { id: 'xlsx.badDate', params: { sheet: at.sheet, cell: at.ref, row: at.row } });
  }
  // 1900 system: serials 1–59 count from 1899-12-31 (before the phantom 29 February), 61 on from 1899-12-30.
  day = date1904 ? day - EPOCH_1904 : day < 60 ? day - EPOCH_1900 + 1 : day - EPOCH_1900;
  const date = isoDate(day);
  return kind === 'date' ? date : `${date} ${clock}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `sheet "名单", cell C5`: where the user looks for the cell (the row number is in the location). */
export function placeText(at: CellPlace): string {
  return `sheet "${at.sheet}", cell ${at.ref}`;
}

export function placeLocation(at: CellPlace): { file: string; row: number; column?: string } {
  return { file: at.file, row: at.row, ...(at.column !== undefined ? { column: at.column } : {}) };
}
