export { chooseLang, lang, localize, setLang, type Lang, type Text } from './lang.js';
export { closest } from './did-you-mean.js';
export { MESSAGES, type MessageKey } from './catalogue.js';
export { t } from './message.js';
export { errorText, reasonLine, reasonText, reviewName } from './render.js';
export { readerWarning } from './warnings.js';
export { TYPE_ZH, typeZh } from './reasons.js';
export { suggestionText } from './suggestions.js';
export { storeNote } from './notes.js';
