import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { draftSpec, profileFile, type FileProfile } from '@tuomin/publish';
import type { CliIO, Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { Progress } from '../progress.js';

export const profileCommand: Command = {
  name: 'profile',
  summary: 'profile a file: types, nulls, distinct values, personal data per column, suggested rules',
  usage: `Usage: tuomin profile <file> [--json] [--sample N] [--write-spec spec.yaml]

Reports per column the inferred type, null rate, distinct estimate, length range, the share of
values each detector matches, a suggested sensitivity level (L1 public .. L4 sensitive personal)
and rule, and likely quasi-identifiers. Values are never printed.

Options:
  --json                 print one JSON object
  --sample N             profile only the first N rows
  --write-spec <file>    draft a dataset spec (YAML) to edit; refuses to overwrite an existing file
  --encoding E           CSV encoding (utf-8, gb18030; default: detected)`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, sample: { type: 'string' }, 'write-spec': { type: 'string' }, encoding: { type: 'string' } },
    });
    if (positionals.length !== 1) return usage(io, this.usage, 'expected exactly one file');
    const sample = values.sample !== undefined ? Number(values.sample) : undefined;
    if (sample !== undefined && !(Number.isInteger(sample) && sample > 0)) return usage(io, this.usage, '--sample must be a positive integer');
    const file = resolve(io.cwd, positionals[0]!);
    const progress = new Progress(io.stderr, 'profile');
    const profile = await profileFile(file, {
      ...(sample !== undefined ? { sample } : {}),
      ...(values.encoding ? { csv: { encoding: values.encoding } } : {}),
      onProgress: (rows) => progress.update(rows),
    });
    progress.done();
    let specPath: string | undefined;
    if (values['write-spec']) {
      specPath = resolve(io.cwd, values['write-spec']);
      await writeFile(specPath, draftSpec(profile, specPath), { flag: 'wx' });
    }
    if (values.json) printJson(io, { ...profile, ...(specPath ? { specWritten: specPath } : {}) });
    else {
      print(io, render(profile, positionals[0]!));
      if (specPath) print(io, `draft spec written to ${values['write-spec']}: review every column before running it`);
    }
    return EXIT.OK;
  },
};

function usage(io: CliIO, text: string, why: string): number {
  io.stderr.write(`tuomin profile: ${why}\n\n${text}\n`);
  return EXIT.USAGE;
}

function render(p: FileProfile, name: string): string {
  const lines = [`${name}: ${p.rows} rows${p.sampled ? ' (sample)' : ''}, ${p.columns.length} columns`, ''];
  for (const c of p.columns) {
    const det = c.detectors.map((d) => `${d.type} ${(d.share * 100).toFixed(1)}%`).join(', ');
    lines.push(`${c.name}  [${c.suggestion.sensitivity}] ${c.inferredType}, null ${(c.nullRate * 100).toFixed(1)}%, ~${c.distinct}${c.distinctExact ? '' : ' (est.)'} distinct, length ${c.minLength}-${c.maxLength}${det ? `, ${det}` : ''}`);
    lines.push(`    → ${c.suggestion.note}`);
  }
  if (p.quasiIdentifiers.length) lines.push('', `likely quasi-identifiers: ${p.quasiIdentifiers.join(', ')}`);
  return lines.join('\n');
}
