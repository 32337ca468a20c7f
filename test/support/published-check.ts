/**
 * An independent checker of a published package, sharing no code with tuomin: DuckDB reads the
 * published CSV, plain JS counts. It looks for raw direct identifiers in every published cell and
 * in every text file of the package (metadata, README, reports), for door-level addresses, and
 * counts equivalence classes over the columns an attacker knows. Results are counts by kind, never
 * values: a failing test must not print the (synthetic) identifiers either.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parse } from 'yaml';
import { tableFromIPC } from 'apache-arrow';
import XLSX from 'xlsx';

export interface Published {
  columns: string[];
  rows: Array<Array<string | null>>;
}

export async function readPublishedCsv(duck: DuckDBConnection, csv: string): Promise<Published> {
  const r = await duck.runAndReadAll(`SELECT * FROM read_csv('${csv.replaceAll("'", "''")}', all_varchar = true, header = true, auto_detect = true)`);
  return { columns: r.columnNames(), rows: r.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))) };
}

/** A published Parquet file read the same way, every column as text (DuckDB casts decimals, dates and numbers). */
export async function readPublishedParquet(duck: DuckDBConnection, parquet: string): Promise<Published> {
  const r = await duck.runAndReadAll(`SELECT COLUMNS(*)::VARCHAR FROM read_parquet('${parquet.replaceAll("'", "''")}')`);
  return { columns: r.columnNames(), rows: r.getRows().map((row) => row.map((v) => (v === null ? null : String(v)))) };
}

/**
 * An identifier however it was spelled: NFKC (full-width digits and letters to ASCII), upper case,
 * and no separators (spaces, dashes, dots, brackets, middle dots, invisible characters). The same
 * reduction is applied to the known identifiers and to each published cell, so `+86 138 1234
 * 5678`, `１３８１２３４５６７８` and `138-1234-5678` inside a remark all meet `13812345678`.
 */
export function canonicalForm(s: string): string {
  return s.normalize('NFKC').toUpperCase().replace(/[\s\-.·()（）\u200b-\u200d\ufeff]/g, '');
}

/** Canonical identifiers (IDs, phones, cards, passports, emails) found in published cells, by column. */
export function canonicalLeaks(published: Published, canonical: ReadonlySet<string>): Record<string, number> {
  const known = new Set([...canonical].map(canonicalForm));
  const lengths = [...new Set([...known].map((v) => v.length))].filter((n) => n >= 7);
  const leaks = new Map<string, number>();
  for (const row of published.rows) {
    row.forEach((cell, c) => {
      if (cell === null) return;
      const text = canonicalForm(cell);
      for (const n of lengths) {
        for (let i = 0; i + n <= text.length; i++) {
          if (!known.has(text.slice(i, i + n))) continue;
          const column = published.columns[c]!;
          leaks.set(column, (leaks.get(column) ?? 0) + 1);
        }
      }
    });
  }
  return Object.fromEntries(leaks);
}

/** Kinds of raw value found in a text, by counting every substring of a length some raw value has. */
function countRaw(text: string, direct: ReadonlySet<string>, lengths: readonly number[], into: Map<string, number>): void {
  for (const n of lengths) {
    for (let i = 0; i + n <= text.length; i++) {
      if (!direct.has(text.slice(i, i + n))) continue;
      const kind = n > 6 ? 'an identifier' : 'a name';
      into.set(kind, (into.get(kind) ?? 0) + 1);
    }
  }
}

// A door-level address: a building, unit or room number left in a cell (3号楼, 2单元, 501室, 3-2-501).
const DOOR = /\d+\s*(?:号楼|栋|幢|单元|室)|\d{1,3}-\d{1,2}-\d{3,4}(?!\d)/;

/** Raw direct identifiers and door-level addresses in published cells, by kind. */
export function cellLeaks(published: Published, direct: ReadonlySet<string>): Record<string, number> {
  const leaks = new Map<string, number>();
  const lengths = [...new Set([...direct].map((v) => v.length))].filter((n) => n >= 2);
  for (const row of published.rows) {
    for (const cell of row) {
      if (cell === null) continue;
      countRaw(cell, direct, lengths, leaks);
      if (DOOR.test(cell)) leaks.set('a door-level address', (leaks.get('a door-level address') ?? 0) + 1);
    }
  }
  return Object.fromEntries(leaks);
}

/** Every file under a folder (a package), by its path. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? filesUnder(join(dir, f)) : [join(dir, f)]));
}

/** Raw identifiers (IDs, phones, accounts, record numbers: 7+ characters) in any text file of the package but the data itself. */
export function metadataLeaks(packageDir: string, dataFiles: readonly string[], direct: ReadonlySet<string>): Record<string, number> {
  const long = new Set([...direct].filter((v) => v.length > 6));
  const lengths = [...new Set([...long].map((v) => v.length))];
  const leaks = new Map<string, number>();
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) { walk(p); continue; }
      if (dataFiles.includes(p) || !/\.(json|md|txt|yaml|yml|html)$/.test(f)) continue;
      const before = leaks.get('an identifier') ?? 0;
      countRaw(readFileSync(p, 'utf8'), long, lengths, leaks);
      if ((leaks.get('an identifier') ?? 0) > before) leaks.set(`in ${f}`, (leaks.get(`in ${f}`) ?? 0) + 1);
    }
  };
  walk(packageDir);
  return Object.fromEntries(leaks);
}

