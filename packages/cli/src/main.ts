#!/usr/bin/env node
// The packages are loaded when a command runs, not for --help, --version or a usage error
// (commands/index.ts says why). Only their light entries: the error class, the temporary-file
// and work-folder hooks; each command loads what it uses, so release, catalog and due start
// without Arrow, Parquet, faker or WebAssembly (#16). They are the modules the full entries use
// (one instance: instanceof and the live-file registries hold across them).
type Libraries = { core: typeof import('@tuomin/core/errors'); io: typeof import('@tuomin/io/atomic'); publish: typeof import('@tuomin/publish/light') };
let libs: Libraries | undefined;
async function loadLibraries(): Promise<Libraries> {
  const [core, io, publish] = await Promise.all([import('@tuomin/core/errors'), import('@tuomin/io/atomic'), import('@tuomin/publish/light')]);
  return (libs = { core, io, publish });
}
import { sep } from 'node:path';
import { commands } from './commands/index.js';
import { EXIT } from './exit-codes.js';
import { printJson, type CliIO } from './command.js';
import { UsageError } from './usage.js';
import { chooseLang, closest, errorText, lang, localize, setLang, t } from './messages/index.js';
import { VERSION } from './version.js';
import { internalError } from './internal-error.js';
import { commonOptionsJson, exitCodeList, verbHelpJson } from './options/help-json.js';

