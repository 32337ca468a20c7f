import type { ReviewReason } from './types.js';

/**
 * What the reader said about the source (io: a UTF-8 byte order mark that overrode the declared
 * encoding, blank or repeated column names renamed, an XLSX's other sheets, hidden columns and
 * rows, title rows, error cells), as normative warnings: `convert` shows them, and a run must not
 * publish without them on record. The bad-row counts are left out: they are `row/rejected`
 * warnings already, naming where the rows are kept (publish.ts).
 */
export function readerWarningReasons(warnings: readonly string[]): ReviewReason[] {
  return warnings.filter((w) => !BAD_ROWS.test(w)).map((w) => ({ code: 'source/reader-warning', severity: 'warning', message: withoutOtherSheets(w) }));
}

/**
 * A release's reports name the sheets not read by their count only: a workbook's other sheets
 * are not published, and their names can be (王芳档案, 原始数据 of a roster: test/xlsx-input).
 * `convert` shows the names to whoever holds the workbook.
 */
function withoutOtherSheets(warning: string): string {
  const m = OTHER_SHEETS.exec(warning);
  if (!m) return warning;
  const n = m[2]!.split(/", "/).length;
  return `${m[1]}; not read: ${n} other sheet${n === 1 ? '' : 's'}`;
}

/** io xlsx/read.ts: `read the sheet "X"; not read: "A", "B"`. */
const OTHER_SHEETS = /^(read the sheet ".*?"); not read: "(.*)"$/s;

/** io csv/read.ts and multi-source.ts: "N bad row(s) written to <path>", "N bad row(s) skipped". */
const BAD_ROWS = /^\d+ bad row\(s\) (written to |skipped$)/;
