import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { TuominError } from '@tuomin/core';
import { draftSpec, profileFile, type FileProfile } from '@tuomin/publish';
import type { CliIO, Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { exists, usageError } from '../usage.js';
import { CSV_INPUT_FLAGS, csvInputOptions, csvInputUsage } from '../csv-input.js';
import { Progress } from '../progress.js';

export const profileCommand: Command = {
  name: 'profile',
  usage: `Usage: tuomin profile <file> [--json] [--sample N] [--write-spec spec.yaml] [CSV options]

Reports per column the inferred type, null rate, distinct estimate, length range, the share of
values each detector matches, the shapes of its values (person names, codes, masked
identifiers), a suggested role (direct identifier, quasi-identifier, sensitive, free text),
sensitivity level (L1 public .. L4 sensitive personal) and rule. Values are never printed.

Options:
  --json                 print one JSON object
  --sample N             profile only the first N rows
  --write-spec <file>    draft a dataset spec (YAML) that publishes safely once its TODOs and the
                         catalog metadata are filled in; refuses to overwrite an existing file
CSV input (the same as convert; a drafted spec reads the source with them too):
${csvInputUsage('leave it out of the profile (written nowhere) and count it')}
Exit codes: 0 ok, 1 unreadable input or the --write-spec file exists (checked first), 2 usage error.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, sample: { type: 'string' }, 'write-spec': { type: 'string' }, ...CSV_INPUT_FLAGS },
    });
    if (positionals.length !== 1) return usage(io, this.usage, 'expected exactly one file');
    const sample = values.sample !== undefined ? Number(values.sample) : undefined;
    if (sample !== undefined && !(Number.isInteger(sample) && sample > 0)) return usage(io, this.usage, '--sample must be a positive integer');
    const csv = csvInputOptions(values, 'profile', this.usage);
    const specPath = values['write-spec'] ? resolve(io.cwd, values['write-spec']) : undefined;
    // Checked before profiling, so a long profile is not thrown away at the end.
    if (specPath && (await exists(specPath))) {
      throw new TuominError('BAD_INPUT', `--write-spec ${values['write-spec']} already exists; a draft never overwrites a file`, { file: specPath }, 'choose another name, or remove the existing file first');
    }
    const file = resolve(io.cwd, positionals[0]!);
    const progress = new Progress(io.stderr, 'profile');
    const profile = await profileFile(file, {
      ...(sample !== undefined ? { sample } : {}),
      ...(Object.keys(csv).length ? { csv } : {}),
      onProgress: (rows) => progress.update(rows),
    });
    progress.done();
    if (specPath) {
      await writeFile(specPath, draftSpec(profile, specPath), { flag: 'wx' });
    }
    if (values.json) printJson(io, { ok: true, ...profile, ...(specPath ? { specWritten: specPath } : {}) });
    else {
      print(io, render(profile, positionals[0]!));
      if (specPath) print(io, `draft spec written to ${values['write-spec']}: review every column before running it`);
    }
    return EXIT.OK;
  },
};

function usage(_io: CliIO, text: string, why: string): never {
  return usageError('profile', text, why);
}

function render(p: FileProfile, name: string): string {
  const lines = [`${name}: ${p.rows} rows${p.sampled ? ' (sample)' : ''}, ${p.columns.length} columns${p.badRows ? `, ${p.badRows} malformed rows skipped` : ''}`, ''];
  for (const c of p.columns) {
    const det = c.detectors.map((d) => `${d.type} ${(d.share * 100).toFixed(1)}%`).join(', ');
    lines.push(`${c.name}  [${c.suggestion.sensitivity}] ${c.inferredType}, null ${(c.nullRate * 100).toFixed(1)}%, ~${c.distinct}${c.distinctExact ? '' : ' (est.)'} distinct, length ${c.minLength}-${c.maxLength}${det ? `, ${det}` : ''}`);
    lines.push(`    → ${c.suggestion.note}`);
  }
  if (p.quasiIdentifiers.length) lines.push('', `likely quasi-identifiers: ${p.quasiIdentifiers.join(', ')}`);
  if (p.sensitive.length) lines.push(`likely sensitive attributes: ${p.sensitive.join(', ')}`);
  return lines.join('\n');
}
