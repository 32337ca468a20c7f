/** Violation codes, in the order a list of them is reported for ties (publication-model.md (c)). */
export const VIOLATION_CODES = ['cell/required', 'cell/maxLength', 'cell/type', 'cell/pattern', 'cell/enum'] as const;
export const V_REQUIRED = 0, V_MAXLENGTH = 1, V_TYPE = 2, V_PATTERN = 3, V_ENUM = 4;

/** First rows listed per violation (1-based row numbers of the whole table). */
export const ROWS_LISTED = 20;
