/**
 * Days since 1970-01-01 for a proleptic Gregorian date, and back (Howard Hinnant's civil-date
 * algorithms): integer arithmetic only, no Date object per value.
 */
// Calendar arithmetic lives in core (one implementation); only the ISO text formatting is here.
export { daysFromCivil, daysInMonth, isoDate } from '@tuomin/core';

import { Type, TimeUnit } from 'apache-arrow';
import type { Data, Date_, Timestamp } from 'apache-arrow';
import { isoDate } from '@tuomin/core';

/**
 * The text every writer gives a Date or Timestamp value: YYYY-MM-DD for dates; for timestamps
 * ISO 8601 in UTC to the millisecond, with `Z` only when the type has a time zone. Null for
 * other types.
 */
export function temporalText(data: Data): ((i: number) => string) | null {
  const values = data.values as ArrayLike<number | bigint>;
  if (data.typeId === Type.Date) {
    const perDay = (data.type as Date_).unit === 0 ? 1 : 86400000;
    return (i) => isoDate(Math.floor(Number(values[i]) / perDay));
  }
  if (data.typeId === Type.Timestamp) {
    const t = data.type as Timestamp;
    const toMs = t.unit === TimeUnit.SECOND ? 1000 : t.unit === TimeUnit.MILLISECOND ? 1 : t.unit === TimeUnit.MICROSECOND ? 1e-3 : 1e-6;
    const zoned = !!t.timezone;
    return (i) => {
      const iso = new Date(Number(values[i]) * toMs).toISOString();
      return zoned ? iso : iso.slice(0, -1);
    };
  }
  return null;
}
