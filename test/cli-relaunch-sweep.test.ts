/**
 * The data commands run in a relaunched child (malloc-tuning.ts). When that child is killed by
 * SIGKILL (the OOM killer picks the big process), it cannot clean up; its parent outlives it and
 * must remove the child's private run folder (unreviewed rows, spill) before it exits.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wantsMallocTuning } from '../packages/cli/src/malloc-tuning.js';

const root = join(import.meta.dirname, '..');
const relaunches = wantsMallocTuning(['run'], {});

describe('a relaunched child killed by SIGKILL', () => {
  it.skipIf(!relaunches)('leaves no run folder: the parent sweeps it, then dies of the same signal', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tuomin-relaunch-'));
    try {
      const work = join(tmp, 'work');
      mkdirSync(work, { mode: 0o700 });
      const env: NodeJS.ProcessEnv = { ...process.env, TUOMIN_WORK_DIR: work, TUOMIN_FAULT: 'ledger-append:KILL' };
      for (const k of ['TUOMIN_MALLOC_TUNING', 'MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'TUOMIN_RELAUNCHED']) delete env[k];
      // The child stops itself with SIGKILL at its first ledger append, after the whole pass.
      const r = spawnSync(process.execPath, ['--conditions=@tuomin/source', '--import', 'tsx', 'packages/cli/src/bin.ts', 'run', 'fixtures/specs/penalties.yaml', '--out', join(tmp, 'out')], { cwd: root, encoding: 'utf8', env });
      expect(r.signal).toBe('SIGKILL');
      expect(readdirSync(work)).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
