/**
 * pnpm fuzz [target…] [--seconds N] [--hang-seconds N] [--seed N]
 *
 * Runs each target (default: all) for N seconds (default 60) in a child process of its own and
 * watches it from here: the child saves each input before it runs it, so when the child hangs
 * (no new input for --hang-seconds, default 20), runs out of memory or dies, the input that did
 * it is saved as a regression. Findings go to fuzz/regressions/<target>/<sha1>.bin with a .txt
 * summary; the grown corpus to fuzz/.corpus/<target>/ (not committed). Exit 1 if anything was found.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TARGET_NAMES, loadTarget } from './targets/index.js';
import { fuzzLoop } from './engine/loop.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string, dflt: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};

if (args[0] === '--child') await child(args[1]!, flag('--ms', 60_000), flag('--seed', Date.now()));
else await supervise();

async function child(name: string, ms: number, seed: number): Promise<void> {
  const target = await loadTarget(name);
  const work = join(here, '.work', name);
  mkdirSync(work, { recursive: true });
  const current = join(work, 'current.bin');
  const r = await fuzzLoop(target, {
    ms, seed, scratch: join(work, 'scratch'), regressions: join(here, 'regressions', name), corpusDir: join(here, '.corpus', name),
    slowMs: 10_000,
    beforeRun: (input) => writeFileSync(current, input),
  });
  process.stdout.write(JSON.stringify({ target: name, execs: r.execs, corpus: r.corpus, blocks: r.blocks, refused: r.refused, findings: r.findings.map((f) => ({ summary: f.summary, file: f.file })) }) + '\n');
}

async function supervise(): Promise<void> {
  const names = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1]!.startsWith('--')));
  const unknown = names.filter((n) => !TARGET_NAMES.includes(n));
  if (unknown.length) {
    process.stderr.write(`unknown target ${unknown.join(', ')}; targets: ${TARGET_NAMES.join(', ')}\n`);
    process.exit(2);
  }
  const seconds = flag('--seconds', 60);
  const hangMs = flag('--hang-seconds', 20) * 1000;
  let found = 0;
  for (const name of names.length ? names : TARGET_NAMES) {
    const end = Date.now() + seconds * 1000;
    // A child that dies is restarted (the corpus carries on), but not forever on the same input.
    for (let restarts = 0; restarts < 10 && Date.now() < end - 1000; restarts++) {
      const r = await runChild(name, end - Date.now(), hangMs, flag('--seed', Date.now()));
      if (r.report) {
        process.stdout.write(r.report);
        found += (JSON.parse(r.report) as { findings: unknown[] }).findings.length;
      }
      if (r.death) {
        found++;
        const file = saveCurrent(name, r.death);
        process.stdout.write(JSON.stringify({ target: name, death: r.death, file }) + '\n');
        // Dead before its first input: the target cannot start (its code does not load); no restart.
        if (file === null) break;
      }
      if (!r.death) break;
    }
  }
  process.exit(found > 0 ? 1 : 0);
}

function runChild(name: string, ms: number, hangMs: number, seed: number): Promise<{ report: string; death: string | null }> {
  const current = join(here, '.work', name, 'current.bin');
  // The input of an earlier run is not this child's: without it, age counts from the start.
  rmSync(current, { force: true });
  const started = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--conditions=@tuomin/source', '--import', 'tsx', '--max-old-space-size=1024', '--stack-size=984', join(here, 'run.ts'), '--child', name, '--ms', String(ms), '--seed', String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let hung = false;
    p.stdout.on('data', (d) => { out += String(d); });
    p.stderr.on('data', (d) => { err = (err + String(d)).slice(-4000); });
    const watch = setInterval(() => {
      // Startup (loading the code, running the seeds) counts too: a seed can hang.
      const age = Date.now() - (existsSync(current) ? statSync(current).mtimeMs : started);
      if (age > hangMs) {
        hung = true;
        p.kill('SIGKILL');
      }
    }, 1000);
    p.on('exit', (code, signal) => {
      clearInterval(watch);
      const death = hung ? `hang: no progress for ${hangMs / 1000} s`
        : code === 0 ? null
        : `the process died (${signal ?? `exit ${code}`}): ${err.trim().split('\n').filter((l) => !l.startsWith('    at ')).slice(-3).join(' | ').slice(0, 300)}`;
      resolve({ report: out, death });
    });
  });
}

function saveCurrent(name: string, summary: string): string | null {
  const current = join(here, '.work', name, 'current.bin');
  if (!existsSync(current)) return null;
  const bytes = readFileSync(current);
  const dir = join(here, 'regressions', name);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, createHash('sha1').update(bytes).digest('hex').slice(0, 16));
  copyFileSync(current, `${base}.bin`);
  writeFileSync(`${base}.txt`, summary + '\n');
  return `${base}.bin`;
}
