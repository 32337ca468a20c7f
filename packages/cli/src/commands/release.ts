import { resolve } from 'node:path';
import { TuominError } from '@tuomin/core/errors';
import { changeStatus, listVersions, loadSpecLazily, verifyReleases, type SourceCheck, type VersionRecord } from '@tuomin/publish/light';
import type { Command, CliIO } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { closest, storeNote, t } from '../messages/index.js';
import { defineVerb } from '../options/table.js';
import { parseVerb, verbUsageError } from '../options/parse.js';
import { helpText } from '../options/help.js';
import { nonEmpty, text } from '../options/values.js';

/** The dataset folder: given directly, or derived from a spec (output.folder/dataset.id). */
async function datasetDir(arg: string, cwd: string): Promise<string> {
  if (/\.(ya?ml|json)$/.test(arg)) {
    // The spec loader (zod, yaml, rule schemas; no Arrow) is loaded only when a spec is given (#16).
    const l = await loadSpecLazily(resolve(cwd, arg));
    return resolve(l.dir, l.spec.output.folder, l.spec.dataset.id);
  }
  return resolve(cwd, arg);
}

/** What opening the release store repaired (a crashed commit recovered, a status.json rewritten): on stderr, never silent. */
function printNotes(io: CliIO, notes: string[]): void {
  for (const n of notes) io.stderr.write(`tuomin release: ${storeNote(n)}\n`);
}

/** The source files a version was made from, one line each: the full SHA-256, to compare with `sha256sum` of a kept extract. */
function printSources(io: CliIO, v: VersionRecord): void {
  for (const s of v.sources ?? []) print(io, `  ${t('release.source', { path: s.path, bytes: s.bytes, sha256: s.sha256 })}`);
}

function printSourceCheck(io: CliIO, c: SourceCheck): void {
  print(io, t('release.sourceFile', { file: c.file, bytes: c.bytes, sha256: c.sha256 }));
  for (const m of c.matches) print(io, `  ${t('release.sourceMatch', { version: m.version, status: m.status, path: m.path })}`);
  if (c.matches.length === 0) print(io, `  ${t('release.sourceNoMatch')}`);
  for (const d of c.differs) print(io, `  ${t('release.sourceDiffers', { version: d.version, path: d.path, bytes: d.bytes, sha256: d.sha256 })}`);
}

const ACTIONS = ['list', 'verify', 'suspend', 'withdraw', 'restore'] as const;

export const releaseSpec = defineVerb({
  name: 'release',
  synopsis: `list|verify <dataset-folder | spec.yaml> [--json]
       tuomin release verify <dataset-folder | spec.yaml> --source <file> [--source <file> ...] [--json]
       tuomin release suspend|withdraw|restore <dataset-folder | spec.yaml> <version> --reason "..." [--json]`,
  about: {
    en: `list      the versions and their status, as the release ledger records them, with the
          source files each was made from (path, size, SHA-256).
verify    checks the ledger's hash chain and every version's files against its SHA256SUMS.
          With --source: which versions were made from that file (its SHA-256 against the
          source files the ledger records); exit 1 when it matches none.
suspend   中止: the version stays on disk but is marked suspended (a complaint is being checked).
withdraw  撤回: deletes the version's data files, keeps metadata, hashes and the reason. Final.
restore   恢复: a suspended version is published again.
A re-processed release is published with tuomin run and becomes the next version, linking
back with previousVersion and replaces (Art. 22, 23). Every change is appended to ledger.jsonl,
whose lines are hash-chained; every command checks the chain first and stops, naming the line,
if it is damaged (docs/publication.md, "The ledger").`,
    zh: `list      按发布台账列出各版本及其状态，以及各版本所依据的源文件（路径、大小、SHA-256）。
verify    校验台账的哈希链，并按 SHA256SUMS 校验每个版本的文件。
          加 --source：按 SHA-256 查出哪些版本是由该文件制作的（与台账记录的源文件比对）；
          一个都不符时退出码为 1。
suspend   中止：版本保留在磁盘上，但标记为已中止（正在核实投诉）。
withdraw  撤回：删除该版本的数据文件，保留元数据、哈希和原因。不可恢复。
restore   恢复：重新发布一个已中止的版本。
重新处理后的数据用 tuomin run 发布为下一个版本，并通过 previousVersion 和 replaces 关联旧版本
（第二十二、二十三条）。每次变更都追加到 ledger.jsonl，各行以哈希链相连；每条命令先校验哈希链，
如有损坏则停止并指出是哪一行（docs/publication.md，“The ledger”）。`,
  },
  options: {
    source: { type: 'string', multiple: true, arg: { en: '<file>', zh: '<文件>' }, help: { en: 'verify: an extract to compare with the source files the ledger records (by SHA-256)', zh: 'verify：要与台账记录的源文件比对的提取文件（按 SHA-256）' }, parse: nonEmpty },
    reason: { type: 'string', arg: { en: '"..."', zh: '"说明"' }, help: { en: 'why (suspend, withdraw, restore; recorded in the ledger)', zh: '原因（suspend、withdraw、restore 必填；记入台账）' }, parse: text },
  },
  exitCodes: {
    en: 'Exit codes: 0 ok, 1 bad input (unknown version, damaged ledger, busy dataset), 2 usage error.',
    zh: '退出码：0 成功，1 输入有误（版本不存在、台账损坏、数据集正被占用），2 用法错误。',
  },
});

