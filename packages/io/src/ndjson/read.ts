import { createReadStream } from 'node:fs';
import { Field, Schema, Utf8 } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import type { BatchSource } from '@tuomin/core';
import { rowsSource } from '../rows/rows.js';
import { reopenToReplay } from '../rows/reopen.js';
import type { Row } from '../rows/rows.js';
import type { InferOptions } from '../infer/infer.js';
import { checkReadable, openError } from '../ipc/file-errors.js';
import { findJsonSyntaxError } from './json-syntax.js';
import { MARK_ESCAPE, MARK_IN_TEXT, quoteLongNumbers, restoreLongNumbers } from './long-numbers.js';
import { MAX_JSON_DEPTH, checkLineShape, keysMatch, scanLine } from './line-shape.js';
import { heldBack, linesBeforeInvalidUtf8 } from './utf8-line.js';
import { keyParam, keyShown, shownKey } from '../rows/shown-key.js';

export interface NdjsonReadOptions {
  /** Rows per batch. Default 65,536. */
  batchSize?: number;
  /** Infer column types from the first rows (default off: every column is text, numbers as written). */
  infer?: boolean | InferOptions;
  /** Rows read ahead to collect the column names (union of keys, in order seen). Default: batchSize. */
  inferFrom?: number;
}

/**
 * Read NDJSON / JSON Lines: one JSON object per line; blank lines are skipped. Keys become
 * columns (names from the first rows); `null` and missing keys are nulls; strings stay as they
 * are, numbers and booleans become their JSON text unless `infer` is set. A line that is not a
 * JSON object is an error naming file and line.
 */
export async function readNdjson(path: string, options: NdjsonReadOptions = {}): Promise<BatchSource> {
  await checkReadable(path);
  return reopenToReplay(() =>
    rowsSource(jsonLines(path), {
      batchSize: options.batchSize ?? 65536,
      name: path,
      ...(options.inferFrom !== undefined ? { inferFrom: options.inferFrom } : {}),
      ...(options.infer !== undefined ? { infer: options.infer } : {}),
    }));
}

/** Parsed objects of each non-blank line, streaming. */
export function jsonLines(path: string): AsyncIterable<Row> {
  return jsonLineRange(path);
}

/**
 * A range of whole lines of an NDJSON file (for partitions, partition/ndjson.ts): the bytes
 * [start, end) are read, `linesBefore` lines precede them (so errors name the file's line), and
 * a key outside `keys`, when given, is an error as in the sequential reader (whose names come
 * from the first rows of the file, not of the range). `counted.lines` is the number of lines
 * read (blank ones included) once the range is done. The byte order mark is dropped only at
 * the start of the file, as jsonLines does.
 */
export async function* jsonLineRange(
  path: string,
  range: { start: number; end: number; linesBefore: number } | null = null,
  keys: ReadonlySet<string> | null = null,
  counted: { lines: number } = { lines: 0 },
): AsyncIterable<Row> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  let line = range ? range.linesBefore : 0;
  let first = range === null || range.start === 0;
  const parse = (text: string): Row | null => {
    line++;
    counted.lines++;
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length === 0 || /^\s*$/.test(text)) return null;
    const scan = scanLine(text);
    if (scan.tooDeepAt >= 0) {
      throw new TuominError('BAD_INPUT', `JSON nested deeper than ${MAX_JSON_DEPTH} levels at character ${characterColumn(text, scan.tooDeepAt)} of the line`, { file: path, line },
        `a row is one object of values; flatten nested data before reading (at most ${MAX_JSON_DEPTH} levels)`, { id: 'ndjson.tooDeep', params: { max: MAX_JSON_DEPTH, at: characterColumn(text, scan.tooDeepAt) } });
    }
    let v: unknown;
    const quoted = quoteLongNumbers(text, MARK_IN_TEXT);
    try {
      v = JSON.parse(quoted);
    } catch {
      // Never V8's message: it quotes the text around the error, which may be personal data.
      throw notJsonError(path, line, text);
    }
    const shape = keysMatch(v, scan.members) ? null : checkLineShape(text);
    if (shape?.kind === 'duplicate-key') {
      // JSON.parse keeps the last value: the row would silently say one of two things.
      const key = shownKey(shape.key);
      throw new TuominError('BAD_INPUT', `duplicate key ${key} in one object (at character ${characterColumn(text, shape.index)} of the line)`, { file: path, line },
        'each key may appear once per object; remove or rename one of them', { id: 'ndjson.duplicateKey', params: { key: keyParam(shape.key), at: characterColumn(text, shape.index) } });
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new TuominError('BAD_INPUT', `line is JSON but not an object`, { file: path, line }, 'each line must be one JSON object such as {"name": "..."}', { id: 'ndjson.notObject' });
    }
    if (quoted !== text) {
      const mark = text.search(MARK_ESCAPE);
      if (mark >= 0) {
        throw new TuominError('BAD_INPUT', `a number of more than 15 digits and the escape \\u0001 on one line (at character ${characterColumn(text, mark)}): the number could not be kept digit for digit`, { file: path, line },
          'write the long number as a string ("…"), or remove the control character U+0001 from the line', { id: 'ndjson.longNumberMark', params: { at: characterColumn(text, mark) } });
      }
      restoreLongNumbers(v as Record<string, unknown>);
    }
    if (keys !== null) {
      for (const key in v) {
        if (!keys.has(key)) {
          const at = text.indexOf(JSON.stringify(key));
          const shown = shownKey(key) + (at >= 0 && !keyShown(key) ? ` at character ${characterColumn(text, at)} of the line` : '');
          throw new TuominError('BAD_INPUT', `unexpected key ${shown} not seen in the first rows`, { file: path, line }, 'list every key in the first line (a null value is enough)', { id: 'ndjson.unexpectedKey', params: { key: keyParam(key) } });
        }
      }
    }
    return v as Row;
  };
  let previous: Uint8Array = new Uint8Array(0);
  try {
    // An empty range reads nothing (createReadStream's end is inclusive, so end - 1 < start would read on).
    const stream = range === null ? createReadStream(path) : range.end > range.start ? createReadStream(path, { start: range.start, end: range.end - 1 }) : [];
    for await (const chunk of stream) {
      let text: string;
      try {
        text = rest + decoder.decode(chunk as Buffer, { stream: true });
      } catch {
        throw notUtf8Error(path, line + 1 + linesBeforeInvalidUtf8(heldBack(previous), chunk as Buffer));
      }
      previous = chunk as Buffer;
      let start = 0;
      for (;;) {
        const nl = text.indexOf('\n', start);
        if (nl < 0) break;
        const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        const row = parse(text.slice(start, end));
        if (row) yield row;
        start = nl + 1;
      }
      rest = text.slice(start);
    }
  } catch (err) {
    if (err instanceof TuominError) throw err;
    throw openError(path, err);
  }
  try {
    rest += decoder.decode();
  } catch {
    // The file ends inside a character: the last line is cut.
    throw notUtf8Error(path, line + 1);
  }
  if (rest.length > 0) {
    const row = parse(rest.endsWith('\r') ? rest.slice(0, -1) : rest);
    if (row) yield row;
  }
}

