/**
 * One error type for everything a user can fix: bad input, bad spec, bad key.
 * It always says where (file, line, column, byte offset, spec path), which rule, and what to do.
 */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'BAD_SPEC'
  | 'BAD_KEY'
  | 'BAD_VALUE'
  | 'UNSUPPORTED'
  | 'SECURITY_REVIEW'
  | 'NORMATIVE_REVIEW'
  | 'PRIVACY'
  | 'IO'
  /** This machine's resources ran out (a worker thread's memory): the input and the spec are fine, ask for less or give more. */
  | 'RESOURCE';

export interface ErrorLocation {
  file?: string;
  line?: number;
  byteOffset?: number;
  column?: string;
  row?: number;
  rule?: string;
  path?: string;
}

/**
 * A stable id for a message and the values it names (counts, numbers, names of columns and rules;
 * never a value of a cell), so a front end can word it in the user's language. The English
 * `message` stays the library's text; the CLI's catalogue (packages/cli/src/messages) holds the
 * other languages by id.
 */
export interface MessageRef {
  id: string;
  /** Lists (column names, spec paths) as arrays, so a front end joins them its own way. */
  params?: Record<string, string | number | readonly string[]>;
}

export class TuominError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  readonly hint: string | undefined;
  /** The message as thrown, without the location in front and the hint after it. */
  readonly detail: string;
  readonly text: MessageRef | undefined;

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}, hint?: string, text?: MessageRef) {
    super(formatMessage(message, location, hint));
    this.name = 'TuominError';
    this.code = code;
    this.location = location;
    this.hint = hint;
    this.detail = message;
    this.text = text;
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.location, ...(this.hint ? { hint: this.hint } : {}) };
  }
}

function formatMessage(message: string, loc: ErrorLocation, hint?: string): string {
  const where: string[] = [];
  if (loc.file !== undefined) where.push(loc.file);
  if (loc.line !== undefined) where.push(`line ${loc.line}`);
  if (loc.byteOffset !== undefined) where.push(`byte ${loc.byteOffset}`);
  if (loc.row !== undefined) where.push(`row ${loc.row}`);
  if (loc.column !== undefined) where.push(`column "${loc.column}"`);
  if (loc.path !== undefined) where.push(loc.path);
  if (loc.rule !== undefined) where.push(`rule ${loc.rule}`);
  const head = where.length ? `${where.join(', ')}: ` : '';
  return `${head}${message}${hint ? `\n  hint: ${hint}` : ''}`;
}
