import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lang, t } from './messages/index.js';
import { partitionZh } from './messages/errors.js';
import { VERSION } from './version.js';

/**
 * An error no handler knows (exit 70): a bug in tuomin. Its own text may quote a value it was
 * handling (a cell, a path, a header), so the terminal and --json get only what the CLI words
 * itself: that this is tuomin's fault, what was being done, where the full detail went, how to
 * report it. The error's message and stack go to a log file only the user can read.
 */
export interface InternalReport {
  /** The stderr lines, in the user's language. */
  text: string;
  /** The --json error object (`code: 'INTERNAL'`). */
  json: Record<string, unknown>;
}

/** A partition a worker failed in, as publish's partitionError names it. */
interface PartitionAt {
  index: number;
  kind: string;
  from?: number;
  to?: number;
  file?: string;
}

// publish/src/run/parallel/job.ts partitionError: a worker that died (or threw a plain Error) is
// reported as `partition N (<where>[ of <file>]) failed: <detail>`; its JobFailure carries no code.
const PARTITION = /^partition (\d+) \((bytes|row groups|record batches|files) (\d+)–(\d+)(?: of (.+?))?\) failed: |^partition (\d+) \(the whole file(?: of (.+?))?\) failed: /;
const KIND: Record<string, string> = { bytes: 'csv-bytes', 'row groups': 'parquet-row-groups', 'record batches': 'ipc-batches', files: 'whole' };

function partitionOf(message: string): PartitionAt | undefined {
  const m = PARTITION.exec(message);
  if (!m) return undefined;
  if (m[6] !== undefined) return { index: Number(m[6]), kind: 'whole', ...(m[7] ? { file: m[7] } : {}) };
  return { index: Number(m[1]), kind: KIND[m[2]!]!, from: Number(m[3]), to: Number(m[4]), ...(m[5] ? { file: m[5] } : {}) };
}

function partitionText(p: PartitionAt): string {
  if (lang() === 'zh') {
    const where = partitionZh({ partitionIndex: p.index, partitionKind: p.kind, ...(p.from !== undefined ? { partitionFrom: p.from, partitionTo: p.to! } : {}) });
    return p.file ? `${p.file} 的${where}` : where;
  }
  const what = p.from === undefined ? 'the whole file' : `${Object.keys(KIND).find((k) => KIND[k] === p.kind)} ${p.from}–${p.to}`;
  return `partition ${p.index} (${what}${p.file ? ` of ${p.file}` : ''})`;
}

/** The command line as typed, shortened: a long list of input files is not the point. */
function commandLine(argv: readonly string[]): string {
  const line = ['tuomin', ...argv].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** The error, its cause chain and their stacks, for the log file only. */
function detailOf(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e !== undefined && depth < 5; depth++) {
    parts.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
    e = e instanceof Error ? e.cause : undefined;
    if (e !== undefined) parts.push('caused by:');
  }
  return parts.join('\n');
}

/**
 * The full detail in `<tmpdir>/tuomin-error-<time>-<pid>.log`, readable by its owner only (it may
 * quote a value of the data). undefined when it cannot be written (a full or read-only disk).
 */
function writeLog(err: unknown, argv: readonly string[], env: NodeJS.ProcessEnv, now: Date): string | undefined {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const path = join(tmpdir(), `tuomin-error-${stamp}-${process.pid}.log`);
  const body = [
    `tuomin ${VERSION}: internal error (exit 70)`,
    `time: ${now.toISOString()}`,
    `node: ${process.version} ${process.platform} ${process.arch}`,
    `command: ${commandLine(argv)}`,
    `cwd: ${process.cwd()}`,
    `LANG: ${env.LC_ALL || env.LC_MESSAGES || env.LANG || ''}`,
    '',
    detailOf(err),
    '',
  ].join('\n');
  try {
    writeFileSync(path, body, { mode: 0o600, flag: 'wx' });
    return path;
  } catch {
    return undefined;
  }
}

/** Only the stack's frames (function and file names, no message): what is printed when no log could be written. */
function framesOf(err: unknown): string {
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  return stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 12).join('\n');
}

export function internalError(err: unknown, argv: readonly string[], env: NodeJS.ProcessEnv, command?: string): InternalReport {
  const message = err instanceof Error ? err.message : String(err);
  const partition = partitionOf(message);
  const doing = t('internal.doing', { line: commandLine(argv) }) + (partition ? t('internal.inPartition', { partition: partitionText(partition) }) : '');
  const log = writeLog(err, argv, env, new Date());
  const where = log ? t('internal.logWritten', { path: log }) : t('internal.logFailed', { dir: tmpdir() });
  const hint = t('internal.report', { version: VERSION }) + (partition ? t('internal.oneWorker') : '');
  const lines = [`tuomin: ${t('internal.bug')}`, `  ${doing}`, `  ${where}`, `  ${t('error.hint')}${hint}`];
  if (!log) lines.push(framesOf(err));
  return {
    text: `${lines.join('\n')}\n`,
    json: {
      code: 'INTERNAL',
      // Chinese sentences join without a space.
      message: [t('internal.bug'), doing].join(lang() === 'zh' ? '' : ' '),
      hint: [where, hint].join(lang() === 'zh' ? '' : ' '),
      ...(command ? { command } : {}),
      ...(partition ? { partition: { index: partition.index, ...(partition.file ? { file: partition.file } : {}) } } : {}),
      ...(log ? { log } : {}),
    },
  };
}
