/**
 * Run a command and measure the memory of its whole process tree, in pure Node (no
 * /usr/bin/time, which CI images may lack and which reports only the largest single process:
 * ru_maxrss of the waited child, so a parent that re-execs itself and waits, as the tuomin CLI
 * does for its malloc tuning, hides the sum). Worker threads share their process's RSS, so a tree
 * of processes is all there is to add up.
 *
 * Two figures, bracketing the truth:
 * - `treePeakKb`: the largest sum of VmRSS over the tree at one sampling instant (a lower bound:
 *   a peak between two samples is missed);
 * - `hwmSumKb`: the sum over every process seen of its own VmHWM, the kernel's peak RSS of that
 *   process (an upper bound: the processes' peaks need not coincide). VmHWM is read at each
 *   sample, so growth in the last interval before a process exits is missed too.
 * Linux only (/proc); elsewhere both are NaN and the caller says so.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface TreeRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
  treePeakKb: number;
  hwmSumKb: number;
  /** Distinct processes seen in the tree (the CLI relaunching itself shows as 2). */
  processes: number;
  /** Each process's own peak, largest first: which process holds the memory (`comm` names it: node, esbuild for tsx). */
  perProcess: Array<{ pid: number; name: string; hwmKb: number; cpuMs: number }>;
  /** [seconds since start, MB] of the tree's RSS, about once a second: a steady climb is memory held per partition done, a plateau is bounded. */
  timeline: Array<[number, number]>;
  /** User + system CPU time of the tree (each process's own threads, at its last sample): against wall time, how much of the machine the run got. */
  cpuMs: number;
  samples: number;
}

export async function runMeasuringTree(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; intervalMs?: number }): Promise<TreeRun> {
  const interval = opts.intervalMs ?? 50;
  const t0 = performance.now();
  const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const hwm = new Map<number, number>();
  const names = new Map<number, string>();
  const cpu = new Map<number, number>();
  let treePeakKb = 0;
  const timeline: Array<[number, number]> = [];
  let samples = 0;
  const linux = process.platform === 'linux';
  const sample = (): void => {
    if (!linux || child.pid === undefined) return;
    let sum = 0;
    for (const pid of descendants(child.pid)) {
      const s = status(pid);
      if (!s) continue;
      sum += s.rssKb;
      if (s.hwmKb > (hwm.get(pid) ?? 0)) hwm.set(pid, s.hwmKb);
      if (!names.has(pid)) names.set(pid, comm(pid));
      const c = cpuMsOf(pid);
      if (c !== undefined) cpu.set(pid, c);
    }
    if (samples % Math.max(1, Math.round(1000 / interval)) === 0) timeline.push([Math.round((performance.now() - t0) / 100) / 10, Math.round(sum / 1024)]);
    samples++;
    if (sum > treePeakKb) treePeakKb = sum;
  };
  const timer = setInterval(sample, interval);
  sample();
  const [status_, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, sig) => resolve([code, sig]));
  });
  clearInterval(timer);
  const wallMs = performance.now() - t0;
  let hwmSumKb = 0;
  for (const v of hwm.values()) hwmSumKb += v;
  let cpuMs = 0;
  for (const v of cpu.values()) cpuMs += v;
  return {
    status: status_, signal, wallMs,
    stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'),
    treePeakKb: linux ? treePeakKb : NaN, hwmSumKb: linux ? hwmSumKb : NaN, processes: hwm.size, samples,
    perProcess: [...hwm].map(([pid, hwmKb]) => ({ pid, name: names.get(pid) ?? '?', hwmKb, cpuMs: cpu.get(pid) ?? 0 })).sort((a, b) => b.hwmKb - a.hwmKb),
    cpuMs: linux ? cpuMs : NaN, timeline,
  };
}

/** `root` and every process below it, from the parent ids in /proc/<pid>/stat (this kernel has no task/<tid>/children). */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      // The command name (field 2) may hold spaces and parentheses: fields resume after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(pid, ppid);
    } catch {
      // The process ended between readdir and read.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** utime + stime of the process's own threads (fields 14 and 15 of /proc/<pid>/stat, in USER_HZ = 100 ticks per second on Linux). */
function cpuMsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // f[0] is field 3 (state): utime is field 14, stime field 15.
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

function comm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'latin1').trim();
  } catch {
    return '?';
  }
}

function status(pid: number): { rssKb: number; hwmKb: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'latin1');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(s);
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(s);
    // A zombie has no Vm lines: it holds no memory any more.
    if (!rss || !hwm) return undefined;
    return { rssKb: Number(rss[1]), hwmKb: Number(hwm[1]) };
  } catch {
    return undefined;
  }
}
