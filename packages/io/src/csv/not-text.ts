import { TuominError } from '@tuomin/core/internal';

/** Bytes of the first 64 KiB looked at for UTF-16 without a byte order mark. */
const LOOK = 4096;
/** NUL bytes a UTF-16 sample of text holds at the very least (a header and a row of ASCII separators). */
const MIN_NULS = 16;

/**
 * The start of a "CSV" that is no text file: a workbook saved under a .csv name (XLSX and ODS are
 * ZIP archives, PK 03 04; XLS and WPS's ET are OLE2 files, D0 CF 11 E0), or UTF-16 without a byte
 * order mark. Read as text they were refused as "not valid GB18030" at a byte of the header,
 * which says nothing the publisher can act on; worse, UTF-16 of Chinese text is often valid
 * GB18030 byte for byte and read as mojibake with a NUL in every ASCII character. The NULs of
 * UTF-16 all fall on one parity (the high byte of each ASCII character); the NUL padding a
 * crashed export leaves falls on both, and a lone NUL in a cell is data.
 */
export function notTextError(file: string, s: Uint8Array): TuominError | null {
  const where = { file, line: 1, byteOffset: 0 };
  if (s.length >= 4 && s[0] === 0x50 && s[1] === 0x4b && s[2] === 0x03 && s[3] === 0x04) {
    return new TuominError('BAD_INPUT', 'the file is a ZIP archive (an XLSX or ODS workbook saved under a .csv name), not CSV text', where,
      'if it is an XLSX workbook, give it the .xlsx extension and tuomin reads it; otherwise open it in Excel or WPS and save the sheet as "CSV UTF-8"', { id: 'csv.notText', params: { kind: 'zip' } });
  }
  if (s.length >= 8 && s[0] === 0xd0 && s[1] === 0xcf && s[2] === 0x11 && s[3] === 0xe0 && s[4] === 0xa1 && s[5] === 0xb1 && s[6] === 0x1a && s[7] === 0xe1) {
    return new TuominError('BAD_INPUT', 'the file is an OLE2 document (an XLS or ET workbook saved under a .csv name), not CSV text', where,
      'open it in Excel or WPS and save it as an .xlsx workbook or as "CSV UTF-8", then read that file (tuomin does not read XLS)', { id: 'csv.notText', params: { kind: 'ole2' } });
  }
  // Another data format under a .csv name: read as text, its magic bytes became a header and its
  // data no rows, so a scan called it clean (exit 0) and convert wrote an empty file.
  const other = otherFormat(s);
  if (other !== null) {
    const hint = other.ext === null ? 'decompress it (gunzip) and read the CSV inside' : `give it the ${other.ext} extension (tuomin reads ${other.what} by it), or export the data as CSV`;
    return new TuominError('BAD_INPUT', `the file is ${other.what} under a .csv name, not CSV text`, where, hint,
      { id: 'csv.otherFormat', params: { what: other.what, ext: other.ext ?? '' } });
  }
  const n = Math.min(s.length, LOOK);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (s[i] !== 0) continue;
    if (i & 1) odd++;
    else even++;
  }
  const nuls = even + odd;
  if (nuls >= MIN_NULS && Math.max(even, odd) >= 0.95 * nuls) {
    const order = odd > even ? 'LE' : 'BE';
    return new TuominError('BAD_INPUT', `the file looks like UTF-16 ${order} without a byte order mark (${nuls} NUL bytes in its first ${n} bytes, all at ${odd > even ? 'odd' : 'even'} positions), which is not read`, where,
      'save it as UTF-8 (Excel: Save As "CSV UTF-8"; iconv -f UTF-16 -t UTF-8), or as GBK', { id: 'csv.utfSixteenNoBom', params: { order, nuls, bytes: n } });
  }
  return null;
}

/** A data format known by its first bytes: one tuomin reads by its own extension, or gzip (ext null); null for none. */
function otherFormat(s: Uint8Array): { what: string; ext: string | null } | null {
  const starts = (text: string): boolean => s.length >= text.length && [...text].every((c, i) => s[i] === c.charCodeAt(0));
  if (starts('PAR1')) return { what: 'Parquet', ext: '.parquet' };
  if (starts('ARROW1')) return { what: 'an Arrow IPC file', ext: '.arrow' };
  // A stream's continuation marker and its first message's length (little-endian, under 16 MiB); 0xFF is no byte of UTF-8 or GB18030 text.
  if (s.length >= 8 && s[0] === 0xff && s[1] === 0xff && s[2] === 0xff && s[3] === 0xff && s[7] === 0) return { what: 'an Arrow IPC stream', ext: '.arrows' };
  if (s.length >= 2 && s[0] === 0x1f && s[1] === 0x8b) return { what: 'a gzip archive', ext: null };
  return null;
}
