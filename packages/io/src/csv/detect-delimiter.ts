import type { CsvDelimiter } from './options.js';
import { splitRecord } from './split-record.js';

const CANDIDATES: CsvDelimiter[] = [',', '\t', ';', '|'];

/**
 * Pick the delimiter whose field count is the same (and above 1) on most of the first records,
 * splitting quote-aware. Ties go to the larger field count, then to the order , tab ; |.
 * Falls back to ',' when nothing splits the lines.
 */
export function detectDelimiter(sample: Uint8Array, final: boolean, maxRecords = 50): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  let bestFields = 0;
  for (const d of CANDIDATES) {
    const code = d.charCodeAt(0);
    const counts: number[] = [];
    let i = 0;
    while (i < sample.length && counts.length < maxRecords) {
      const rec = splitRecord(sample, i, sample.length, code, final);
      if (rec === null) break;
      if (rec.fields.length === 1 && rec.fields[0]!.length === 0) {
        i = rec.next; // blank line
        continue;
      }
      counts.push(rec.malformed ? -1 : rec.fields.length);
      i = rec.next;
    }
    if (counts.length === 0) continue;
    const first = counts[0]!;
    if (first < 2) continue;
    let same = 0;
    for (const n of counts) if (n === first) same++;
    const score = same / counts.length;
    if (score < 0.8) continue;
    if (score > bestScore || (score === bestScore && first > bestFields)) {
      best = d;
      bestScore = score;
      bestFields = first;
    }
  }
  return best;
}
