/**
 * How a cell's number is shown, as far as its text depends on it: a date, a time, a date and time,
 * an elapsed time ([h]:mm), digits padded with zeros (a postcode in `000000`), the text format
 * `@`, or a plain number. Colours, separators, currency and the count of decimals are display
 * only: the value's text stays the number.
 */
export type NumberFormatKind =
  | { kind: 'number' }
  | { kind: 'text' }
  | { kind: 'date' }
  | { kind: 'datetime' }
  | { kind: 'time' }
  | { kind: 'elapsed' }
  | { kind: 'zeros'; width: number };

const NUMBER: NumberFormatKind = { kind: 'number' };

/**
 * Built-in formats (ECMA-376 §18.8.30): 14–17 and 22 dates, 18–21 and 45–47 times; 27–36 and
 * 50–58 are the East Asian date formats (年月日 in a Chinese Excel). 49 is `@`.
 */
function builtIn(id: number): NumberFormatKind {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 31) || (id >= 34 && id <= 36) || (id >= 50 && id <= 58)) return { kind: 'date' };
  if (id === 22) return { kind: 'datetime' };
  if ((id >= 18 && id <= 21) || id === 32 || id === 33 || id === 45 || id === 47) return { kind: 'time' };
  if (id === 46) return { kind: 'elapsed' };
  if (id === 49) return { kind: 'text' };
  return NUMBER;
}

export function numberFormatKind(id: number, code: string | undefined): NumberFormatKind {
  if (code === undefined) return builtIn(id);
  // The first section (positive numbers) decides; quoted text, escaped characters and the
  // colour/locale brackets are not format letters ([h] [mm] [ss] are: elapsed time).
  const first = code.split(';')[0]!;
  const bare = first.replace(/"[^"]*"/g, '').replace(/\\./g, '').replace(/_./g, '').replace(/\*./g, '');
  const elapsed = /\[(h+|m+|s+)\]/i.test(bare);
  const letters = bare.replace(/\[[^\]]*\]/g, '').toLowerCase();
  if (letters.trim() === '@') return { kind: 'text' };
  if (letters === 'general' || letters.includes('general')) return NUMBER;
  if (elapsed) return { kind: 'elapsed' };
  const dayPart = /[yd]/.test(letters);
  const timePart = /[hs]/.test(letters);
  if (dayPart && timePart) return { kind: 'datetime' };
  if (dayPart || (!timePart && /m/.test(letters))) return { kind: 'date' }; // m alone is a month (m月, mmm)
  if (timePart) return { kind: 'time' };
  if (/^0+$/.test(letters) && letters.length > 1) return { kind: 'zeros', width: letters.length };
  return NUMBER;
}
