import type { Transform } from '../../pipeline/transform.js';
import { columnTransform } from '../generalize/column-transform.js';
import { utf8Plan } from '../generalize/utf8-plan.js';
import { DEFAULT_NULL_TOKENS, fullwidthKernel, nullTokensKernel, trimKernel, upperKernel } from './text-kernels.js';

/** Trim whitespace (incl. U+3000 and U+00A0) and, by default, collapse inner runs to one space. */
export function trimWhitespace(options: { columns: string[]; collapse?: boolean | undefined }): Transform {
  const k = trimKernel(options.collapse ?? true);
  return columnTransform('trim', options.columns, (f) => utf8Plan('trim', f, k, 0, 'text'));
}

/** Full-width ASCII forms (ＡＢＣ１２３！) and the ideographic space to their half-width forms. */
export function fullwidthToHalfwidth(options: { columns: string[] }): Transform {
  return columnTransform('fullwidth', options.columns, (f) => utf8Plan('fullwidth', f, fullwidthKernel, 0, 'text'));
}

/** Values equal to a null token (default: '', NULL, null, Null, N/A, n/a, 无, -, --, —, /, 空) become null. */
export function nullTokens(options: { columns: string[]; tokens?: string[] | undefined }): Transform {
  const k = nullTokensKernel(options.tokens ?? DEFAULT_NULL_TOKENS);
  return columnTransform('null-tokens', options.columns, (f) => utf8Plan('null-tokens', f, k, 0, 'text'));
}

/** ASCII letters to upper case (codes: 11010519491231002x → …X). */
export function upperCase(options: { columns: string[] }): Transform {
  return columnTransform('upper', options.columns, (f) => utf8Plan('upper', f, upperKernel, 0, 'text'));
}
