import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DETECTOR_TYPES, LEGAL_PERSON_TYPES, PERSONAL_TYPES, type DetectorType } from '@tuomin/core';
import { scanFile } from '@tuomin/publish';
import type { CliIO, Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { parseEncoding, strictNumber, usageError } from '../usage.js';
import { Progress } from '../progress.js';

export const scanCommand: Command = {
  name: 'scan',
  usage: `Usage: tuomin scan <file | package folder> [--json] [--all-rows] [--types a,b | --all-types] [--min-confidence 0.5]

Scans every cell of every column (free text included) of a CSV, TSV, Parquet, Arrow or NDJSON
file for identifiers of natural persons: ${[...PERSONAL_TYPES].join(', ')}.
Legal-person identifiers (${[...LEGAL_PERSON_TYPES].join(', ')}: public business information) are
looked for only with --all-types or when named in --types.
Prints, per column and type, how many rows hold one and the first 100 row numbers (1-based,
header excluded). Values are never printed. Column names are scanned too: a column whose name
holds an identifier is shown as "column #n". Given a package folder (or its datapackage.json),
scans every data file and every metadata and report file (findings with "file" and "place").

Options:
  --json                print {"ok", "clean", "rows", "findings": [{"column", "type", "count", "rows"}]}
  --all-rows            list every row number, not only the first 100
  --types a,b           only look for these types
  --all-types           also look for legal-person identifiers (USCC)
  --min-confidence X    drop findings below this confidence (default 0.5)
  --encoding E          CSV encoding: utf-8, gb18030, gbk or auto (default: detected)
Exit codes: 0 clean, 3 findings remain, 1 unreadable input, 2 usage error.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        'all-rows': { type: 'boolean' },
        types: { type: 'string' },
        'all-types': { type: 'boolean' },
        'min-confidence': { type: 'string' },
        encoding: { type: 'string' },
      },
    });
    if (positionals.length !== 1) return usage(io, this.usage, 'expected exactly one file');
    let types: DetectorType[] | undefined = values['all-types'] ? undefined : [...PERSONAL_TYPES];
    if (values.types !== undefined) {
      types = values.types.split(',').map((t) => t.trim()).filter(Boolean) as DetectorType[];
      const unknown = types.filter((t) => !(DETECTOR_TYPES as readonly string[]).includes(t));
      if (unknown.length || types.length === 0) return usage(io, this.usage, `unknown type(s) ${unknown.join(', ')}; known: ${DETECTOR_TYPES.join(', ')}`);
    }
    const minConfidence = values['min-confidence'] !== undefined ? strictNumber(values['min-confidence']) : undefined;
    const encoding = parseEncoding(values.encoding, 'scan', this.usage);
    if (minConfidence !== undefined && !(minConfidence >= 0 && minConfidence <= 1)) return usage(io, this.usage, '--min-confidence must be a number from 0 to 1');
    const file = resolve(io.cwd, positionals[0]!);
    const progress = new Progress(io.stderr, 'scan');
    const result = await scanFile(file, {
      ...(types ? { types } : {}),
      ...(minConfidence !== undefined ? { minConfidence } : {}),
      ...(values['all-rows'] ? { allRows: true } : {}),
      ...(encoding ? { csv: { encoding } } : {}),
      onProgress: (rows) => progress.update(rows),
    });
    progress.done();
    if (values.json) {
      printJson(io, {
        ok: true,
        clean: result.clean,
        rows: result.rows,
        findings: result.findings.map((f) => ({ ...f, personal: PERSONAL_TYPES.has(f.type) })),
        ...(result.skipped ? { skipped: result.skipped } : {}),
      });
    } else {
      print(io, `${positionals[0]}: ${result.rows} rows, ${result.clean ? 'clean: no identifiers found' : `${result.findings.length} finding(s)`}`);
      if (!result.clean) print(io, table(result.findings));
      for (const s of result.skipped ?? []) print(io, `not read: ${s}`);
    }
    return result.clean ? EXIT.OK : EXIT.SECURITY;
  },
};

function usage(_io: CliIO, text: string, why: string): never {
  return usageError('scan', text, why);
}

function table(findings: { column: string; type: string; count: number; rows: number[]; confidence: number }[]): string {
  const head = ['column', 'type', 'rows with it', 'confidence', 'first rows'];
  const body = findings.map((f) => [
    f.column,
    f.type,
    String(f.count),
    f.confidence.toFixed(2),
    f.rows.slice(0, 8).join(', ') + (f.count > 8 ? ', …' : ''),
  ]);
  const width = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  const cols = head.map((h, i) => Math.max(width(h), ...body.map((r) => width(r[i]!))));
  const line = (r: string[]) => r.map((c, i) => c + ' '.repeat(cols[i]! - width(c))).join('  ').trimEnd();
  return [line(head), cols.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
