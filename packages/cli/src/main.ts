#!/usr/bin/env node
import { TuominError } from '@tuomin/core';
import { removeLiveTempFilesSync } from '@tuomin/io';
import { removeLiveStagingSync } from '@tuomin/publish';
import { commands } from './commands/index.js';
import { EXIT } from './exit-codes.js';
import type { CliIO } from './command.js';

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
    '            4 normative review failed, 70 internal error.',
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
  if (!cmd) {
    io.stderr.write(`tuomin: unknown command "${verb}"\n\n${help()}\n`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${cmd.usage}\n`);
    return EXIT.OK;
  }
  try {
    return await cmd.run(rest, io);
  } catch (err) {
    return reportError(err, io, rest.includes('--json'));
  }
}

export function reportError(err: unknown, io: CliIO, json: boolean): number {
  if (err instanceof TuominError) {
    const code =
      err.code === 'SECURITY_REVIEW' || err.code === 'PRIVACY' ? EXIT.SECURITY : err.code === 'NORMATIVE_REVIEW' ? EXIT.NORMATIVE : EXIT.BAD_INPUT;
    if (json) io.stdout.write(`${JSON.stringify({ ok: false, error: err.toJSON() })}\n`);
    io.stderr.write(`tuomin: ${err.message}\n`);
    return code;
  }
  if (err && typeof err === 'object' && 'code' in err && (err as { code: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    io.stderr.write(`tuomin: ${(err as unknown as Error).message}\n`);
    return EXIT.USAGE;
  }
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string' && /^E[A-Z]+$/.test((err as { code: string }).code)) {
    // Node fs errors (ENOENT, EACCES, EISDIR): a bad input path, not a bug.
    io.stderr.write(`tuomin: ${(err as unknown as Error).message}\n`);
    return EXIT.BAD_INPUT;
  }
  io.stderr.write(`tuomin: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.INTERNAL;
}


/**
 * Ctrl-C or SIGTERM (a scheduler's timeout) during a command: remove the staging folders and the
 * temporary files of unfinished writes, so no un-reviewed or partial output stays behind, and exit
 * with 128 + the signal number (130, 143). Installed by bin.ts in the process that runs the command.
 */
export function onInterrupt(signal: NodeJS.Signals, io: CliIO): number {
  const staging = removeLiveStagingSync();
  const temps = removeLiveTempFilesSync();
  io.stderr.write(`\ntuomin: interrupted (${signal}); removed ${staging.length} unfinished release folder(s) and ${temps} temporary file(s); nothing was published\n`);
  return signal === 'SIGINT' ? 130 : 143;
}
