import type { ReviewReason } from './types.js';

/**
 * What the reader said about the source (io: a UTF-8 byte order mark that overrode the declared
 * encoding, blank or repeated column names renamed, an XLSX's other sheets, hidden columns and
 * rows, title rows, error cells), as normative warnings: `convert` shows them, and a run must not
 * publish without them on record. The bad-row counts are left out: they are `row/rejected`
 * warnings already, naming where the rows are kept (publish.ts).
 */
export function readerWarningReasons(warnings: readonly string[]): ReviewReason[] {
  return warnings.filter((w) => !BAD_ROWS.test(w)).map((message) => ({ code: 'source/reader-warning', severity: 'warning', message }));
}

/** io csv/read.ts and multi-source.ts: "N bad row(s) written to <path>", "N bad row(s) skipped". */
const BAD_ROWS = /^\d+ bad row\(s\) (written to |skipped$)/;
