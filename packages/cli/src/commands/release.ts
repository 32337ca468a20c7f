import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { changeStatus, listVersions, loadSpec, verifyReleases } from '@tuomin/publish';
import type { Command, CliIO } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { usageError } from '../usage.js';

/** The dataset folder: given directly, or derived from a spec (output.folder/dataset.id). */
async function datasetDir(arg: string, cwd: string): Promise<string> {
  if (/\.(ya?ml|json)$/.test(arg)) {
    const l = await loadSpec(resolve(cwd, arg));
    return resolve(l.dir, l.spec.output.folder, l.spec.dataset.id);
  }
  return resolve(cwd, arg);
}

/** What opening the release store repaired (a crashed commit recovered, a status.json rewritten): on stderr, never silent. */
function printNotes(io: CliIO, notes: string[]): void {
  for (const n of notes) io.stderr.write(`tuomin release: ${n}\n`);
}

export const releaseCommand: Command = {
  name: 'release',
  usage: `Usage:
  tuomin release list <dataset-folder | spec.yaml> [--json]
  tuomin release verify <dataset-folder | spec.yaml> [--json]
  tuomin release suspend|withdraw|restore <dataset-folder | spec.yaml> <version> --reason "..." [--json]

list      the versions and their status, as the release ledger records them.
verify    checks the ledger's hash chain and every version's files against its SHA256SUMS.
suspend   中止: the version stays on disk but is marked suspended (a complaint is being checked).
withdraw  撤回: deletes the version's data files, keeps metadata, hashes and the reason. Final.
restore   恢复: a suspended version is published again.
A re-processed release is published with tuomin run and becomes the next version, linking
back with previousVersion and replaces (Art. 22, 23). Every change is appended to ledger.jsonl,
whose lines are hash-chained; every command checks the chain first and stops, naming the line,
if it is damaged (docs/publication.md, "The ledger").
Exit codes: 0 ok, 1 bad input (unknown version, damaged ledger, busy dataset), 2 usage error.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, reason: { type: 'string' } } });
    const [action, target, version] = positionals;
    if (!action || !target) return usageError('release', this.usage, 'expected an action and a dataset folder or spec');
    if (!['list', 'verify', 'suspend', 'withdraw', 'restore'].includes(action)) return usageError('release', this.usage, `unknown action "${action}"`);
    const notes: string[] = [];
    if (action === 'list' || action === 'verify') {
      if (positionals.length > 2) return usageError('release', this.usage, `${action} takes no version`);
      const dir = await datasetDir(target, io.cwd);
      if (action === 'verify') {
        const r = await verifyReleases(dir, notes);
        printNotes(io, notes);
        if (values.json) printJson(io, { ok: r.problems.length === 0, dataset: dir, ...r });
        else {
          print(io, `ledger ${r.ledgerLines} line(s), chain verified; ${r.versions.length} version(s)`);
          for (const p of r.problems) print(io, `  ${p.version}: ${p.problem}`);
        }
        if (r.problems.length) io.stderr.write(`tuomin release: ${r.problems.length} version(s) do not match their SHA256SUMS; restore them from your backup\n`);
        return r.problems.length ? EXIT.BAD_INPUT : EXIT.OK;
      }
      const versions = await listVersions(dir, notes);
      printNotes(io, notes);
      if (values.json) printJson(io, { ok: true, dataset: dir, versions, ...(notes.length ? { notes } : {}) });
      else if (versions.length === 0) print(io, `no releases in ${dir}`);
      else for (const v of versions) print(io, `${v.version}  ${v.status.padEnd(9)}  since ${v.since}${v.reason ? `  reason: ${v.reason}` : ''}${v.replaces ? `  replaces ${v.replaces}` : ''}${v.replacedBy ? `  replaced by ${v.replacedBy}` : ''}`);
      return EXIT.OK;
    }
    if (action !== 'suspend' && action !== 'withdraw' && action !== 'restore') return usageError('release', this.usage, `unknown action "${action}"`);
    if (!version) return usageError('release', this.usage, `${action}: give the version`);
    // A missing reason is a usage error (exit 2), found before anything is opened.
    if (!values.reason?.trim()) return usageError('release', this.usage, `${action}: --reason "..." is required (it is recorded in the ledger and status.json)`);
    const dir = await datasetDir(target, io.cwd);
    const st = await changeStatus(dir, version, action, values.reason, notes);
    printNotes(io, notes);
    if (values.json) printJson(io, { ok: true, ...st, ...(notes.length ? { notes } : {}) });
    else print(io, `${st.dataset} ${st.version} is now ${st.status} (${st.reason})`);
    return EXIT.OK;
  },
};
