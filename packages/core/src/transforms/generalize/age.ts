import { Int32, Type, Utf8 } from 'apache-arrow';
import type { Data, Field, Timestamp } from 'apache-arrow';
import { CHANGED, isStringType, newCounts, type MapCounts, type Utf8Kernel } from '../../kernels/utf8.js';
import { Binner, type BinSpec } from './binner.js';
import { numbersToLabels } from './bins.js';
import { civilFromDays, daysInMonth, int32Halves, readInt64 } from '../../kernels/civil-date.js';
import { newParsedDate, parseDateBytes } from './date-bytes.js';
import { makeFixedData, rebasedValidity } from './fixed-out.js';
import { idBirth, idChecksumOk, idShape } from '../../kernels/id-number.js';
import { BAD_ERROR, BAD_NULL, invalidValueError, writeInvalid } from './on-invalid.js';
import { ageLabels, idAgeBands } from './age-bands.js';
import { utf8Plan } from './utf8-plan.js';
import { zoneOffsetMinutes } from './date-trunc.js';
import { parseStrings, type ByteParser } from './parse-strings.js';
import { unsupportedType, type ColumnPlan } from './column-transform.js';

export interface AgeOptions {
  /** Read the birth date from a date column (Date, Timestamp or date strings) or from an 18/15-digit ID. */
  from: 'date' | 'id';
  /** Reference day number (days since 1970-01-01). */
  asOfDay: number;
  bins?: BinSpec | undefined;
  verifyChecksum?: boolean | undefined;
  /** Zone for the calendar day of a Timestamp birth date (minutes east of UTC); default: the column's zone. */
  tzOffsetMinutes?: number | undefined;
}

/**
 * Completed years between a birth date (packed y*10000+m*100+d) and asOf: the age goes up on the
 * birthday itself; someone born on 29 February gets older on 1 March in common years. NaN when the
 * birth date is not a calendar date or lies after asOf.
 */
export function ageAt(birth: number, asOf: number): number {
  const y = (birth / 10000) | 0, m = ((birth / 100) | 0) % 100, d = birth % 100;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  const ay = (asOf / 10000) | 0;
  const age = ay - y - (asOf % 10000 < birth % 10000 ? 1 : 0);
  return age >= 0 ? age : NaN;
}

function idAgeParser(asOf: number, verify: boolean): ByteParser {
  return (src, s, e) => {
    const shape = idShape(src, s, e);
    if (shape === 0 || (verify && shape === 18 && !idChecksumOk(src, s))) return NaN;
    return ageAt(idBirth(src, s, shape), asOf);
  };
}

function dateAgeParser(asOf: number): ByteParser {
  const p = newParsedDate();
  return (src, s, e) => (parseDateBytes(src, s, e, p) ? ageAt(p.y * 10000 + p.m * 100 + p.d, asOf) : NaN);
}

