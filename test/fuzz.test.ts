import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TARGET_NAMES, loadTarget } from '../fuzz/targets/index.js';
import { fuzzLoop } from '../fuzz/engine/loop.js';
import { classify } from '../fuzz/engine/classify.js';

// Every committed regression input replays to our own error or a correct result, and every
// target fuzzes for a few seconds (a fixed seed, so a failure repeats) without a finding.
// `pnpm fuzz` runs them for longer, in supervised child processes that also catch hangs and deaths.
const regressions = join(import.meta.dirname, '../fuzz/regressions');
const FUZZ_MS = Number(process.env.TUOMIN_FUZZ_MS ?? 2500);

describe.each(TARGET_NAMES)('fuzz target %s', (name) => {
  it('replays every committed regression input without a finding', async () => {
    const target = await loadTarget(name);
    let files: string[] = [];
    try {
      files = readdirSync(join(regressions, name)).filter((f) => f.endsWith('.bin'));
    } catch {
      // No regression for this target yet.
    }
    const scratch = mkdtempSync(join(tmpdir(), `tuomin-fuzz-${name}-`));
    try {
      for (const f of files) {
        const input = new Uint8Array(readFileSync(join(regressions, name, f)));
        let err: unknown;
        await target.run(input, scratch).catch((e: unknown) => { err = e; });
        expect({ file: f, outcome: classify(err).kind }).not.toEqual({ file: f, outcome: 'finding' });
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
  it(`fuzzes for ${FUZZ_MS} ms without a finding`, async () => {
    const target = await loadTarget(name);
    const scratch = mkdtempSync(join(tmpdir(), `tuomin-fuzz-${name}-`));
    try {
      const r = await fuzzLoop(target, { ms: FUZZ_MS, seed: 20261206, scratch, regressions: null, slowMs: 10_000 });
      expect(r.findings.map((f) => f.summary)).toEqual([]);
      expect(r.execs).toBeGreaterThan(0);
      expect(r.blocks).toBeGreaterThan(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
