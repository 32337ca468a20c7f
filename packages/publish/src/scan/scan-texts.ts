import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
// The light entry (detectors without Arrow): a spec loader quotes column names through this (#16).
import { DETECTOR_TYPES, PERSONAL_TYPES, ValueScanner, bareNameHeader, personNamedLabel, type DetectorType } from '@tuomin/core/light';
import { STAFF_NUMBER_IN_TEXT } from '../review/staff-number.js';

/** An identifier found in a text outside the cells: a metadata file, a report, a spec field. */
export interface TextFinding {
  /** The file (relative to the package) or `spec`, `provenance`. */
  file: string;
  /** Where in it: a JSON path (`resources[0].schema.fields[2].description`), a key, or `line 12`. */
  path: string;
  /** A detector type, or staff_number: a value of a column headed 工号 (review/staff-number.ts). */
  type: DetectorType | 'staff_number';
  /** Values at that place holding an identifier of this type. */
  count: number;
  /** The department contact (dataset.contact) is a phone or mailbox found whole in a cell of the extract. */
  inExtract?: boolean;
}

/**
 * A phone number or mailbox as one key however it was typed: NFKC (full-width to ASCII), lower
 * case, a phone without separators or +86; '' when the text is neither. The department contact
 * and the whole cells of the extract's contact columns meet on it (review/security.ts).
 */
export function contactKey(text: string): string {
  const t = text.normalize('NFKC').trim().toLowerCase();
  if (/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/.test(t)) return t;
  const digits = t.replace(/[\s\-()（）.]/g, '').replace(/^(?:\+?86)(?=1\d{10}$)/, '');
  return /^\d{7,12}$/.test(digits) ? digits : '';
}

/**
 * Looks for identifiers of natural persons in texts. `exempt` strings are cut out before a text
 * is scanned: the department's own contact (dataset.contact, 部门电话 and 部门邮箱), which the
 * catalog publishes by design. Nothing else is exempt.
 */
export class TextScanner {
  private readonly scanner = new ValueScanner({ types: [...PERSONAL_TYPES] });
  private readonly encoder = new TextEncoder();
  readonly findings: TextFinding[] = [];
  /**
   * A staff number after its label (工号 1234) is a finding too: set for the spec's texts, not for
   * a package's reports, whose counts may follow a column's name (工号 1024 distinct).
   */
  staffLabels = false;
  constructor(private readonly exempt: readonly string[] = []) {}

  /** Scan one text; every hit is recorded at (file, path). Returns whether it held one. */
  text(text: string, file: string, path: string): boolean {
    let t = text;
    for (const e of this.exempt) if (e) t = t.split(e).join(' ');
    const bytes = this.encoder.encode(t);
    const staff = this.staffLabels && STAFF_NUMBER_IN_TEXT.test(t.normalize('NFKC'));
    if (staff) this.record(file, path, 'staff_number');
    // A label that names a person (a header 张三的电话 published as a title) has no context word for the scanner.
    const named = personNamedLabel(t);
    if (named) this.record(file, path, 'person_name');
    if (this.scanner.scan(bytes, 0, bytes.length) === 0) return staff || named;
    const hits = this.scanner.state.hits;
    const seen = new Set<number>();
    for (let k = 0; k < hits.length; k++) seen.add(hits.type[k]!);
    for (const type of seen) if (!(named && DETECTOR_TYPES[type] === 'person_name')) this.record(file, path, DETECTOR_TYPES[type]!);
    return true;
  }

  /** One more value at (file, path) holding an identifier of this type. */
  protected record(file: string, path: string, type: TextFinding['type']): void {
    const same = this.findings.find((f) => f.file === file && f.path === path && f.type === type);
    if (same) same.count++;
    else this.findings.push({ file, path, type, count: 1 });
  }

  /** Every key and every string of a JSON value, at its JSON path. */
  json(value: unknown, file: string, path = ''): void {
    if (typeof value === 'string') this.text(value, file, path || '(root)');
    else if (Array.isArray(value)) value.forEach((v, i) => this.json(v, file, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        // A key can be published data too (a column name used as a key in a report).
        const at = path ? `${path}.${safeKey(k)}` : safeKey(k);
        this.text(k, file, `${at} (key)`);
        this.json(v, file, at);
      }
    }
  }

