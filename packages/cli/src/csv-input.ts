import type { CsvReadOptions } from '@tuomin/io';
import { parseEncoding, usageError } from './usage.js';

/**
 * The CSV reader flags, described once for every command that reads a CSV (convert, profile):
 * the parseArgs definitions, the usage lines, and their parsing into reader options.
 */
export const CSV_INPUT_FLAGS = {
  delimiter: { type: 'string' },
  encoding: { type: 'string' },
  'no-header': { type: 'boolean' },
  'null-token': { type: 'string', multiple: true },
  'on-bad-row': { type: 'string' },
} as const;

const DELIMITERS: Record<string, NonNullable<CsvReadOptions['delimiter']>> = { ',': ',', ';': ';', tab: '\t', '\t': '\t', '\\t': '\t', '|': '|', auto: 'auto' };

/** Usage lines of the flags; `skipped` says where --on-bad-row skip puts the rows it skips. */
export function csvInputUsage(skipped: string): string {
  return `  --delimiter D         , ; tab | or auto (default: detected)
  --encoding E          utf-8, gb18030, gbk or auto (default: detected)
  --no-header           the first line is data; columns are named column_1..n
  --null-token T        an unquoted field equal to T is null (repeatable; e.g. --null-token '' --null-token 无)
  --on-bad-row M        error (default): stop at a ragged row or unterminated quote;
                        skip: ${skipped}`;
}

export interface CsvInputValues {
  delimiter?: string | undefined;
  encoding?: string | undefined;
  'no-header'?: boolean | undefined;
  'null-token'?: string[] | undefined;
  'on-bad-row'?: string | undefined;
}

/** Reader options from the flags; a bad value is a usage error of `command`. */
export function csvInputOptions(values: CsvInputValues, command: string, usage: string): CsvReadOptions {
  const csv: CsvReadOptions = {};
  if (values.delimiter !== undefined) {
    const d = DELIMITERS[values.delimiter];
    if (!d) return usageError(command, usage, `--delimiter must be one of , ; tab | auto (got ${JSON.stringify(values.delimiter)})`);
    csv.delimiter = d;
  }
  const encoding = parseEncoding(values.encoding, command, usage);
  if (encoding !== undefined) csv.encoding = encoding;
  if (values['no-header']) csv.header = false;
  if (values['null-token']) csv.nullTokens = values['null-token'];
  const onBadRow = values['on-bad-row'];
  if (onBadRow !== undefined && onBadRow !== 'error' && onBadRow !== 'skip') {
    return usageError(command, usage, `--on-bad-row must be error or skip (got ${JSON.stringify(onBadRow)})`);
  }
  if (onBadRow) csv.onBadRow = onBadRow;
  return csv;
}