/** Ages from day numbers (Date32), or from 64-bit times with `unitsPerDay` (Date64, Timestamp). */
function agesFromTimes(data: Data, asOf: number, unitsPerDay: number, offset = 0): { values: Float64Array; validity: Uint8Array; nulls: number; invalid: number; firstInvalid: number } {
  const n = data.length;
  const values = new Float64Array(n);
  const validity = rebasedValidity(data) ?? new Uint8Array(((n + 63) >> 6) << 3).fill(0xff);
  const nulls = data.nullCount;
  let invalid = 0;
  let firstInvalid = -1;
  const days32 = unitsPerDay === 1 ? (data.values as Int32Array) : null;
  const halves = days32 ? null : int32Halves(data.values as BigInt64Array);
  for (let i = 0; i < n; i++) {
    if (((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue;
    // `offset` (in the column's units) moves a zoned timestamp to its local calendar day.
    const day = days32 ? days32[i]! : Math.floor((readInt64(halves!, i) + offset) / unitsPerDay);
    const a = ageAt(civilFromDays(day), asOf);
    if (a !== a) {
      invalid++;
      if (firstInvalid < 0) firstInvalid = i;
      validity[i >> 3]! &= ~(1 << (i & 7));
    } else values[i] = a;
  }
  return { values, validity, nulls, invalid, firstInvalid };
}

const perDay = [86_400, 86_400_000, 86_400_000_000, 86_400_000_000_000];

export function agePlan(rule: string, field: Field, opts: AgeOptions, badCode: number): ColumnPlan {
  const asOf = civilFromDays(opts.asOfDay);
  const binner = opts.bins ? new Binner(opts.bins) : null;
  const t = field.type;
  let parse: (d: Data) => ReturnType<typeof agesFromTimes>;
  const what = opts.from === 'id' ? 'an ID number with a valid birth date' : 'a birth date on or before asOf';
  if (isStringType(t)) {
    const parser = opts.from === 'id' ? idAgeParser(asOf, opts.verifyChecksum ?? false) : dateAgeParser(asOf);
    if (binner) {
      // String in, band label out, in one pass (dictionaries: once per entry, and they stay dictionaries).
      const band: Utf8Kernel = (src, s, e, out) => {
        const a = parser(src, s, e);
        if (a !== a) return writeInvalid(badCode, src, s, e, out);
        binner.writeLabel(binner.slot(a), out);
        return CHANGED;
      };
      const general = utf8Plan(rule, field, band, badCode, what);
      if (opts.from !== 'id' || (badCode !== BAD_NULL && badCode !== BAD_ERROR) || t.typeId === Type.Dictionary) return general;
      // Plain chunks of IDs with invalid values nulled (the default): the fused loop in age-bands.ts.
      const labels = ageLabels(binner);
      const verify = opts.verifyChecksum ?? false;
      return {
        kernel(data: Data, counts: MapCounts, rowBase: number): Data {
          const r = idAgeBands(data, asOf, verify, parser, binner, labels, counts);
          if (r.firstInvalid >= 0 && badCode === BAD_ERROR) throw invalidValueError(field.name, rule, rowBase + r.firstInvalid + 1, what);
          return r.out;
        },
      };
    }
    parse = (d) => parseStrings(d, parser);
  } else if (opts.from === 'date' && t.typeId === Type.Date) {
    const ms = (t as unknown as { unit: number }).unit === 1;
    parse = (d) => agesFromTimes(d, asOf, ms ? 86_400_000 : 1);
  } else if (opts.from === 'date' && t.typeId === Type.Timestamp) {
    const u = perDay[(t as Timestamp).unit as number]!;
    // Born at local midnight in Shanghai is 16:00 UTC the day before: the age follows the local day.
    const offset = zoneOffsetMinutes(field, rule, opts.tzOffsetMinutes) * (u / 1440);
    parse = (d) => agesFromTimes(d, asOf, u, offset);
  } else {
    throw unsupportedType(rule, field, opts.from === 'id' ? 'a string column of ID numbers' : 'a Date, Timestamp or date-string column');
  }
  return {
    type: binner ? new Utf8() : new Int32(),
    kernel(data: Data, counts: MapCounts, rowBase: number): Data {
      const p = parse(data);
      if (p.invalid > 0 && badCode === BAD_ERROR) throw invalidValueError(field.name, rule, rowBase + p.firstInvalid + 1, what);
      const n = data.length;
      const ages = new Int32Array(n);
      for (let i = 0; i < n; i++) ages[i] = p.values[i]!;
      const nullCount = p.nulls + p.invalid;
      counts.rowsSeen += n;
      counts.nulls += p.nulls;
      counts.valuesChanged += n - p.nulls;
      counts.invalid += p.invalid;
      const ageData = makeFixedData(new Int32(), n, ages, p.validity, nullCount);
      return binner ? numbersToLabels(ageData, binner, newCounts(), badCode, field.name, rowBase) : ageData;
    },
  };
}
