/**
 * A date or a month written as text (2025-07, 2025年7月, 2025/9/3 8:15, 2025.07.03), as the
 * publication review reads an event's date by its values whatever the header (月份, period). One
 * definition: the review (publish review/published-columns.ts) counts such a column in k, and the
 * profile's draft (publish profile/suggest.ts, through ColumnKinds.dateText) hands it to the privacy
 * search; when the two read it apart, the draft of a clinic's monthly doses was refused by its own run.
 */
// A month alone may end in 月 (2025年7月): a month as the statistics write it.
const DATE_TEXT = /^(\d{4})\s*([-/.年])\s*(\d{1,2})(\s*[-/.月]\s*\d{1,2}\s*日?|\s*月)?([T\s]+\d{1,2}[:：时]\d{1,2}.*)?$/;

/** A column is an event's date by its values when at least this share of its sampled non-empty cells are date texts. */
export const DATE_TEXT_SHARE = 0.9;

/** A date or a month by its text: a year 1900-2099 and a month 1-12; `1013.70` (an amount) is no `YYYY.MM`. */
export function isEventDateText(s: string): boolean {
  const m = DATE_TEXT.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[3]);
  return year >= 1900 && year <= 2099 && month >= 1 && month <= 12 && (m[2] !== '.' || m[4] !== undefined);
}

/** 20240131 (or 20240131 08:30:00): a date written without separators. */
export function isCompactDate(s: string): boolean {
  if (!/^\d{8}(?:[T\s]+\d{1,2}:\d{2}.*)?$/.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}
