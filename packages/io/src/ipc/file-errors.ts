import { open } from 'node:fs/promises';
import { TuominError } from '@tuomin/core';

/** A file that cannot be opened: say which, why (the OS reason), and what to check. */
export function openError(path: string, err: unknown): TuominError {
  const code = (err as { code?: string })?.code;
  const reason =
    code === 'ENOENT' ? 'file not found'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a folder, not a file'
    : `cannot open (${code ?? (err instanceof Error ? err.message : String(err))})`;
  return new TuominError('IO', `cannot read input: ${reason}`, { file: path }, 'check the path and that the file is readable', { id: 'input.cannotRead', params: { errno: code ?? '' } });
}

/** A file that opens but is not valid in the expected format. */
export function badFileError(path: string, format: string, err: unknown): TuominError {
  if (err instanceof TuominError) return err;
  // A TypeError, RangeError or wasm trap from inside apache-arrow or parquet-wasm says where
  // their code broke ("Cannot destructure property 'offset' of 'data'"), not what is wrong with
  // the file: not quoted.
  const internal = err instanceof TypeError || err instanceof RangeError || (err instanceof Error && err.name === 'RuntimeError');
  const detail = internal ? 'its structure is damaged: the decoder failed on it' : err instanceof Error ? err.message : String(err);
  return new TuominError(
    'BAD_INPUT',
    `not a valid ${format} file (${detail.split('\n')[0]})`,
    { file: path },
    `check that the file really is ${format} and is not truncated; the extension decides the format`,
    { id: 'input.notFormat', params: { format } },
  );
}

/** Fail early, with `openError`, when `path` is missing, a folder, or not readable. */
export async function checkReadable(path: string): Promise<void> {
  try {
    const h = await open(path, 'r');
    try {
      const s = await h.stat();
      if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    } finally {
      await h.close();
    }
  } catch (err) {
    throw openError(path, err);
  }
}
