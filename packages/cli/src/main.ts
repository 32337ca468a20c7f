#!/usr/bin/env node
// The packages are loaded when a command runs, not for --help, --version or a usage error
// (commands/index.ts says why).
type Libraries = { core: typeof import('@tuomin/core'); io: typeof import('@tuomin/io/internal'); publish: typeof import('@tuomin/publish/internal') };
let libs: Libraries | undefined;
async function loadLibraries(): Promise<Libraries> {
  const [core, io, publish] = await Promise.all([import('@tuomin/core'), import('@tuomin/io/internal'), import('@tuomin/publish/internal')]);
  return (libs = { core, io, publish });
}
import { sep } from 'node:path';
import { commands } from './commands/index.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './command.js';
import { UsageError } from './usage.js';

export const VERSION = '0.1.0';

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  return [
    'tuomin: desensitize agency extracts into publishable open datasets',
    '',
    'Usage: tuomin <command> [options]   (tuomin <command> --help for details)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 ok, 1 bad input or spec, 2 usage error, 3 security review failed,',
    '            4 normative review failed, 5 a dataset is overdue (tuomin due), 70 internal error,',
    '            129 hung up (SIGHUP), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).',
    'With --json every command prints exactly one JSON object on stdout, also on errors:',
    '  {"ok": false, "error": {"code", "message", "hint"}}.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    io.stdout.write(`${help()}\n`);
    return verb ? EXIT.OK : EXIT.USAGE;
  }
  if (verb === '--version' || verb === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }
  const cmd = commands.find((c) => c.name === verb);
  const json = wantsJson(rest);
  if (!cmd) {
    if (json) writeJsonError(io, { code: 'USAGE', message: `unknown command "${verb}"`, hint: `commands: ${commands.map((c) => c.name).join(', ')}` });
    io.stderr.write(`tuomin: unknown command "${verb}"\n\n${help()}\n`);
    return EXIT.USAGE;
  }
  try {
    const command = await cmd.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(`${command.usage}\n`);
      return EXIT.OK;
    }
    const { publish } = await loadLibraries();
    // Run folders of processes that no longer run (SIGKILL, a crash) hold raw rows: every
    // command removes them first (publish/src/run/staging.ts).
    await publish.sweepWork(io.env);
    return await command.run(rest, io);
  } catch (err) {
    return reportError(err, io, json, cmd.name);
  }
}

/** --json (or --json=..., refused by the parser but still asking for JSON) before a `--` terminator. */
function wantsJson(args: string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--json' || a.startsWith('--json=')) return true;
  }
  return false;
}

