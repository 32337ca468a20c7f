import type { Schema } from 'apache-arrow';
import { TuominError } from '@tuomin/core/internal';
import type { BadRecord } from './record-parser.js';

const SKIP_HINT = 'or let bad rows go to a reject file (onBadRow: skip; tuomin convert --on-bad-row skip; source.csv.onBadRow in a spec)';

/**
 * The error of a malformed CSV record (ragged, unterminated quote, a character after a closing
 * quote), for the sequential reader and for a partition alike: a partition gives its own line
 * (from its start) and the file's byte offset, and the coordinator moves the line past the
 * earlier partitions' lines, so the user reads the same error either way. Never the row's values.
 */
export function badRowError(bad: BadRecord, at: { file: string; line: number; byteOffset: number }, schema: Schema, delimiter: string): TuominError {
  const ncols = schema.fields.length;
  const where: { file: string; line: number; byteOffset: number; column?: string } = { ...at };
  // Quote errors happen inside a known field: name its column.
  const field = schema.fields[bad.fields - 1];
  if (bad.kind !== 'ragged' && field !== undefined) where.column = field.name;
  const shown = delimiter === '\t' ? '\\t' : delimiter;
  if (bad.kind === 'ragged') {
    const what = bad.fields < ncols ? 'too few' : 'too many';
    return new TuominError(
      'BAD_INPUT',
      `ragged row: ${bad.fields} field${bad.fields === 1 ? '' : 's'} where the header has ${ncols} (${what})`,
      where,
      `fix the row (quote fields that contain "${shown}"), check the delimiter (--delimiter; source.csv.delimiter in a spec), ${SKIP_HINT}`,
      { id: 'csv.ragged', params: { fields: bad.fields, ncols, delimiter: shown } },
    );
  }
  if (bad.kind === 'unterminated-quote') {
    return new TuominError('BAD_INPUT', 'unterminated quote: this quoted field is never closed', where,
      `close the quote, or write a quote inside a quoted field as ""; ${SKIP_HINT}`, { id: 'csv.unterminatedQuote' });
  }
  return new TuominError('BAD_INPUT', 'unexpected character after a closing quote', where,
    `a quoted field must end with a quote followed by the delimiter or the line end; write a quote inside it as ""; ${SKIP_HINT}`, { id: 'csv.afterQuote' });
}
