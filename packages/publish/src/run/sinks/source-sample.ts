import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError, scanBatches } from '@tuomin/core';
import { batchFromColumns, columnData, gather, type ScanResult, type TransferState } from '@tuomin/core/internal';
import type { ScanSummary } from '../../review/security.js';
import { contactKey } from '../../scan/scan-texts.js';
import { STAFF_NUMBER_HEADER } from '../../review/staff-number.js';
import type { Sink } from './sink.js';
import { decodeScanSink, scanState, type ScanState } from './residual-scan.js';

export const SOURCE_SAMPLE_ROWS = 10_000;
const MAX_ROWS_PER_FINDING = 10;

/**
 * The first rows of the source as read by the pass (a tap before the rules), scanned at the end to
 * find personal columns the spec forgot to give a rule. It replaces a second read of the source:
 * the same rows (malformed ones already skipped or stopped on), never more than `limit` held.
 * Merged in partition order, it keeps the first `limit` rows of the whole source.
 *
 * A partition job's sink is given `rowOffset`, the source rows before its partition, and holds
 * rows only while the source row is below `limit` (a partition past it holds none). Its `encode`
 * is the scan of what it held, rows counted from 1; decoded states join in partition order
 * (joinScans moves each part's rows past the earlier parts'), which is the scan of the first
 * `limit` rows of the whole: the scan counts per row, and headers are not scanned here.
 */
export function sourceSampleSink(schema: Schema, limit = SOURCE_SAMPLE_ROWS, rowOffset = 0): Sink<ScanSummary> & { held(): RecordBatch[]; encode(): Promise<TransferState<'source-sample'>> } {
  const held: RecordBatch[] = [];
  let rows = 0;
  const room = Math.max(0, limit - rowOffset);
  const take = (b: RecordBatch): void => {
    if (rows >= room || b.numRows === 0) return;
    const n = Math.min(b.numRows, room - rows);
    held.push(n === b.numRows ? b : firstRows(b, n));
    rows += n;
  };
  const scan = async (): Promise<ScanResult> => {
    const batches = (async function* () { yield* held; })();
    // Source headers are not published as such (the output's are scanned): keep the names here.
    return scanBatches(schema, batches, { maxRowsPerFinding: MAX_ROWS_PER_FINDING, headers: false });
  };
  return {
    held: () => held,
    add: take,
    merge(other) {
      for (const b of other.held()) take(b);
    },
    finish: scan,
    async encode() {
      return scanState('source-sample', schema, await scan(), MAX_ROWS_PER_FINDING);
    },
    async abort() {
      held.length = 0;
    },
  };
}

// A column of people's names: the share of sampled rows a personal column reaches (review/security.ts).
const NAME_COLUMN_SHARE = 0.2;
// A whole cell that is a Chinese name (欧阳娜娜, 阿依古丽·买买提): the values a spec text must not repeat.
const HAN_NAME = /^[\p{Script=Han}·]{2,8}$/u;

/**
 * The finished sample with the names in its columns of people's names (person_name in a fifth of
 * the rows), for the security review to look for in the spec's texts. Called by the coordinator,
 * which holds the sample in a sequential and in a parallel run alike.
 */
export function withSampledNames(scan: ScanSummary, held: readonly RecordBatch[]): ScanSummary {
  const names = sampledNames(held, scan);
  const contacts = sampledContacts(held, scan);
  const staffNumbers = sampledStaffNumbers(held);
  return { ...scan, ...(names.size ? { names } : {}), ...(contacts.size ? { contacts } : {}), ...(staffNumbers.size ? { staffNumbers } : {}) };
}

/**
 * Values of the sample's columns headed as a staff member's number (review/staff-number.ts), of
 * five characters or more so that a short code (01, 1023) does not match any year or count.
 */
function sampledStaffNumbers(held: readonly RecordBatch[]): Set<string> {
  const out = new Set<string>();
  for (const b of held) {
    for (const f of b.schema.fields) {
      if (!STAFF_NUMBER_HEADER.test(f.name)) continue;
      const v = b.getChild(f.name)!;
      for (let i = 0; i < b.numRows; i++) {
        const cell: unknown = v.get(i);
        if (typeof cell === 'string' && cell.trim().length >= 5) out.add(cell.trim());
      }
    }
  }
  return out;
}

const CONTACT_TYPES: ReadonlySet<string> = new Set(['cn_mobile', 'cn_landline', 'email']);

/**
 * Whole cells of the sample's columns where the scan found a phone or a mailbox, as contactKey by
 * column: the review refuses a department contact among those of a column it does not publish as is. Whole cells only: a free text may quote the
 * department's own hotline.
 */
function sampledContacts(held: readonly RecordBatch[], r: ScanSummary): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const columns = [...new Set(r.findings.filter((f) => CONTACT_TYPES.has(f.type) && f.place === undefined).map((f) => f.column))];
  for (const b of held) {
    for (const name of columns) {
      const v = b.getChild(name);
      if (!v) continue;
      const keys = out.get(name) ?? new Set<string>();
      out.set(name, keys);
      for (let i = 0; i < b.numRows; i++) {
        const cell: unknown = v.get(i);
        if (typeof cell !== 'string') continue;
        const key = contactKey(cell);
        if (key) keys.add(key);
      }
    }
  }
  return out;
}

/** Read once, at the end, from at most SOURCE_SAMPLE_ROWS rows of a few columns: not a hot path. */
function sampledNames(held: readonly RecordBatch[], r: ScanSummary): Set<string> {
  const names = new Set<string>();
  const columns = r.findings.filter((f) => f.type === 'person_name' && f.place === undefined && f.count >= r.rows * NAME_COLUMN_SHARE).map((f) => f.column);
  for (const b of held) {
    for (const name of columns) {
      const v = b.getChild(name);
      if (!v) continue;
      for (let i = 0; i < b.numRows; i++) {
        const cell: unknown = v.get(i);
        if (typeof cell !== 'string') continue;
        const t = cell.trim();
        if (HAN_NAME.test(t)) names.add(t);
      }
    }
  }
  return names;
}

/** The coordinator's side of a partition's source sample: merge in partition order, then finish. */
export function decodeSourceSample(state: TransferState): Sink<ScanSummary> & { state(): ScanState } {
  return decodeScanSink(state, 'source-sample', 'the source sample');
}

/**
 * The first `n` rows as a batch of their own: a slice would keep the whole source batch (up to
 * 64 MiB of records) alive until the end of the pass. Columns the take kernel cannot copy
 * (nested ones) keep the slice.
 */
function firstRows(b: RecordBatch, n: number): RecordBatch {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  try {
    return batchFromColumns(b.schema, b.schema.fields.map((f, c) => gather(columnData(b, c), rows, null, f.name)), n);
  } catch (err) {
    if (err instanceof TuominError && err.code === 'UNSUPPORTED') return b.slice(0, n);
    throw err;
  }
}
