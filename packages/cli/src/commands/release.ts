import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { changeStatus, listVersions, loadSpec } from '@tuomin/publish';
import type { Command } from '../command.js';
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

export const releaseCommand: Command = {
  name: 'release',
  summary: 'list, suspend, withdraw or restore published versions',
  usage: `Usage:
  tuomin release list <dataset-folder | spec.yaml> [--json]
  tuomin release suspend|withdraw|restore <dataset-folder | spec.yaml> <version> --reason "..." [--json]

suspend   中止: the version stays on disk but is marked suspended (a complaint is being checked).
withdraw  撤回: deletes the version's data files, keeps metadata, hashes and the reason. Final.
restore   恢复: a suspended version is published again.
A re-processed release is published with tuomin run and becomes the next version, linking
back with previousVersion and replaces (Art. 22, 23). Every change is appended to ledger.jsonl.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, reason: { type: 'string' } } });
    const [action, target, version] = positionals;
    if (!action || !target) return usageError('release', this.usage, 'expected an action and a dataset folder or spec');
    if (!['list', 'suspend', 'withdraw', 'restore'].includes(action)) return usageError('release', this.usage, `unknown action "${action}"`);
    const dir = await datasetDir(target, io.cwd);
    if (action === 'list') {
      const versions = await listVersions(dir);
      if (values.json) printJson(io, { ok: true, dataset: dir, versions });
      else if (versions.length === 0) print(io, `no releases in ${dir}`);
      else for (const v of versions) print(io, `${v.version}  ${v.status.padEnd(9)}  since ${v.since}${v.reason ? `  reason: ${v.reason}` : ''}${v.replaces ? `  replaces ${v.replaces}` : ''}${v.replacedBy ? `  replaced by ${v.replacedBy}` : ''}`);
      return EXIT.OK;
    }
    if (action !== 'suspend' && action !== 'withdraw' && action !== 'restore') return usageError('release', this.usage, `unknown action "${action}"`);
    if (!version) return usageError('release', this.usage, `${action}: give the version`);
    const st = await changeStatus(dir, version, action, values.reason ?? '');
    if (values.json) printJson(io, { ok: true, ...st });
    else print(io, `${st.dataset} ${st.version} is now ${st.status} (${st.reason})`);
    return EXIT.OK;
  },
};
