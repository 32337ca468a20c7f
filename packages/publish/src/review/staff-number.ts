/**
 * A header that names a staff member's own number: 工号, 员工编号, 职工号, 警号, 执法证号. The values
 * are short codes no detector reads as a person's (RX20190107), repeated over the records each
 * one handled, so neither the scan nor the distinct share stops them: the security review refuses
 * such a column published as it is, and the number of the source sample's such columns in a
 * spec text (review/security.ts).
 */
export const STAFF_NUMBER_HEADER = /工号|员工(?:编)?号|职工(?:编)?号|警号|工作证(?:编)?号|执法证(?:编)?号|(?:staff|employee)[_ ]?(?:no|id|num|number)$/i;

/**
 * A staff member's number quoted after its label in a text (工号 1234, 警号：0815, 执法证号为
 * A3021): short codes no detector reads, so in a spec text (a title, a description, a note that
 * the package publishes) the label is what says whose number it is. Three digits or more, after
 * at most three letters of a prefix; tested on the NFKC form (full-width digits).
 */
export const STAFF_NUMBER_IN_TEXT = /(?:工号|员工(?:编)?号|职工(?:编)?号|警号|工作证(?:编)?号|执法证(?:编)?号)(?:码)?[\s:：#＃为是]{0,3}[A-Za-z]{0,3}\d{3,}/;
