import { MESSAGES, type MessageKey } from './catalogue.js';
import { localize } from './lang.js';

/** The catalogue's message `key` in the current language, `{name}` placeholders filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return localize(MESSAGES[key], params);
}