export { VERSION };

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  return [
    t('help.title'),
    '',
    t('help.usage', { synopsis: t('help.synopsis') }),
    '',
    t('help.commands'),
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${localize(c.summary)}`),
    '',
    t('help.exitCodes'),
    t('help.json'),
    t('help.lang'),
  ].join('\n');
}

/** `tuomin --help --json`: the top-level help page as data, in the current language. */
function helpJson(): Record<string, unknown> {
  return {
    ok: true,
    name: 'tuomin',
    version: VERSION,
    lang: lang(),
    synopsis: t('help.synopsis'),
    description: t('help.title').replace(/^tuomin[:：]\s*/, ''),
    commands: commands.map((c) => ({ name: c.name, summary: localize(c.summary) })),
    commonOptions: commonOptionsJson(),
    exitCodes: exitCodeList(t('help.exitCodes')),
  };
}

/**
 * argv without the options that may precede the verb: `--lang X` / `--lang=X` (read by
 * chooseLang) and `--json` (`tuomin --json --version`), in any order.
 */
function leadingOptions(argv: string[]): { json: string | undefined; args: string[] } {
  let i = 0;
  let json: string | undefined;
  for (;;) {
    const a = argv[i];
    if (a === '--lang') i += 2;
    else if (a?.startsWith('--lang=')) i++;
    // `--json=1` too: it still asks for JSON, and the verb's parser refuses its value (exit 2).
    else if (a === '--json' || a?.startsWith('--json=')) json = argv[i++];
    else return { json, args: argv.slice(i) };
  }
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  setLang(chooseLang(argv, io.env));
  const leading = leadingOptions(argv);
  const [verb, ...after] = leading.args;
  // A --json before the verb is passed on to it (`tuomin --json scan a.csv`): commands read their own.
  const rest = leading.json !== undefined && verb !== undefined ? [leading.json, ...after] : after;
  const json = leading.json !== undefined || wantsJson(rest);
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    // No command at all is a usage error (exit 2): under --json that is an ok:false object, as for any error.
    if (json && !verb) writeJsonError(io, { code: 'USAGE', message: t('usage.noCommand'), hint: t('usage.seeHelp', { cmd: 'tuomin' }) });
    else if (json) printJson(io, helpJson());
    else io.stdout.write(`${help()}\n`);
    return verb ? EXIT.OK : EXIT.USAGE;
  }
  if (verb === '--version' || verb === '-V') {
    if (json) printJson(io, { ok: true, name: 'tuomin', version: VERSION, node: process.versions.node });
    else io.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }
  const cmd = commands.find((c) => c.name === verb);
  if (!cmd) {
    // A suggestion and where to look, not the whole help page.
    // -V and -h too: `tuomin -v` (node's and npm's spelling) is pointed at -V.
    const near = closest(verb, [...commands.map((c) => c.name), '--help', '--version', '-h', '-V']);
    const message = t('usage.unknownCommand', { verb });
    const hint = [near ? t('usage.didYouMean', { name: `tuomin ${near}` }) : '', t('usage.seeHelp', { cmd: 'tuomin' })].filter(Boolean).join(' ');
    if (json) writeJsonError(io, { code: 'USAGE', message, hint, ...(near ? { suggestion: near } : {}) });
    io.stderr.write(`tuomin: ${message}\n  ${t('error.hint')}${hint}\n`);
    return EXIT.USAGE;
  }
  try {
    const command = await cmd.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      if (json) printJson(io, verbHelpJson(command.spec));
      else io.stdout.write(`${command.usage}\n`);
      return EXIT.OK;
    }
    const { publish } = await loadLibraries();
    // Run folders of processes that no longer run (SIGKILL, a crash) hold raw rows: every
    // command removes them first (publish/src/run/staging.ts).
    await publish.sweepWork(io.env);
    return await command.run(rest, io);
  } catch (err) {
    return reportError(err, io, json, cmd.name, argv);
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

/** The Node fs error codes the catalogue words (messages/catalogue.ts, `fs.<CODE>` and `fs.<CODE>.hint`). */
const FS_ERRORS = ['ENOENT', 'EISDIR', 'ENOTDIR', 'EEXIST', 'EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EMFILE', 'ENAMETOOLONG'] as const;

/** A Node fs error as a message naming the user's path, never a temporary file's name. */
function fsError(err: NodeJS.ErrnoException & { dest?: string }, env: NodeJS.ProcessEnv): { code: string; message: string; hint: string; path?: string } {
  const code = err.code!;
  const known = (FS_ERRORS as readonly string[]).includes(code) ? (code as (typeof FS_ERRORS)[number]) : undefined;
  const what = known ? t(`fs.${known}`) : err.message.replace(/^E[A-Z]+:\s*/, '').split(',')[0]!;
  const hint = known ? t(`fs.${known}.hint`) : t('fs.other.hint');
  // A rename of a temporary file (.tuomin-tmp-*) names the target as dest: report that one. A
  // temporary file alone (its open on a read-only disk) is named as the file it was to become
  // (io atomic.ts: `.tuomin-tmp-<name>.<pid>.<hex>` beside it).
  const candidates = [err.dest, err.path].filter((p): p is string => typeof p === 'string').map((p) => p.replace(/(^|[\\/])\.tuomin-tmp-(.+)\.\d+\.[0-9a-f]{8}$/, '$1$2'));
  const path = candidates[0];
  // A full disk under the work folder (a run's unreviewed data, spills, rejects) is not the output's.
  const work = libs?.publish.workRoot(env);
  const why = work !== undefined && code === 'ENOSPC' && path?.startsWith(`${work}${sep}`)
    ? t('fs.ENOSPC.work', { work })
    : hint;
  return { code, message: path ? `${path}: ${what}` : what, hint: why, ...(path ? { path } : {}) };
}

/**
 * A library error as --json prints it: in Chinese, the message and hint as stderr words them, and
 * the library's English text beside them under `english`; the code and the location fields stay.
 */
function tuominErrorJson(err: InstanceType<Libraries['core']['TuominError']>): Record<string, unknown> {
  // The library's message ends with its hint (`\n  hint: …`), which --json gives as `hint` already.
  const suffix = err.hint ? `\n  hint: ${err.hint}` : '';
  const english = suffix && err.message.endsWith(suffix) ? err.message.slice(0, -suffix.length) : err.message;
  const fields: Record<string, unknown> = { ...err.toJSON(), message: english };
  if (lang() !== 'zh') return fields;
  const { message, hint } = errorText(err);
  const { hint: englishHint, ...rest } = fields;
  return { ...rest, message, ...(hint ? { hint } : {}), english: { message: english, ...(englishHint ? { hint: englishHint } : {}) } };
}

/** The error as the user reads it, and its exit code; `argv` is the command line, named by an internal error's report. */
export function reportError(err: unknown, io: CliIO, json: boolean, command?: string, argv: readonly string[] = []): number {
  if (err instanceof UsageError) {
    if (json) writeJsonError(io, { code: 'USAGE', message: err.message, ...(err.hint ? { hint: err.hint } : {}) });
    io.stderr.write(`tuomin${err.command ? ` ${err.command}` : ''}: ${err.message}\n${err.hint ? `  ${t('error.hint')}${err.hint}\n` : ''}${err.usage ? `\n${err.usage}\n` : ''}`);
    return EXIT.USAGE;
  }
  // Only a loaded @tuomin/core can have thrown a TuominError.
  if (libs && err instanceof libs.core.TuominError) {
    const code =
      err.code === 'SECURITY_REVIEW' || err.code === 'PRIVACY' ? EXIT.SECURITY : err.code === 'NORMATIVE_REVIEW' ? EXIT.NORMATIVE : err.code === 'RESOURCE' ? EXIT.RESOURCE : EXIT.BAD_INPUT;
    if (json) writeJsonError(io, tuominErrorJson(err));
    // English: the library's message as thrown. Chinese: worded from the code, the location, the
    // message id and the review reasons' codes (messages/render.ts); the stable code stays in front.
    if (lang() !== 'zh') io.stderr.write(`tuomin: ${err.message}\n`);
    else {
      const { message, hint } = errorText(err);
      io.stderr.write(`tuomin: ${t('error.code', { code: err.code })}: ${message}\n${hint ? `  ${t('error.hint')}${hint}\n` : ''}`);
    }
    return code;
  }
  const code = err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
  if (code?.startsWith('ERR_PARSE_ARGS_')) {
    // Unknown option, a missing or ambiguous option value, an unexpected positional argument.
    const message = (err as Error).message.replace(/\s*\n\s*/g, ' ');
    const hint = t('usage.seeHelp', { cmd: `tuomin ${command ?? '<command>'}` });
    if (json) writeJsonError(io, { code: 'USAGE', message, hint });
    io.stderr.write(`tuomin${command ? ` ${command}` : ''}: ${message}\n  ${t('error.hint')}${hint}\n`);
    return EXIT.USAGE;
  }
  if (code && /^E[A-Z]+$/.test(code)) {
    // Node fs errors (ENOENT, EACCES, EISDIR): a bad input or output path, not a bug.
    const e = fsError(err as NodeJS.ErrnoException, io.env);
    if (json) writeJsonError(io, e);
    io.stderr.write(`tuomin: ${e.message}\n  ${t('error.hint')}${e.hint}\n`);
    return EXIT.BAD_INPUT;
  }
  // A bug: worded by the CLI, the error's own text and stack in a private log file (internal-error.ts).
  const report = internalError(err, argv, io.env, command);
  if (json) writeJsonError(io, report.json);
  io.stderr.write(report.text);
  return EXIT.INTERNAL;
}

/**
 * An exception no promise of the command caught (a stream's 'error' event, a callback): the same
 * report as any internal error (exit 70, never Node's raw stack), after removing what an
 * interrupt removes (run folders holding raw rows, unfinished output files). Installed by bin.ts.
 */
export function onUncaught(err: unknown, io: CliIO, argv: string[]): number {
  libs?.publish.removeLiveStagingSync();
  libs?.io.removeLiveTempFilesSync();
  return reportError(err, io, leadingOptions(argv).json !== undefined || wantsJson(argv), undefined, argv);
}

/**
 * Ctrl-C or SIGTERM (a scheduler's timeout) during a command: remove the staging folders and the
 * temporary files of unfinished writes, so no un-reviewed or partial output stays behind, and exit
 * with 128 + the signal number (130, 143). Installed by bin.ts in the process that runs the command.
 */
export function onInterrupt(signal: NodeJS.Signals | 'parent-gone', io: CliIO, argv: string[] = []): number {
  // Packages not loaded yet: no run folder, temporary file or commit can have been started.
  const committing = libs?.publish.commitInProgress() ?? false;
  const staging = libs?.publish.removeLiveStagingSync() ?? [];
  const temps = libs?.io.removeLiveTempFilesSync() ?? 0;
  const why = signal === 'parent-gone' ? t('interrupt.parentGone') : signal;
  const outcome = committing ? t('interrupt.committing') : t('interrupt.nothing');
  const message = `${t('interrupt.done', { why, staging: staging.length, temps })}${lang() === 'zh' ? '；' : '; '}${outcome}`;
  // --json promises one object on stdout, on failure too: an interrupted command's is INTERRUPTED.
  if (leadingOptions(argv).json !== undefined || wantsJson(argv)) writeJsonError(io, { code: 'INTERRUPTED', message, hint: t('interrupt.hint'), signal: signal === 'parent-gone' ? 'parent-gone' : signal });
  io.stderr.write(`\ntuomin: ${message}\n`);
  return signal === 'SIGINT' ? 130 : signal === 'SIGHUP' ? 129 : signal === 'SIGTERM' ? 143 : 137;
}
