import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { writeTextAtomic } from '@tuomin/io';
import { buildOpenList, dueList, openListCsv } from '@tuomin/publish';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { exists, isDirectory, parseIsoDate, strictNumber, usageError } from '../usage.js';

export const catalogCommand: Command = {
  name: 'catalog',
  usage: `Usage: tuomin catalog <folder> [--out <dir>] [--json]

Finds dataset specs and published packages under <folder> and writes open-list.csv and
open-list.json to --out (default: <folder>). With --json prints the list instead of a summary.
A version's status comes from its dataset's release ledger (ledger.jsonl), verified first; files
that cannot be read (a malformed datapackage.json, a damaged ledger, a spec that does not parse)
are left out and listed as skipped, with the file and the reason.
Exit codes: 0 ok, 1 unreadable folder, 2 usage error.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, out: { type: 'string' } } });
    if (positionals.length !== 1) return usageError('catalog', this.usage, 'expected one folder');
    const folder = resolve(io.cwd, positionals[0]!);
    const { entries, skipped } = await buildOpenList(folder);
    const out = resolve(io.cwd, values.out ?? folder);
    if (await exists(out) && !(await isDirectory(out))) return usageError('catalog', this.usage, `--out ${values.out ?? ''} is a file, not a folder`);
    // Each file complete or not at all (temporary name, then rename; the folder is created).
    await writeTextAtomic(join(out, 'open-list.csv'), openListCsv(entries));
    await writeTextAtomic(join(out, 'open-list.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), entries }, null, 2)}\n`);
    if (values.json) printJson(io, { ok: true, entries, skipped, files: [join(out, 'open-list.csv'), join(out, 'open-list.json')] });
    else {
      print(io, `${entries.length} dataset(s) listed in ${join(out, 'open-list.csv')} and open-list.json`);
      for (const s of skipped) print(io, `  skipped ${s.file}: ${s.reason}`);
    }
    return EXIT.OK;
  },
};

export const dueCommand: Command = {
  name: 'due',
  usage: `Usage: tuomin due <folder> [--as-of YYYY-MM-DD] [--within DAYS] [--json]

Reads the packages under <folder>; a dataset is due at modified + its declared update frequency
(Art. 12). Lists overdue ones and those due within --within days (default 7).
A package that cannot be read (malformed datapackage.json, a damaged release ledger) is
reported as unreadable: its due date is unknown.
Exit codes: 0 nothing overdue, 5 at least one dataset overdue, 1 at least one package unreadable
(the list is incomplete; overdue ones are still printed), 2 usage error.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, 'as-of': { type: 'string' }, within: { type: 'string' } } });
    if (positionals.length !== 1) return usageError('due', this.usage, 'expected one folder');
    let asOf = new Date();
    if (values['as-of'] !== undefined) {
      const d = parseIsoDate(values['as-of']);
      if (!d) return usageError('due', this.usage, `--as-of expects an existing date YYYY-MM-DD (got ${JSON.stringify(values['as-of'])})`);
      asOf = d;
    }
    const within = values.within === undefined ? 7 : strictNumber(values.within);
    if (!Number.isInteger(within) || within < 0) return usageError('due', this.usage, `--within must be a whole number of days ≥ 0 (got ${JSON.stringify(values.within)})`);
    const { entries, skipped } = await buildOpenList(resolve(io.cwd, positionals[0]!));
    const unreadable = skipped.filter((s) => s.kind === 'package');
    const due = dueList(entries, asOf, within);
    const day = asOf.toISOString().slice(0, 10);
    if (values.json) printJson(io, {
      ok: unreadable.length === 0,
      ...(unreadable.length ? { error: { code: 'UNREADABLE', message: `${unreadable.length} package(s) could not be read; their due dates are unknown`, hint: 'repair or remove the files listed in unreadable, then rerun' } } : {}),
      asOf: day, within, due, unreadable,
    });
    else {
      if (due.length === 0) print(io, `nothing due within ${within} days of ${day}${unreadable.length ? ' among the packages that could be read' : ''}`);
      else for (const d of due) print(io, `${d.state === 'overdue' ? 'OVERDUE ' : 'due soon'}  ${d.id}  due ${d.due} (${d.daysLeft} days)  ${d.updateFrequency}, last ${d.modified.slice(0, 10)}`);
      for (const u of unreadable) print(io, `UNREADABLE  ${u.file}: ${u.reason}`);
    }
    if (unreadable.length) {
      io.stderr.write(`tuomin due: ${unreadable.length} package(s) could not be read; their due dates are unknown\n`);
      return EXIT.BAD_INPUT;
    }
    return due.some((d) => d.state === 'overdue') ? EXIT.OVERDUE : EXIT.OK;
  },
};