/** Published names of the source columns, from the spec (a column without `name:` keeps its header). */
export function publishedNames(specText: string, sourceColumns: readonly string[]): Map<string, string> {
  const spec = parse(specText) as { columns?: Record<string, { name?: string } | null> };
  const out = new Map<string, string>();
  for (const c of sourceColumns) out.set(c, spec.columns?.[c]?.name ?? c);
  return out;
}

export interface ClassCount {
  columns: number;
  smallestClass: number;
  classesBelowK: number;
  recordsBelowK: number;
}

/** Equivalence classes over the attacker's columns that were published (a dropped column is known to nobody). */
export function classesOver(published: Published, attackerColumns: readonly string[], k: number): ClassCount {
  const idx = attackerColumns.map((c) => published.columns.indexOf(c)).filter((i) => i >= 0);
  const classes = new Map<string, number>();
  for (const row of published.rows) {
    const key = JSON.stringify(idx.map((i) => row[i]));
    classes.set(key, (classes.get(key) ?? 0) + 1);
  }
  const sizes = [...classes.values()];
  const small = sizes.filter((n) => n < k);
  return {
    columns: idx.length,
    smallestClass: sizes.length ? Math.min(...sizes) : 0,
    classesBelowK: small.length,
    recordsBelowK: small.reduce((a, n) => a + n, 0),
  };
}

// Between cells: a character canonicalForm keeps, so two cells never join into one identifier.
const SEP = '\u0001';

/**
 * Every text a reader can get out of one published file, whatever its format: the cells (numbers
 * and dates as their decimal text), the header, and the metadata the format carries beside the
 * cells (Parquet key-value metadata, Arrow schema and field metadata, every part of an XLSX zip:
 * document properties, shared strings, numbers in the sheet). Text files are read whole.
 */
export async function fileTexts(duck: DuckDBConnection, path: string): Promise<string[]> {
  const q = path.replaceAll("'", "''");
  if (path.endsWith('.parquet')) {
    const cells = await readPublishedParquet(duck, path);
    const kv = (await duck.runAndReadAll(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${q}')`)).getRows();
    return [cells.columns.join(SEP), ...cells.rows.map((r) => r.join(SEP)), ...kv.map((r) => `${r[0]}${SEP}${r[1]}`)];
  }
  if (path.endsWith('.arrow')) {
    const table = tableFromIPC(readFileSync(path));
    const out = [table.schema.fields.map((f) => `${f.name}${SEP}${[...f.metadata].join(SEP)}`).join(SEP), [...table.schema.metadata].join(SEP)];
    for (const row of table) out.push(Object.values(row.toJSON()).map((v) => (v === null ? '' : String(v))).join(SEP));
    return out;
  }
  if (path.endsWith('.xlsx')) {
    const zip = XLSX.CFB.read(readFileSync(path), { type: 'buffer' });
    return zip.FileIndex.filter((e: { type: number; content?: unknown }) => e.type === 2 && e.content).map((e: { content?: unknown }) => Buffer.from(e.content as Uint8Array).toString('utf8'));
  }
  return [readFileSync(path, 'utf8')];
}

/**
 * Raw identifiers (7+ characters) found in any file of a package, by file, counting every
 * spelling (canonicalForm): a count per file name, never a value.
 */
export async function packageLeaks(duck: DuckDBConnection, packageDir: string, identifiers: ReadonlySet<string>): Promise<Record<string, number>> {
  const known = new Set([...identifiers].filter((v) => v.length > 6).map(canonicalForm));
  const lengths = [...new Set([...known].map((v) => v.length))];
  const leaks: Record<string, number> = {};
  const walk = async (d: string): Promise<void> => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) { await walk(p); continue; }
      let n = 0;
      for (const raw of await fileTexts(duck, p)) {
        const text = canonicalForm(raw);
        for (const len of lengths) for (let i = 0; i + len <= text.length; i++) if (known.has(text.slice(i, i + len))) n++;
      }
      if (n) leaks[p.slice(packageDir.length + 1)] = n;
    }
  };
  await walk(packageDir);
  return leaks;
}

/**
 * Planted names in any text of any file of a package, by file: a count per file name, never a
 * value. Values longer than `maxLength` are left out (by default 6: longer ones are
 * `packageLeaks`' job, in any spelling).
 */
export async function namesInPackage(duck: DuckDBConnection, packageDir: string, planted: Iterable<string>, maxLength = 6): Promise<Record<string, number>> {
  const names = [...planted].filter((v) => v.length <= maxLength);
  const out: Record<string, number> = {};
  const walk = async (p: string): Promise<void> => {
    if (statSync(p).isDirectory()) { for (const f of readdirSync(p)) await walk(join(p, f)); return; }
    let n = 0;
    for (const text of await fileTexts(duck, p)) for (const name of names) if (text.includes(name)) n++;
    if (n) out[p.slice(packageDir.length + 1)] = n;
  };
  await walk(packageDir);
  return out;
}
