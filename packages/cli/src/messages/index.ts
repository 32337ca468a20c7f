import { MESSAGES, type MessageKey } from './catalogue.js';
import { localize } from './lang.js';

export { chooseLang, lang, localize, setLang, type Lang, type Text } from './lang.js';
export { closest } from './did-you-mean.js';
export { MESSAGES, type MessageKey } from './catalogue.js';

/** The catalogue's message `key` in the current language. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return localize(MESSAGES[key], params);
}