function notUtf8Error(file: string, line: number): TuominError {
  return new TuominError('BAD_INPUT', 'bytes are not valid UTF-8', { file, line }, 'NDJSON must be UTF-8; convert the file first (for example from GB18030)', { id: 'ndjson.notUtf' });
}

/** Names file, line and, when it can be found, the character position; quotes nothing from the line. */
function notJsonError(file: string, line: number, text: string): TuominError {
  const at = findJsonSyntaxError(text);
  const where = at === null ? '' : ` at character ${characterColumn(text, at.index)} of the line: ${at.problem}`;
  return new TuominError('BAD_INPUT', `not valid JSON${where}`, { file, line }, 'each line must be one JSON object such as {"name": "..."}; correct or remove this line',
    // The position and the parser's English word for the problem; nothing from the line.
    { id: 'ndjson.notJson', params: { at: at === null ? 0 : characterColumn(text, at.index), problem: at === null ? '' : at.problem } });
}

/** 1-based position in characters (a character outside the BMP counts once, as an editor shows it). */
function characterColumn(text: string, index: number): number {
  let column = 1;
  for (let k = 0; k < index; k++) {
    const c = text.charCodeAt(k);
    if (c < 0xdc00 || c > 0xdfff) column++;
  }
  return column;
}

/**
 * The column names readNdjson gives the file (the keys of its first rows, in the order seen), found
 * the same way: the first `inferFrom` (default batchSize) rows through rowsSource, then the file
 * is closed. A partition plan fixes them once for every partition.
 */
export async function ndjsonColumns(path: string, options: Pick<NdjsonReadOptions, 'batchSize' | 'inferFrom'> = {}): Promise<string[]> {
  await checkReadable(path);
  const ahead = Math.max(1, options.inferFrom ?? options.batchSize ?? 65536);
  async function* firstRows(): AsyncIterable<Row> {
    let n = 0;
    if (n >= ahead) return;
    for await (const row of jsonLines(path)) {
      yield row;
      if (++n >= ahead) return; // leaving the loop closes the file
    }
  }
  const source = await rowsSource(firstRows(), { batchSize: options.batchSize ?? 65536, inferFrom: ahead, name: path });
  return source.schema.fields.map((f) => f.name);
}

/**
 * Whole lines [start, end) of an NDJSON file read as a source with the given column names (a
 * partition; the names come from ndjsonColumns over the whole file). Text columns, as readNdjson
 * without `infer`. `counts()` after the pass: rows, and lines read (blank lines included).
 */
export function readNdjsonRange(
  path: string,
  range: { start: number; end: number; linesBefore: number },
  columns: readonly string[],
  options: Pick<NdjsonReadOptions, 'batchSize'> = {},
): BatchSource & { counts(): { rows: number; lines: number } } {
  const counted = { lines: 0 };
  let rows = 0;
  const schema = new Schema(columns.map((n) => new Field(n, new Utf8(), true)));
  return {
    schema,
    replayable: false,
    counts: () => ({ rows, lines: counted.lines }),
    async *batches() {
      counted.lines = 0;
      rows = 0;
      const lines = jsonLineRange(path, range, new Set(columns), counted);
      // Every row's keys were checked against `columns` above; rowsSource picks them by name.
      const source = await rowsSource(lines, { batchSize: options.batchSize ?? 65536, inferFrom: 1, columns: [...columns], name: path });
      for await (const b of source.batches()) {
        rows += b.numRows;
        yield b;
      }
    },
  };
}
