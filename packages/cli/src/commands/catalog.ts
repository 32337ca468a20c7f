import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { writeTextAtomic } from '@tuomin/io';
import { buildOpenList, dueList, openListCsv } from '@tuomin/publish';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';

export const catalogCommand: Command = {
  name: 'catalog',
  summary: 'write the open list (开放清单) of every spec and package in a folder',
  usage: `Usage: tuomin catalog <folder> [--out <dir>] [--json]

Finds dataset specs and published packages under <folder> and writes open-list.csv and
open-list.json to --out (default: <folder>). With --json prints the list instead of a summary.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, out: { type: 'string' } } });
    if (positionals.length !== 1) {
      io.stderr.write(`${this.usage}\n`);
      return EXIT.USAGE;
    }
    const folder = resolve(io.cwd, positionals[0]!);
    const { entries, skipped } = await buildOpenList(folder);
    const out = resolve(io.cwd, values.out ?? folder);
    // Each file complete or not at all (temporary name, then rename; the folder is created).
    await writeTextAtomic(join(out, 'open-list.csv'), openListCsv(entries));
    await writeTextAtomic(join(out, 'open-list.json'), `${JSON.stringify({ generatedAt: new Date().toISOString(), entries }, null, 2)}\n`);
    if (values.json) printJson(io, { entries, skipped, files: [join(out, 'open-list.csv'), join(out, 'open-list.json')] });
    else {
      print(io, `${entries.length} dataset(s) listed in ${join(out, 'open-list.csv')} and open-list.json`);
      for (const s of skipped) print(io, `  skipped ${s.file}: ${s.reason}`);
    }
    return EXIT.OK;
  },
};

export const dueCommand: Command = {
  name: 'due',
  summary: 'list datasets overdue or due soon by their update frequency',
  usage: `Usage: tuomin due <folder> [--as-of YYYY-MM-DD] [--within DAYS] [--json]

Reads the packages under <folder>; a dataset is due at modified + its declared update frequency
(Art. 12). Lists overdue ones and those due within --within days (default 7).
Exit code 0 when nothing is overdue, 5 when at least one dataset is overdue.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, 'as-of': { type: 'string' }, within: { type: 'string' } } });
    if (positionals.length !== 1) {
      io.stderr.write(`${this.usage}\n`);
      return EXIT.USAGE;
    }
    const asOf = values['as-of'] ? new Date(`${values['as-of']}T00:00:00Z`) : new Date();
    if (Number.isNaN(asOf.getTime())) {
      io.stderr.write(`tuomin due: --as-of expects YYYY-MM-DD\n`);
      return EXIT.USAGE;
    }
    const within = values.within ? Number(values.within) : 7;
    const { entries } = await buildOpenList(resolve(io.cwd, positionals[0]!));
    const due = dueList(entries, asOf, within);
    if (values.json) printJson(io, { asOf: asOf.toISOString().slice(0, 10), due });
    else if (due.length === 0) print(io, `nothing due within ${within} days of ${asOf.toISOString().slice(0, 10)}`);
    else for (const d of due) print(io, `${d.state === 'overdue' ? 'OVERDUE ' : 'due soon'}  ${d.id}  due ${d.due} (${d.daysLeft} days)  ${d.updateFrequency}, last ${d.modified.slice(0, 10)}`);
    return due.some((d) => d.state === "overdue") ? EXIT.OVERDUE : EXIT.OK;
  },
};
