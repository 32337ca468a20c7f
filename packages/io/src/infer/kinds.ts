import { Bool, DateDay, Float64, Int64, TimestampMillisecond, Type, Utf8 } from 'apache-arrow';
import type { DataType } from 'apache-arrow';
import { foldingParser } from '@tuomin/core/internal';
import { parseBoolean, parseCompactDate, parseDate, parseDecimal, parseInteger, parseTimestamp } from './parse.js';

/** What inference can decide for a text column. */
export type InferredKind = 'integer' | 'decimal' | 'boolean' | 'date' | 'timestamp' | 'string';

export type ByteParser = (src: Uint8Array, s: number, e: number) => number;

export function arrowTypeOf(kind: InferredKind): DataType {
  switch (kind) {
    case 'integer': return new Int64();
    case 'decimal': return new Float64();
    case 'boolean': return new Bool();
    case 'date': return new DateDay();
    case 'timestamp': return new TimestampMillisecond();
    default: return new Utf8();
  }
}

/** The kind a cast to `type` parses, or null when text cannot be cast to it here. */
export function kindOfType(type: DataType): InferredKind | null {
  switch (type.typeId) {
    case Type.Int: return 'integer';
    case Type.Float: return 'decimal';
    case Type.Bool: return 'boolean';
    case Type.Date: return 'date';
    case Type.Timestamp: return 'timestamp';
    case Type.Utf8:
    case Type.LargeUtf8: return 'string';
    default: return null;
  }
}

/**
 * The parsers inference tries, each reading full-width digits as digits (core kernels/full-width.ts,
 * the one definition the profiler and normalize's cast share): ２３ is an integer, ２０２５－０７－０１ a date.
 */
export const inferParsers = {
  integer: foldingParser(parseInteger),
  decimal: foldingParser(parseDecimal),
  boolean: foldingParser(parseBoolean),
  date: foldingParser(parseDate),
  compactDate: foldingParser(parseCompactDate),
  timestamp: foldingParser(parseTimestamp),
} as const;

/** Casting is a little more lenient than inference: a date column also takes 20240813. Full-width digits are read as inference reads them. */
export function castParser(kind: InferredKind): ByteParser {
  return foldingParser(asciiCastParser(kind));
}

function asciiCastParser(kind: InferredKind): ByteParser {
  switch (kind) {
    case 'integer': return parseIntegerLoose;
    case 'decimal': return parseNumberLoose;
    case 'boolean': return parseBoolean;
    case 'date': return (src, s, e) => {
      const d = parseDate(src, s, e);
      return d === d ? d : parseCompactDate(src, s, e);
    };
    case 'timestamp': return parseTimestamp;
    default: return () => NaN;
  }
}

/** Integer with leading zeros allowed (an explicit cast asked for it), at most 15 digits. */
function parseIntegerLoose(src: Uint8Array, s: number, e: number): number {
  let i = s;
  while (i < e - 1 && src[i] === 0x30) i++;
  if (i > s && (src[s] === 0x2d || src[s] === 0x2b)) return NaN;
  return parseInteger(src, i, e);
}

function parseNumberLoose(src: Uint8Array, s: number, e: number): number {
  const v = parseDecimal(src, s, e);
  return v === v ? v : parseIntegerLoose(src, s, e);
}
