import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WriteBehind, writeFully } from '../src/write-behind.js';

describe('WriteBehind', () => {
  it('writes every buffer, in order, to a real file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-wb-'));
    try {
      const fh = await open(join(dir, 'f'), 'w');
      const w = new WriteBehind(fh);
      const parts = Array.from({ length: 200 }, (_, i) => new TextEncoder().encode(`第${i}行,${'x'.repeat(i % 37)}\n`));
      for (const p of parts) await w.write(p);
      await w.write(new Uint8Array(0));
      await w.flush();
      await fh.close();
      expect(await readFile(join(dir, 'f'), 'utf8')).toBe(parts.map((p) => new TextDecoder().decode(p)).join(''));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // A disk error cannot be produced on demand, so these use a stand-in for the file handle.
  const fakeHandle = (write: (b: Uint8Array, off: number, len: number) => Promise<{ bytesWritten: number }>) => ({ write }) as unknown as FileHandle;

  it('rethrows a failed write at the next write and at flush, and writes nothing after it', async () => {
    const written: string[] = [];
    let calls = 0;
    const fh = fakeHandle(async (b, off, len) => {
      calls++;
      if (calls === 2) throw new Error('ENOSPC: no space left on device');
      written.push(new TextDecoder().decode(b.subarray(off, off + len)));
      return { bytesWritten: len };
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const w = new WriteBehind(fh);
      await w.write(new TextEncoder().encode('a'));
      await w.write(new TextEncoder().encode('b'));
      // The failure surfaces while the caller is busy elsewhere; no unhandled rejection meanwhile.
      await new Promise((r) => setTimeout(r, 20));
      await expect(w.write(new TextEncoder().encode('c'))).rejects.toThrow('ENOSPC');
      await expect(w.flush()).rejects.toThrow('ENOSPC');
      expect(written).toEqual(['a']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('writeFully loops over short writes', async () => {
    const chunks: string[] = [];
    const fh = fakeHandle(async (b, off, len) => {
      const n = Math.min(3, len);
      chunks.push(new TextDecoder().decode(b.subarray(off, off + n)));
      return { bytesWritten: n };
    });
    await writeFully(fh, new TextEncoder().encode('abcdefgh'));
    expect(chunks).toEqual(['abc', 'def', 'gh']);
  });
});