export const releaseCommand: Command = {
  name: 'release',
  spec: releaseSpec,
  get usage() {
    return helpText(releaseSpec);
  },
  async run(argv, io) {
    const { values, positionals } = parseVerb(releaseSpec, argv);
    const [action, target, version] = positionals;
    if (!action || !target) return verbUsageError(releaseSpec, t('usage.args', { what: t('args.release') }));
    if (!(ACTIONS as readonly string[]).includes(action)) {
      const near = closest(action, ACTIONS);
      return verbUsageError(releaseSpec, t('release.unknownAction', { action }), near ? t('usage.didYouMean', { name: near }) : undefined);
    }
    const notes: string[] = [];
    if (action === 'list' || action === 'verify') {
      if (positionals.length > 2) return verbUsageError(releaseSpec, t('release.noVersion', { action }));
      if (values.source && action !== 'verify') return verbUsageError(releaseSpec, t('release.sourceOnlyVerify'));
      const dir = await datasetDir(target, io.cwd);
      if (action === 'verify' && values.source) {
        const r = await verifyReleases(dir, notes, { sources: values.source, cwd: io.cwd });
        printNotes(io, notes);
        const checks = r.sources ?? [];
        const unmatched = checks.filter((c) => c.matches.length === 0).length;
        if (values.json) printJson(io, { ok: unmatched === 0, dataset: dir, ledgerLines: r.ledgerLines, sources: checks, ...(r.unrecorded ? { unrecorded: r.unrecorded } : {}) });
        else {
          print(io, t('release.verified', { lines: r.ledgerLines, versions: r.versions.length }));
          for (const c of checks) printSourceCheck(io, c);
          if (r.unrecorded) print(io, t('release.sourcesUnrecorded', { versions: r.unrecorded.join(', ') }));
        }
        if (unmatched) io.stderr.write(`tuomin release: ${t('release.sourceUnmatched', { count: unmatched })}\n`);
        return unmatched ? EXIT.BAD_INPUT : EXIT.OK;
      }
      if (action === 'verify') {
        const r = await verifyReleases(dir, notes);
        printNotes(io, notes);
        // A folder with no ledger (the output root, a mistyped dataset folder) has nothing verified:
        // refuse it as a missing folder is refused, rather than report a verified chain of 0 lines.
        if (r.ledgerLines === 0) throw new TuominError('BAD_INPUT', `no releases in ${dir}`, { file: dir }, 'give the dataset folder (<output.folder>/<dataset.id>) or the spec', { id: 'release.noReleases' });
        if (values.json) printJson(io, { ok: r.problems.length === 0, dataset: dir, ...r });
        else {
          print(io, t('release.verified', { lines: r.ledgerLines, versions: r.versions.length }));
          for (const p of r.problems) print(io, `  ${p.version}: ${p.problem}`);
        }
        if (r.problems.length) io.stderr.write(`tuomin release: ${t('release.mismatch', { count: r.problems.length })}\n`);
        return r.problems.length ? EXIT.BAD_INPUT : EXIT.OK;
      }
      const versions = await listVersions(dir, notes);
      printNotes(io, notes);
      if (values.json) printJson(io, { ok: true, dataset: dir, versions, ...(notes.length ? { notes } : {}) });
      else if (versions.length === 0) print(io, t('release.none', { dir }));
      else {
        for (const v of versions) {
          print(io, `${v.version}  ${v.status.padEnd(9)}  ${t('release.since', { since: v.since })}${v.reason ? `  ${t('release.reason', { reason: v.reason })}` : ''}${v.replaces ? `  ${t('release.replaces', { version: v.replaces })}` : ''}${v.replacedBy ? `  ${t('release.replacedBy', { version: v.replacedBy })}` : ''}`);
          printSources(io, v);
        }
      }
      return EXIT.OK;
    }
    if (action !== 'suspend' && action !== 'withdraw' && action !== 'restore') return verbUsageError(releaseSpec, t('release.unknownAction', { action }));
    if (!version) return verbUsageError(releaseSpec, t('release.giveVersion', { action }));
    // A missing reason is a usage error (exit 2), found before anything is opened.
    if (!values.reason?.trim()) return verbUsageError(releaseSpec, t('release.reasonRequired', { action }));
    const dir = await datasetDir(target, io.cwd);
    const st = await changeStatus(dir, version, action, values.reason, notes);
    printNotes(io, notes);
    if (values.json) printJson(io, { ok: true, ...st, ...(notes.length ? { notes } : {}) });
    else print(io, t('release.changed', { dataset: st.dataset, version: st.version, status: st.status, reason: st.reason ?? '' }));
    return EXIT.OK;
  },
};
