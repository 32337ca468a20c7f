import { readFileSync, statSync } from 'node:fs';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { TuominError, type KeyRef, type ResolvedKey } from '@tuomin/core';

/**
 * Resolve a key reference to key bytes. Keys come from an environment variable or a key file,
 * never from the spec; they are never logged or written. Accepted encodings: 32 or 64 hex
 * characters (16 or 32 bytes), or base64 of 16 or 32 bytes, or a raw 16/32-byte file.
 * The key id is the first 8 hex characters of SHA-256 over the key: it tells keys apart in
 * reports without revealing them.
 */
export function resolveKeyRef(ref: KeyRef | undefined, env: NodeJS.ProcessEnv, baseDir: string): ResolvedKey {
  const r = ref && (ref.env || ref.file) ? ref : { env: 'TUOMIN_KEY' };
  let bytes: Uint8Array;
  let where: string;
  if (r.env) {
    where = `environment variable ${r.env}`;
    const v = env[r.env];
    if (!v) {
      throw new TuominError('BAD_KEY', `${where} is not set`, { rule: 'key' }, `export ${r.env}=$(openssl rand -hex 16), or point the rule at a key file with key: { file: path }`);
    }
    bytes = decodeKey(v.trim(), where);
  } else {
    const path = resolve(baseDir, r.file!);
    where = `key file ${r.file}`;
    let raw: Buffer;
    try {
      const st = statSync(path);
      if (st.mode & 0o077) {
        // Readable by group or others: allowed (containers often mount so) but worth knowing.
        process.emitWarning(`${where} is readable by other users; chmod 600 it`);
      }
      raw = readFileSync(path);
    } catch (err) {
      throw new TuominError('BAD_KEY', `cannot read ${where}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file: path, rule: 'key' }, 'check the path; create one with: openssl rand -hex 16 > key.hex && chmod 600 key.hex');
    }
    // Text first: 32 hex characters saved without a newline are also 32 bytes long, and must
    // give the same key as the same text in the environment variable. A file is raw key bytes
    // only when it is not a hex or base64 key (random bytes are all hex digits with odds 1e-34).
    const text = textKey(raw.toString('latin1').trim());
    if (text !== null) bytes = text;
    else if (raw.length === 16 || raw.length === 32) bytes = new Uint8Array(raw);
    else bytes = decodeKey(raw.toString('utf8').trim(), where);
  }
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  return { id, bytes };
}

/** A 16- or 32-byte key written as hex or base64, or null. */
function textKey(text: string): Uint8Array | null {
  if (/^[0-9a-fA-F]+$/.test(text) && (text.length === 32 || text.length === 64)) return new Uint8Array(Buffer.from(text, 'hex'));
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    const b = Buffer.from(text, 'base64');
    if (b.length === 16 || b.length === 32) return new Uint8Array(b);
  }
  return null;
}

function decodeKey(text: string, where: string): Uint8Array {
  const key = textKey(text);
  if (key !== null) return key;
  throw new TuominError('BAD_KEY', `${where} does not hold a valid key (expected 16 or 32 bytes as hex or base64)`, { rule: 'key' }, 'generate one with: openssl rand -hex 16');
}

/**
 * The seed for random rules (noise). Anyone who knows it can subtract the noise, so it is as
 * secret as a key: derived from the default key and the dataset and release when a key is
 * available (reproducible for the key holder), random otherwise (not reproducible).
 */
export function secretSeed(ref: KeyRef | undefined, env: NodeJS.ProcessEnv, baseDir: string, scope: string): number {
  try {
    const key = resolveKeyRef(ref, env, baseDir);
    return createHmac('sha256', key.bytes).update(`tuomin/v1/seed/${scope}`).digest().readUInt32LE(0);
  } catch {
    return randomBytes(4).readUInt32LE(0);
  }
}
