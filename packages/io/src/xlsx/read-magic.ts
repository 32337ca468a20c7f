import { open } from 'node:fs/promises';
import { TuominError } from '@tuomin/core';
import type { ZipMember } from './read-zip.js';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Refuse, by the file's first bytes, what is not an Office Open XML workbook whatever its name:
 * an Excel 97–2003 workbook (.xls, BIFF) and a password-encrypted .xlsx are both OLE2 compound
 * files, told apart by the streams their directory names (EncryptedPackage / Workbook).
 */
export async function checkWorkbookMagic(path: string, size: number): Promise<void> {
  const h = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 512));
    await h.read(head, 0, head.length, 0);
    if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return;
    if (head.length >= 8 && CFB_MAGIC.every((b, i) => head[i] === b)) {
      const streams = await compoundStreamNames(h, head, size);
      if (streams.has('EncryptedPackage') || streams.has('EncryptionInfo')) {
        throw new TuominError('UNSUPPORTED', 'the workbook is encrypted with a password: its sheets cannot be read', { file: path },
          'remove the password in Excel or WPS (File ▸ Info ▸ Protect Workbook ▸ Encrypt with Password: empty), save, and read that copy', { id: 'xlsx.encrypted' });
      }
      const biff = streams.has('Workbook') || streams.has('Book');
      throw new TuominError('UNSUPPORTED', biff ? 'an Excel 97–2003 workbook (.xls, BIFF), not an .xlsx' : 'an OLE2 compound file (.xls, .doc or an encrypted workbook), not an .xlsx', { file: path },
        'open it in Excel or WPS and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then read that file', { id: 'xlsx.notOoxml', params: { kind: biff ? 'xls' : 'cfb' } });
    }
    throw new TuominError('UNSUPPORTED', 'not an .xlsx workbook: the file does not start as a ZIP archive (an .xlsx is one)', { file: path },
      'if it is an HTML or XML table saved as .xlsx by another system, open it in Excel or WPS and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8"', { id: 'xlsx.notZip' });
  } finally {
    await h.close();
  }
}

/** Other spreadsheet formats that are ZIP archives too: refused by the parts they hold. */
export function checkWorkbookParts(path: string, members: ReadonlyMap<string, ZipMember>): void {
  const kind = members.has('xl/workbook.bin') ? 'xlsb'
    : members.has('mimetype') || members.has('content.xml') ? 'ods'
    : members.has('EncryptedPackage') ? 'encrypted'
    : null;
  if (kind === null) return;
  const what = kind === 'xlsb' ? 'an Excel binary workbook (.xlsb), not an .xlsx' : kind === 'ods' ? 'an OpenDocument spreadsheet (.ods), not an .xlsx' : 'an encrypted workbook';
  throw new TuominError('UNSUPPORTED', what, { file: path },
    'open it in Excel, WPS or LibreOffice and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then read that file', { id: 'xlsx.otherFormat', params: { kind } });
}

/**
 * Names of the streams in an OLE2 compound file's directory: the directory sectors are followed
 * through the FAT sectors listed in the header (109 of them: files up to about 7 MB with 512-byte
 * sectors, 436 MB with 4 KiB ones; the directory is near the start in every file Office writes).
 */
async function compoundStreamNames(h: import('node:fs/promises').FileHandle, head: Buffer, size: number): Promise<Set<string>> {
  const names = new Set<string>();
  if (head.length < 512) return names;
  const sectorSize = 1 << head.readUInt16LE(0x1e);
  if (sectorSize !== 512 && sectorSize !== 4096) return names;
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const s = head.readUInt32LE(0x4c + 4 * i);
    if (s >= 0xfffffffa) break;
    fatSectors.push(s);
  }
  const readSector = async (s: number): Promise<Buffer | null> => {
    const at = (s + 1) * sectorSize;
    if (at + sectorSize > size) return null;
    const b = Buffer.alloc(sectorSize);
    await h.read(b, 0, sectorSize, at);
    return b;
  };
  const perFat = sectorSize / 4;
  const next = async (s: number): Promise<number> => {
    const fat = fatSectors[Math.floor(s / perFat)];
    if (fat === undefined) return 0xfffffffe;
    const b = await readSector(fat);
    return b === null ? 0xfffffffe : b.readUInt32LE((s % perFat) * 4);
  };
  let sector = head.readUInt32LE(0x30);
  for (let guard = 0; sector < 0xfffffffa && guard < 256; guard++) {
    const b = await readSector(sector);
    if (b === null) break;
    for (let e = 0; e + 128 <= sectorSize; e += 128) {
      const len = b.readUInt16LE(e + 0x40);
      if (len >= 2 && len <= 64) names.add(b.toString('utf16le', e, e + len - 2));
    }
    sector = await next(sector);
  }
  return names;
}
