import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

describe('tuomin … | head -1', () => {
  it('a reader that closes the pipe early gives no EPIPE stack trace, and the command ends normally', () => {
    const out = mkdtempSync(join(tmpdir(), 'tuomin-epipe-'));
    try {
      // --dry-run --head 1000 prints many lines in several writes; head keeps the first.
      const cmd = `"${process.execPath}" --conditions=@tuomin/source --import tsx packages/cli/src/bin.ts run fixtures/specs/penalties.yaml --out "${out}" --dry-run --head 1000 2>"${join(out, 'err.txt')}" | head -1 >/dev/null; echo "$\{PIPESTATUS[0]}"; cat "${join(out, 'err.txt')}"`;
      const r = spawnSync('bash', ['-c', cmd], { cwd: root, encoding: 'utf8', env: { ...process.env, TUOMIN_KEY: '000102030405060708090a0b0c0d0e0f' } });
      const [code, ...stderr] = r.stdout.split('\n');
      expect(stderr.join('\n')).not.toMatch(/EPIPE|Unhandled 'error' event/);
      expect(code).toBe('0');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
