import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BlockCoverage } from './coverage.js';
import { Random, mutate } from './mutate.js';
import { classify } from './classify.js';
import type { FuzzTarget } from './target.js';

export interface LoopOptions {
  /** Stop after this long. */
  ms: number;
  seed?: number;
  /** Private folder for the target's files. */
  scratch: string;
  /** Where findings are written (<dir>/<sha1>.bin and .txt); null: only returned. */
  regressions: string | null;
  /** Grown corpus kept between runs (inputs that reached new blocks); null: in memory only. */
  corpusDir?: string | null;
  /** Called with the input just before it runs (the supervisor saves it, in case it hangs or kills the process). */
  beforeRun?: (input: Uint8Array) => void;
  /** Inputs slower than this are findings (a hang that ends). */
  slowMs?: number;
}

export interface LoopResult {
  execs: number;
  corpus: number;
  blocks: number;
  refused: Record<string, number>;
  findings: Array<{ summary: string; file: string | null; input: Uint8Array }>;
}

/**
 * Coverage-guided fuzzing of one target, in this process: pick a corpus entry, mutate it, run it,
 * keep it when it reached blocks of our code no input reached before, record it when the
 * outcome breaks the invariant (see classify). Hangs and process deaths cannot be seen from
 * inside; the supervisor (fuzz/run.ts) catches those from outside through `beforeRun`.
 */
export async function fuzzLoop(target: FuzzTarget, o: LoopOptions): Promise<LoopResult> {
  const rnd = new Random(o.seed ?? Date.now());
  const tokens = target.tokens.map((t) => new TextEncoder().encode(t));
  const coverage = new BlockCoverage();
  await coverage.start();
  const corpus: Uint8Array[] = [];
  const result: LoopResult = { execs: 0, corpus: 0, blocks: 0, refused: {}, findings: [] };
  const seen = new Set<string>();
  mkdirSync(o.scratch, { recursive: true });
  const runOne = async (input: Uint8Array): Promise<boolean> => {
    o.beforeRun?.(input);
    const t0 = performance.now();
    let err: unknown;
    try {
      await target.run(input, o.scratch);
    } catch (e) {
      err = e;
    }
    const ms = performance.now() - t0;
    result.execs++;
    let outcome = classify(err);
    if (outcome.kind !== 'finding' && o.slowMs !== undefined && ms > o.slowMs) outcome = { kind: 'finding', summary: `slow: ${Math.round(ms)} ms for ${input.length} bytes` };
    if (outcome.kind === 'refused') result.refused[outcome.code] = (result.refused[outcome.code] ?? 0) + 1;
    if (outcome.kind === 'finding') {
      const key = outcome.summary.replace(/\d+/g, 'N');
      if (!seen.has(key)) {
        seen.add(key);
        result.findings.push({ summary: outcome.summary, file: save(o.regressions, input, outcome.summary), input });
      }
    }
    return (await coverage.newBlocks()) > 0;
  };
  try {
    const initial = [...(await target.seeds()), ...readCorpus(o.corpusDir ?? null)];
    for (const s of initial) if (await runOne(s)) corpus.push(s);
    if (corpus.length === 0) corpus.push(...initial.slice(0, 1), new Uint8Array(0));
    const end = Date.now() + o.ms;
    while (Date.now() < end) {
      const base = corpus[rnd.below(corpus.length)]!;
      const other = corpus[rnd.below(corpus.length)];
      const input = mutate(base, rnd, tokens, other, target.maxLength);
      if (await runOne(input)) {
        corpus.push(input);
        if (o.corpusDir) save(o.corpusDir, input, null);
      }
    }
  } finally {
    await coverage.stop();
  }
  result.corpus = corpus.length;
  result.blocks = coverage.total;
  return result;
}

function save(dir: string | null, input: Uint8Array, summary: string | null): string | null {
  if (dir === null) return null;
  mkdirSync(dir, { recursive: true });
  const name = createHash('sha1').update(input).digest('hex').slice(0, 16);
  const file = join(dir, `${name}.bin`);
  writeFileSync(file, input);
  if (summary !== null) writeFileSync(join(dir, `${name}.txt`), summary + '\n');
  return file;
}

function readCorpus(dir: string | null): Uint8Array[] {
  if (dir === null) return [];
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.bin')).map((f) => new Uint8Array(readFileSync(join(dir, f))));
  } catch {
    return [];
  }
}
