import { readFileSync, statSync } from 'node:fs';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { TuominError, isConstantKey } from '@tuomin/core/light';
import type { KeyRef, ResolvedKey } from '@tuomin/core';

/** Receives a warning about a key (once per cause): the run puts it among its review warnings. */
/** A warning about a key: a code, the English message, and its figures (where the key is from, a file mode) for a front end's wording. */
export type KeyWarning = (code: string, message: string, params?: Record<string, string | number>) => void;

/**
 * Resolve a key reference to key bytes. Keys come from an environment variable or a key file,
 * never from the spec; they are never logged or written. Accepted encodings: 32 or 64 hex
 * characters (16 or 32 bytes), or base64 of 16 or 32 bytes, or a raw 16/32-byte file.
 * The key id is the first 8 hex characters of SHA-256 over the key: it tells keys apart in
 * reports without revealing them. A reference that looks like a key itself (the key pasted into
 * the spec) is refused without being repeated, and so is a key of one repeated byte.
 */
export function resolveKeyRef(ref: KeyRef | undefined, env: NodeJS.ProcessEnv, baseDir: string, warn?: KeyWarning): ResolvedKey {
  const r = ref && (ref.env || ref.file) ? ref : { env: 'TUOMIN_KEY' };
  refusePastedKey(r);
  // Where the key comes from, for a front end's wording of the errors below (env:NAME, file:path).
  const from = r.env ? `env:${r.env}` : `file:${r.file}`;
  let bytes: Uint8Array;
  let where: string;
  if (r.env) {
    where = `environment variable ${r.env}`;
    const v = env[r.env];
    if (!v) {
      throw new TuominError('BAD_KEY', `${where} is not set`, { rule: 'key' }, `export ${r.env}=$(openssl rand -hex 16), or point the rule at a key file with key: { file: path }`, { id: 'key.notSet', params: { env: r.env! } });
    }
    bytes = decodeKey(v.trim(), where, from);
  } else {
    const path = resolve(baseDir, r.file!);
    where = `key file ${r.file}`;
    let raw: Buffer;
    try {
      const st = statSync(path);
      if (st.mode & 0o077) {
        // Readable by group or others: allowed (containers often mount so) but worth knowing,
        // once, where the user reads the run's other warnings (and --json carries them).
        warnOnce(warn, 'key/readable-by-others', `${where} is readable by other users (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`, { keyFrom: from, mode: (st.mode & 0o777).toString(8) });
      }
      raw = readFileSync(path);
    } catch (err) {
      throw new TuominError('BAD_KEY', `cannot read ${where}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { file: path, rule: 'key' }, 'check the path; create one with: openssl rand -hex 16 > key.hex && chmod 600 key.hex', { id: 'key.unreadable', params: { keyFrom: from, errno: (err as NodeJS.ErrnoException).code ?? '' } });
    }
    // Text first: 32 hex characters saved without a newline are also 32 bytes long, and must
    // give the same key as the same text in the environment variable. A file is raw key bytes
    // only when it is not a hex or base64 key (random bytes are all hex digits with odds 1e-34).
    const text = textKey(raw.toString('latin1').trim());
    if (text !== null) bytes = text;
    else if (raw.length === 16 || raw.length === 32) bytes = new Uint8Array(raw);
    else bytes = decodeKey(raw.toString('utf8').trim(), where, from);
  }
  if (isConstantKey(bytes)) {
    throw new TuominError('BAD_KEY', `${where} holds ${bytes.length} copies of one byte (an all-zero or placeholder key), not a secret`, { rule: 'key' }, 'generate a random key with: openssl rand -hex 16', { id: 'key.constant', params: { keyFrom: from, bytes: bytes.length } });
  }
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  return { id, bytes };
}

/** A key written into the spec where the name of its variable or file belongs: refused, never repeated. */
function refusePastedKey(r: KeyRef): void {
  if (!looksLikeKey(r.env ?? r.file ?? '')) return;
  throw new TuominError('BAD_KEY', `key: { ${r.env ? 'env' : 'file'}: … } holds what looks like a key, not the name of ${r.env ? 'an environment variable' : 'a key file'}; the value is not shown`, { rule: 'key' },
    'never write a key into a spec: treat this key as exposed and make a new one (openssl rand -hex 16), put it in an environment variable or a chmod-600 key file, and name that in the spec', { id: 'key.pasted', params: { kind: r.env ? 'env' : 'file' } });
}

/**
 * A key pasted where a name belongs: 32 or 64 hex characters, base64 of 16 or 32 bytes, or a
 * long run of hex digits. Environment variable names are letters, digits and underscores, and
 * key files have paths: neither looks like this.
 */
export function looksLikeKey(name: string): boolean {
  const t = name.trim();
  return textKey(t) !== null || /^(0x)?[0-9a-fA-F]{16,}$/.test(t);
}

const warned = new WeakMap<KeyWarning, Set<string>>();
const warnedProcess = new Set<string>();
function warnOnce(warn: KeyWarning | undefined, code: string, message: string, params?: Record<string, string | number>): void {
  if (warn) {
    let seen = warned.get(warn);
    if (!seen) { seen = new Set(); warned.set(warn, seen); }
    if (!seen.has(message)) { seen.add(message); warn(code, message, params); }
    return;
  }
  if (!warnedProcess.has(message)) { warnedProcess.add(message); process.emitWarning(message); }
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

function decodeKey(text: string, where: string, from: string): Uint8Array {
  const key = textKey(text);
  if (key !== null) return key;
  throw new TuominError('BAD_KEY', `${where} does not hold a valid key (expected 16 or 32 bytes as hex or base64)`, { rule: 'key' }, 'generate one with: openssl rand -hex 16', { id: 'key.invalid', params: { keyFrom: from } });
}

/**
 * The seed for random rules (noise). Anyone who knows it can subtract the noise, so it is as
 * secret as a key: derived from the default key and the dataset and release when a key is
 * available (reproducible for the key holder), random otherwise (not reproducible).
 */
export function secretSeed(ref: KeyRef | undefined, env: NodeJS.ProcessEnv, baseDir: string, scope: string, warn?: KeyWarning): number {
  // A key pasted into the spec is an error even when no rule needs it: the spec itself leaks it.
  if (ref) refusePastedKey(ref);
  try {
    const key = resolveKeyRef(ref, env, baseDir, warn);
    return createHmac('sha256', key.bytes).update(`tuomin/v1/seed/${scope}`).digest().readUInt32LE(0);
  } catch {
    return randomBytes(4).readUInt32LE(0);
  }
}
