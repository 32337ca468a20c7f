import { describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, mkdir, readFile, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { changeStatus, listVersions, nextVersion, readLedger, writeStatus, resolveKeyRef } from '../src/index.js';

async function fakeRelease(root: string, version: string) {
  const dir = join(root, version);
  await mkdir(join(dir, 'data'), { recursive: true });
  await writeFile(join(dir, 'data', 'x.csv'), 'a\n1\n');
  // Every command checks a version folder holds exactly what its SHA256SUMS lists (release/verify.ts checkLayout).
  await writeFile(join(dir, 'SHA256SUMS'), `${createHash('sha256').update('a\n1\n').digest('hex')}  data/x.csv\n`);
  await writeStatus(dir, { dataset: 'd', version, status: 'published', since: '2026-01-01T00:00:00Z' });
  // The ledger records every release (a line as tuomin wrote it before the hash chain: accepted as a prefix).
  await appendFile(join(root, 'ledger.jsonl'), `${JSON.stringify({ at: '2026-01-01T00:00:00Z', event: 'publish', dataset: 'd', version })}\n`);
}

describe('release ledger', () => {
  it('suspend → restore → withdraw; a withdrawn version is final and keeps its hashes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tuomin-ledger-'));
    await fakeRelease(root, '1.0.0');
    expect((await changeStatus(root, '1.0.0', 'suspend', '权利人投诉')).status).toBe('suspended');
    await expect(changeStatus(root, '1.0.0', 'suspend', 'again')).rejects.toThrow(/cannot suspend version 1.0.0: it is suspended/);
    expect((await changeStatus(root, '1.0.0', 'restore', '核实无误')).status).toBe('published');
    await expect(changeStatus(root, '1.0.0', 'withdraw', '  ')).rejects.toThrow(/a reason is required/);
    const w = await changeStatus(root, '1.0.0', 'withdraw', '确认泄露');
    expect(w).toMatchObject({ status: 'withdrawn', reason: '确认泄露' });
    await expect(stat(join(root, '1.0.0', 'data'))).rejects.toThrow();
    expect(await readFile(join(root, '1.0.0', 'SHA256SUMS'), 'utf8')).toContain('data/x.csv');
    await expect(changeStatus(root, '1.0.0', 'restore', 'undo')).rejects.toThrow(/withdrawn version is final/);
    expect((await readLedger(root)).map((e) => e.event)).toEqual(['publish', 'suspend', 'restore', 'withdraw-intent', 'withdraw']);
  });
  it('versions sort semantically and the next one bumps the minor', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tuomin-ledger-'));
    for (const v of ['1.2.0', '1.10.0', '1.9.0']) await fakeRelease(root, v);
    const vs = await listVersions(root);
    expect(vs.map((v) => v.version)).toEqual(['1.2.0', '1.9.0', '1.10.0']);
    expect(nextVersion(vs)).toBe('1.11.0');
    expect(nextVersion([])).toBe('1.0.0');
  });
  it('an unknown version is a clear error', async () => {
    const root = await mkdtemp(join(tmpdir(), 'tuomin-ledger-'));
    await expect(changeStatus(root, '9.9.9', 'withdraw', 'x')).rejects.toThrow(/no release 9\.9\.9/);
  });
});

describe('keys', () => {
  const hex = '000102030405060708090a0b0c0d0e0f';
  it('from an env var: hex or base64; the id is a fingerprint, never the key', () => {
    const k = resolveKeyRef({ env: 'K' }, { K: hex }, '/');
    expect(Buffer.from(k.bytes).toString('hex')).toBe(hex);
    expect(k.id).toMatch(/^[0-9a-f]{8}$/);
    expect(hex).not.toContain(k.id);
    expect(resolveKeyRef({ env: 'K' }, { K: Buffer.from(hex, 'hex').toString('base64') }, '/').id).toBe(k.id);
  });
  it('defaults to TUOMIN_KEY and explains a missing or malformed key without echoing it', () => {
    expect(() => resolveKeyRef(undefined, {}, '/')).toThrow(/TUOMIN_KEY is not set/);
    let msg = '';
    try { resolveKeyRef({ env: 'K' }, { K: 'secret-but-short' }, '/'); } catch (e) { msg = (e as Error).message; }
    expect(msg).toMatch(/does not hold a valid key/);
    expect(msg).not.toContain('secret-but-short');
  });
  it('from a key file, relative to the spec folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-key-'));
    await writeFile(join(dir, 'k.hex'), `${hex}\n`, { mode: 0o600 });
    expect(Buffer.from(resolveKeyRef({ file: 'k.hex' }, {}, dir).bytes).toString('hex')).toBe(hex);
    expect(() => resolveKeyRef({ file: 'missing.hex' }, {}, dir)).toThrow(/cannot read key file missing.hex/);
  });
  it('a key file gives the same key as the same text in the environment, with or without a newline; raw bytes otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-key-'));
    const fromEnv = resolveKeyRef({ env: 'K' }, { K: hex }, '/');
    const b64 = Buffer.from(hex, 'hex').toString('base64');
    const hex32 = `${hex}${hex}`;
    for (const [name, text] of [['a', hex], ['b', `${hex}\n`], ['c', `  ${hex}\r\n`], ['d', b64], ['e', `${b64}\n`]] as const) {
      await writeFile(join(dir, name), text, { mode: 0o600 });
      expect(resolveKeyRef({ file: name }, {}, dir), name).toEqual(fromEnv);
    }
    await writeFile(join(dir, 'f'), hex32, { mode: 0o600 });
    expect(Buffer.from(resolveKeyRef({ file: 'f' }, {}, dir).bytes).toString('hex')).toBe(hex32);
    // 16 raw bytes (not hex or base64 text) are the key itself.
    const raw = Buffer.from('ff00fe01fd02fc03fb04fa05f906f807', 'hex');
    await writeFile(join(dir, 'g'), raw, { mode: 0o600 });
    expect(Buffer.from(resolveKeyRef({ file: 'g' }, {}, dir).bytes)).toEqual(raw);
  });
});
