/**
 * How the name-detection tests count recall on planted names (test/detect-free-text-names-2/-3,
 * detect-names-7, unseen-domains-6): a text with a name planted in it, a rule for when the name
 * counts as caught, and the count asserted at its measured figure. Findings of `detectValue` are
 * code-point offsets, so texts are cut and masked by code point (a rare given character may lie
 * outside the BMP).
 */
import { detectValue } from '@tuomin/core';

/** A text with a person's name planted in it ('|' joins several names planted in one text). */
export interface PlantedName {
  text: string;
  name: string;
}

/** The person names the detectors read in a text, as written. */
export const personNames = (t: string): string[] => detectValue(t).filter((h) => h.type === 'person_name').map((h) => [...t].slice(h.start, h.end).join(''));

/** The text with every finding masked (any type), as a `redact` rule masks it. */
export function maskedAsRedact(t: string): string {
  const cps = [...t];
  for (const h of detectValue(t)) for (let k = h.start; k < h.end; k++) cps[k] = '*';
  return cps.join('');
}

/** Caught as a `redact` rule needs it: no part of any planted name is left once the findings are masked. */
export const nameHidden = (p: PlantedName): boolean => { const r = maskedAsRedact(p.text); return p.name.split('|').every((n) => !r.includes(n)); };

/** Caught whole: one person_name finding spells the planted name. */
export const nameFound = (p: PlantedName): boolean => personNames(p.text).includes(p.name);

/** How many planted names are caught by `caught` (nameHidden or nameFound): the recall figure a test asserts. */
export function countCaught(planted: Iterable<PlantedName>, caught: (p: PlantedName) => boolean): number {
  let n = 0;
  for (const p of planted) if (caught(p)) n++;
  return n;
}