  /** A text file, line by line (README.md). */
  lines(text: string, file: string): void {
    text.split('\n').forEach((line, i) => this.text(line, file, `line ${i + 1}`));
  }
}

/**
 * A TextScanner that also finds the names of the extract's people in a text: the values of the
 * source columns of names in the source sample. The detectors read a name in free text only after
 * a context word (联系人王伟); a title such as 王伟等献血者名单 has none, and is published.
 */
export class SourceNameScanner extends TextScanner {
  private readonly names: ReadonlySet<string>;
  private readonly lengths: number[];
  /** Values of the sample's staff-number columns (工号 RX20190107): no detector reads them. */
  private readonly staffNumbers: readonly string[];
  constructor(exempt: readonly string[], names: ReadonlySet<string>, staffNumbers: ReadonlySet<string> = new Set()) {
    super(exempt);
    this.names = names;
    this.lengths = [...new Set([...names].map((n) => [...n].length))];
    this.staffNumbers = [...staffNumbers];
  }

  override text(text: string, file: string, path: string): boolean {
    let found = super.text(text, file, path);
    if (this.staffNumbers.some((v) => text.includes(v))) { this.record(file, path, 'staff_number'); found = true; }
    const chars = [...text];
    for (const n of this.lengths) {
      for (let i = 0; i + n <= chars.length; i++) {
        if (!this.names.has(chars.slice(i, i + n).join(''))) continue;
        if (!this.findings.some((f) => f.file === file && f.path === path && f.type === 'person_name')) this.record(file, path, 'person_name');
        return true;
      }
    }
    return found;
  }
}

/** A key as it may appear in a path: itself when it holds no digit run that could be an identifier. */
function safeKey(k: string): string {
  return /\d{5}|@/.test(k) ? '…' : /^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(k) ? k : JSON.stringify(k);
}

/**
 * The metadata and report files of a package, relative to its root: every JSON and Markdown file
 * outside data/, and the CSVW sidecars in data/ (`*-metadata.json`).
 */
export async function packageTextFiles(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true })).map(String);
  return all
    .filter((f) => /\.(json|jsonld|md)$/i.test(f) && !f.split(/[\\/]/).some((p) => p.startsWith('.')))
    .filter((f) => !/^data[\\/]/.test(f) || /-metadata\.json$/i.test(f))
    .sort();
}

/** The declared department contact of a package (datapackage.json contributors with role contact). */
export function packageContact(datapackage: unknown): string[] {
  const contributors = (datapackage as { contributors?: Array<Record<string, unknown>> } | null)?.contributors ?? [];
  const out: string[] = [];
  for (const c of contributors) {
    if (!Array.isArray(c.roles) || !c.roles.includes('contact')) continue;
    for (const k of ['email', 'gov:phone']) if (typeof c[k] === 'string') out.push(c[k] as string);
  }
  return out;
}

/** Scan every metadata and report file of a package folder. */
export async function scanPackageTexts(dir: string, scanner: TextScanner, files?: string[]): Promise<TextFinding[]> {
  for (const f of files ?? (await packageTextFiles(dir))) {
    const text = await readFile(join(dir, f), 'utf8');
    const name = f.replace(/\\/g, '/');
    if (/\.md$/i.test(f)) {
      scanner.lines(text, name);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON after all: scan it as text rather than not at all.
      scanner.lines(text, name);
      continue;
    }
    scanner.json(value, name);
  }
  return scanner.findings;
}

/**
 * Whether a name (a column header, a spec key) itself holds personal data, such as an ID number
 * or a phone used as a header: such a name is shown as `column #n` in errors and reports.
 */
export function nameHoldsPersonalData(name: string): boolean {
  // A header that is a two-character name alone (张伟) is one too, though running text would not be.
  return new TextScanner().text(name, '', '') || bareNameHeader(name);
}
