/** Options and results of the CSV reader and writer (the public names other packages code against). */

export type CsvDelimiter = ',' | ';' | '\t' | '|';
export type CsvEncoding = 'utf-8' | 'gb18030' | 'gbk';

export interface CsvReadOptions {
  /** Field separator; 'auto' (default) picks among , ; tab | by consistent field counts. */
  delimiter?: CsvDelimiter | 'auto';
  /** 'auto' (default): UTF-8 if the first 64 KiB are valid UTF-8, else GB18030. A UTF-8 BOM always wins. */
  encoding?: CsvEncoding | 'auto';
  /** First line holds column names (default true); otherwise columns are column_1..n. */
  header?: boolean;
  /** Unquoted fields whose raw bytes equal one of these become null. Default []: nothing is null. */
  nullTokens?: string[];
  /** Rows per RecordBatch, default 65536. */
  batchSize?: number;
  /** 'error' (default) stops at the first ragged row or unterminated quote; 'skip' sends it to the reject file. */
  onBadRow?: 'error' | 'skip';
  /**
   * Where skipped rows go (raw bytes, original encoding); created only when there are rejects.
   * Default: <file>.rejects.csv beside the input. null: count them only, write them nowhere (a
   * second pass over a file whose rejects the first pass already wrote).
   */
  rejectPath?: string | null;
}

/** Knobs for tests and tuning; not part of the documented option set. */
export interface CsvInternalOptions {
  /** Bytes per read from the file (default 4 MiB); tiny values exercise chunk boundaries. */
  chunkSize?: number;
  /** A record that has not ended within this many bytes is an error (default 64 MiB). */
  maxRecordBytes?: number;
}

export interface CsvStats {
  rows: number;
  bytes: number;
  badRows: number;
  encoding: string;
  delimiter: string;
  headerRenames: Array<{ index: number; from: string; to: string }>;
}

export interface CsvWriteOptions {
  /** Write a UTF-8 byte order mark first (for Excel). Default false. */
  bom?: boolean;
  /** Default ','. */
  delimiter?: string;
  /** Text written for a null. Default '' (an empty field); empty strings are then written as "". */
  nullToken?: string;
  /** Write the column names first. Default true. */
  header?: boolean;
  /** Line terminator, default '\n'. */
  newline?: '\n' | '\r\n';
  /**
   * Write a ' before every text value that starts with = + - @ tab or CR, so a spreadsheet opening
   * the file shows it instead of running it as a formula (OWASP "CSV injection"). Default false:
   * it changes the values (a machine reading the CSV sees 'text), and the XLSX copy is the one
   * for spreadsheet users (it stores text as text, never as a formula). See docs/formats.md.
   */
  escapeFormulas?: boolean;
}

export interface WriteResult {
  path: string;
  rows: number;
  bytes: number;
}

export interface ResolvedReadOptions {
  delimiter: CsvDelimiter | 'auto';
  encoding: CsvEncoding | 'auto';
  header: boolean;
  nullTokens: string[];
  batchSize: number;
  onBadRow: 'error' | 'skip';
  chunkSize: number;
  maxRecordBytes: number;
}

const DELIMITERS = [',', ';', '\t', '|', 'auto'];
const ENCODINGS = ['utf-8', 'gb18030', 'gbk', 'auto'];

/** Fill defaults and reject nonsense early (a TypeError: these are programming errors, the CLI validates user input). */
export function resolveReadOptions(o: CsvReadOptions & CsvInternalOptions = {}): ResolvedReadOptions {
  const delimiter = o.delimiter ?? 'auto';
  if (!DELIMITERS.includes(delimiter)) throw new TypeError(`delimiter must be one of , ; tab | auto, got ${JSON.stringify(delimiter)}`);
  const enc = (o.encoding ?? 'auto').toLowerCase().replace(/^utf8$/, 'utf-8') as CsvEncoding | 'auto';
  if (!ENCODINGS.includes(enc)) throw new TypeError(`encoding must be one of utf-8, gb18030, gbk, auto, got ${JSON.stringify(o.encoding)}`);
  const batchSize = o.batchSize ?? 65536;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new TypeError(`batchSize must be a positive integer, got ${batchSize}`);
  const chunkSize = o.chunkSize ?? 4 * 1024 * 1024;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new TypeError(`chunkSize must be a positive integer`);
  return {
    delimiter,
    encoding: enc,
    header: o.header ?? true,
    nullTokens: o.nullTokens ?? [],
    batchSize,
    onBadRow: o.onBadRow ?? 'error',
    chunkSize,
    maxRecordBytes: o.maxRecordBytes ?? 64 * 1024 * 1024,
  };
}
