import type { VerbSpec } from './options/table.js';

/** One CLI verb: parse its own arguments, call the programmatic API, print, return an exit code. */
export interface Command {
  name: string;
  /** Its options, synopsis and texts, from which parsing and `usage` (the help page) derive. */
  spec: VerbSpec;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function print(io: CliIO, text: string): void {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
