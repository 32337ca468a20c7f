import { nameHoldsPersonalData } from '../scan/scan-texts.js';

/**
 * What a spec error may repeat of what was typed. A free field (updateFrequency, a rule type, a
 * key name) may hold a phone, an ID or a key pasted in the wrong place, and errors reach logs and
 * --json: such a value is quoted only when it has the shape of a misspelt word (ASCII letters,
 * inner - or _, at most 20 characters: no digits, no Han characters that could be a name);
 * otherwise the message names the path and line only.
 */
const WORD = /^[A-Za-z](?:[A-Za-z_-]{0,18}[A-Za-z])?$/;

export function quoteWord(value: unknown): string | null {
  return typeof value === 'string' && WORD.test(value) ? `"${value}"` : null;
}

/** A column name (a header) is quoted unless it holds personal data, as reports name columns. */
export function quoteColumn(name: string): string | null {
  return nameHoldsPersonalData(name) ? null : `"${name}"`;
}
