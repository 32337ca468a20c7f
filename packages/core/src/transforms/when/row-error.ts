import { TuominError } from '../../errors.js';

/**
 * The inner rule numbers rows among the rows it was given (1-based, `givenBefore` of them in
 * earlier batches); a user needs the row of the whole input. `rows` are the batch positions of the
 * matching rows, `inputBefore` the input rows before this batch. Errors without a row, or with a
 * row outside this batch, pass unchanged.
 */
export function rowInWholeInput(err: unknown, givenBefore: number, rows: Int32Array, inputBefore: number): unknown {
  if (!(err instanceof TuominError) || err.location.row === undefined) return err;
  const j = err.location.row - givenBefore - 1;
  if (j < 0 || j >= rows.length) return err;
  // The message id and its figures too: a front end words the error the inner rule threw.
  const moved = new TuominError(err.code, err.detail, { ...err.location, row: inputBefore + rows[j]! + 1 }, err.hint, err.text);
  if (err.stack !== undefined) moved.stack = err.stack.replace(err.message, moved.message);
  return moved;
}

