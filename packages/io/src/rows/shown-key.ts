import { detectValue } from '@tuomin/core';
import { bareNameHeader, personNamedLabel } from '@tuomin/core/light';

/**
 * A key or column name as an error shows it: quoted, unless it holds personal data by the tests
 * the publication gate applies to a title (a pivot by person: {"张三13812345678": 2}, a header
 * 欧阳娜娜的电话, a bare 张伟), in which case it is not repeated and the line, row or character
 * says where it is. A column name such as 身份证号 or 联系电话 is a header, not a value: an error that
 * hid it would leave a Chinese user guessing which column is meant.
 */
export const PLAIN_KEY = /^[A-Za-z_][A-Za-z_ .-]{0,63}$/;

/** Whether a key may be repeated in an error. */
export function keyShown(key: string): boolean {
  if (PLAIN_KEY.test(key)) return true;
  if (key.length > 64 || /\d{5}/.test(key)) return false;
  return !personNamedLabel(key) && !bareNameHeader(key) && detectValue(key).length === 0;
}

export function shownKey(key: string): string {
  return keyShown(key) ? `"${key}"` : '(not repeated here: it may hold personal data)';
}

/** The key for a message's parameters (the Chinese wording quotes it): itself, or … */
export const keyParam = (key: string): string => (keyShown(key) ? key : '…');
