/**
 * A key or column name as an error shows it: quoted when it is a plain ASCII name (name, id,
 * jiedao), otherwise not repeated. Why: a key can be personal data (a pivot by person:
 * {"张三13812345678": 2}), and errors never quote a source's values; the line, row or character
 * says where it is.
 */
export const PLAIN_KEY = /^[A-Za-z_][A-Za-z_ .-]{0,63}$/;

export function shownKey(key: string): string {
  return PLAIN_KEY.test(key) ? `"${key}"` : '(not repeated here: not a plain ASCII name)';
}

/** The key for a message's parameters (the Chinese wording quotes it): itself, or … */
export const keyParam = (key: string): string => (PLAIN_KEY.test(key) ? key : '…');
