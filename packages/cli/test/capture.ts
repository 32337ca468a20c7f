import { Writable } from 'node:stream';
import type { CliIO } from '../src/command.js';

/** A CliIO that keeps what a command prints, for tests that call main() in-process. */
export function capture(cwd: string, env: NodeJS.ProcessEnv = {}): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: new Writable({ write(c, _e, cb) { out += String(c); cb(); } }),
    stderr: new Writable({ write(c, _e, cb) { err += String(c); cb(); } }),
    cwd,
    env,
    out: () => out,
    err: () => err,
  };
}
