import { TuominError } from '../errors.js';

/**
 * The one check every keyed rule makes before it uses a key (pseudonymize, fpe, date-shift,
 * synthesize): the key is `{ id, bytes }` with `bytes` a Uint8Array. A hex or base64 string
 * where bytes are expected would otherwise be used as its ASCII characters: a weaker key than
 * the user meant, and one no other tool reproduces. Messages never show the key.
 */
export function checkKeyBytes(key: unknown, rule: string): Uint8Array {
  const bytes = (key as { bytes?: unknown } | null | undefined)?.bytes;
  if (typeof key === 'string' || typeof bytes === 'string') {
    throw new TuominError('BAD_KEY', 'the key was given as a string; keyed rules take the key as bytes', { rule },
      "pass { id, bytes: Uint8Array }, for a hex key: Uint8Array.from(Buffer.from(hex, 'hex')) (in a spec: key: { env } or key: { file })", { id: 'key.isString' });
  }
  if (!(bytes instanceof Uint8Array)) {
    throw new TuominError('BAD_KEY', 'no key bytes: keyed rules take the key as { id, bytes: Uint8Array }', { rule },
      'resolve the key first (the publish layer reads key: { env } or key: { file }), or pass { id, bytes }', { id: 'key.noBytes' });
  }
  return bytes;
}

/**
 * Whether key bytes are one byte repeated (all zero, all 0xff, ...): a placeholder, not a secret.
 * Keys read from a spec's env var or key file are refused when they are (publish's resolveKeyRef);
 * the library itself accepts them, for test vectors.
 */
export function isConstantKey(bytes: Uint8Array): boolean {
  return bytes.length > 0 && bytes.every((b) => b === bytes[0]);
}
