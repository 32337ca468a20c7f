import { closest, t } from '../messages/index.js';
import { OptionValueError } from './table.js';
import { parseIsoDate, strictNumber } from '../usage.js';

/** Value parsers for the option tables; each refuses with a message in the user's language. */
const shown = (raw: string) => JSON.stringify(raw);

export const text = (raw: string) => raw;

/** A non-empty text (a path, a version, a reason). */
export function nonEmpty(raw: string, flag: string): string {
  if (raw.trim() === '') throw new OptionValueError(t('usage.empty', { flag }));
  return raw;
}

/** A comma-separated list of names; blanks dropped. */
export function names(raw: string): string[] {
  return raw.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
}

export function wholeNumber(min: number): (raw: string, flag: string) => number {
  return (raw, flag) => {
    const n = strictNumber(raw);
    if (!Number.isInteger(n) || n < min) throw new OptionValueError(t('usage.int', { flag, min, value: shown(raw) }));
    return n;
  };
}

/** A number in [min, max], or (min, max] with `openMin`. */
export function numberIn(min: number, max: number, openMin = false): (raw: string, flag: string) => number {
  return (raw, flag) => {
    const n = strictNumber(raw);
    if (!(openMin ? n > min : n >= min) || !(n <= max)) throw new OptionValueError(t(openMin ? 'usage.rangeOpen' : 'usage.range', { flag, min, max, value: shown(raw) }));
    return n;
  };
}

export function atLeast(min: number): (raw: string, flag: string) => number {
  return (raw, flag) => {
    const n = strictNumber(raw);
    if (!(n >= min)) throw new OptionValueError(t('usage.atLeast', { flag, min, value: shown(raw) }));
    return n;
  };
}

export function positive(raw: string, flag: string): number {
  const n = strictNumber(raw);
  if (!(n > 0) || !Number.isFinite(n)) throw new OptionValueError(t('usage.positive', { flag, value: shown(raw) }));
  return n;
}

/** One of the given words (case-sensitive), or a word of `synonyms` mapped to its value. */
export function oneOf<const C extends string>(choices: readonly C[], synonyms: Record<string, C> = {}): (raw: string, flag: string) => C {
  return (raw, flag) => {
    if ((choices as readonly string[]).includes(raw)) return raw as C;
    const s = synonyms[raw];
    if (s !== undefined) return s;
    const near = closest(raw, [...choices, ...Object.keys(synonyms)]);
    throw new OptionValueError(`${t('usage.oneOf', { flag, choices: choices.join(', '), value: shown(raw) })}${near ? `; ${t('usage.didYouMean', { name: near })}` : ''}`);
  };
}

export function isoDate(raw: string, flag: string): Date {
  const d = parseIsoDate(raw);
  if (!d) throw new OptionValueError(t('usage.date', { flag, value: shown(raw) }));
  return d;
}