function writeJsonError(io: CliIO, error: Record<string, unknown>): void {
  io.stdout.write(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
}

const FS_ERRORS: Record<string, [string, string]> = {
  ENOENT: ['no such file or folder', 'check the path'],
  EISDIR: ['is a folder, expected a file', 'give a file path, not a folder'],
  ENOTDIR: ['a part of the path is not a folder', 'check the path'],
  EEXIST: ['already exists', 'choose another name, or remove the existing file first'],
  EACCES: ['permission denied', 'check the permissions of the file and its folder'],
  EPERM: ['operation not permitted', 'check the permissions of the file and its folder'],
  ENOSPC: ['no space left on the device', 'free some disk space, or write to another disk'],
  EROFS: ['read-only file system', 'write to another folder'],
  EMFILE: ['too many open files', 'raise the open-file limit (ulimit -n)'],
  ENAMETOOLONG: ['file name too long', 'use a shorter path'],
};

/** A Node fs error as a message naming the user's path, never a temporary file's name. */
function fsError(err: NodeJS.ErrnoException & { dest?: string }, env: NodeJS.ProcessEnv): { code: string; message: string; hint: string; path?: string } {
  const code = err.code!;
  const [what, hint] = FS_ERRORS[code] ?? [err.message.replace(/^E[A-Z]+:\s*/, '').split(',')[0]!, 'check the path and the permissions'];
  // A rename of a temporary file (.tuomin-tmp-*) names the target as dest: report that one.
  const candidates = [err.dest, err.path].filter((p): p is string => typeof p === 'string' && !/(^|[\\/])\.tuomin-tmp-/.test(p));
  const path = candidates[0];
  // A full disk under the work folder (a run's unreviewed data, spills, rejects) is not the output's.
  const work = libs?.publish.workRoot(env);
  const why = work !== undefined && code === 'ENOSPC' && path?.startsWith(`${work}${sep}`)
    ? `the work folder ${work} is full: free space there, or set TUOMIN_WORK_DIR to a folder on a larger disk`
    : hint;
  return { code, message: path ? `${path}: ${what}` : what, hint: why, ...(path ? { path } : {}) };
}

export function reportError(err: unknown, io: CliIO, json: boolean, command?: string): number {
  if (err instanceof UsageError) {
    if (json) writeJsonError(io, { code: 'USAGE', message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
    io.stderr.write(`tuomin${err.command ? ` ${err.command}` : ''}: ${err.message}\n${err.usage ? `\n${err.usage}\n` : ''}`);
    return EXIT.USAGE;
  }
  // Only a loaded @tuomin/core can have thrown a TuominError.
  if (libs && err instanceof libs.core.TuominError) {
    const code =
      err.code === 'SECURITY_REVIEW' || err.code === 'PRIVACY' ? EXIT.SECURITY : err.code === 'NORMATIVE_REVIEW' ? EXIT.NORMATIVE : EXIT.BAD_INPUT;
    if (json) writeJsonError(io, err.toJSON());
    io.stderr.write(`tuomin: ${err.message}\n`);
    return code;
  }
  const code = err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
  if (code?.startsWith('ERR_PARSE_ARGS_')) {
    // Unknown option, a missing or ambiguous option value, an unexpected positional argument.
    const message = (err as Error).message.replace(/\s*\n\s*/g, ' ');
    if (json) writeJsonError(io, { code: 'USAGE', message, hint: `see tuomin ${command ?? '<command>'} --help` });
    io.stderr.write(`tuomin${command ? ` ${command}` : ''}: ${message}\n  hint: see tuomin ${command ?? '<command>'} --help\n`);
    return EXIT.USAGE;
  }
  if (code && /^E[A-Z]+$/.test(code)) {
    // Node fs errors (ENOENT, EACCES, EISDIR): a bad input or output path, not a bug.
    const e = fsError(err as NodeJS.ErrnoException, io.env);
    if (json) writeJsonError(io, e);
    io.stderr.write(`tuomin: ${e.message}\n  hint: ${e.hint}\n`);
    return EXIT.BAD_INPUT;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  if (json) writeJsonError(io, { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), hint: 'this is a bug; please report it with the stack trace printed on stderr' });
  io.stderr.write(`tuomin: internal error: ${detail}\n`);
  return EXIT.INTERNAL;
}


/**
 * Ctrl-C or SIGTERM (a scheduler's timeout) during a command: remove the staging folders and the
 * temporary files of unfinished writes, so no un-reviewed or partial output stays behind, and exit
 * with 128 + the signal number (130, 143). Installed by bin.ts in the process that runs the command.
 */
export function onInterrupt(signal: NodeJS.Signals | 'parent-gone', io: CliIO): number {
  // Packages not loaded yet: no run folder, temporary file or commit can have been started.
  const committing = libs?.publish.commitInProgress() ?? false;
  const staging = libs?.publish.removeLiveStagingSync() ?? [];
  const temps = libs?.io.removeLiveTempFilesSync() ?? 0;
  const why = signal === 'parent-gone' ? 'the tuomin process that started this one is gone' : signal;
  const outcome = committing
    ? 'a release was being committed: the next tuomin command on its dataset completes it or rolls it back (docs/publication.md, "The commit")'
    : 'nothing was published';
  io.stderr.write(`\ntuomin: interrupted (${why}); removed ${staging.length} unfinished run folder(s) and ${temps} temporary file(s); ${outcome}\n`);
  return signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : signal === 'SIGTERM' ? 143 : 137;
}
