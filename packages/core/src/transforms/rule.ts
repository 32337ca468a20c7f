import type { z } from 'zod';
import type { RecordBatch } from 'apache-arrow';
import type { Transform } from '../pipeline/transform.js';

/**
 * A key resolved by the caller (the publish layer reads it from an environment variable or a
 * key file). Core never reads keys itself and never prints `bytes`.
 */
export interface ResolvedKey {
  /** A public identifier of the key (for reports), for example the first 8 hex chars of its SHA-256, or a name. */
  id: string;
  bytes: Uint8Array;
}

/** Where a key comes from, as written in a spec: the name of an env var or a key file path. Never the key. */
export interface KeyRef {
  env?: string | undefined;
  file?: string | undefined;
}

/** Scope identifiers that pseudonymization keys are derived for; different scopes cannot be linked. */
export interface RuleScope {
  dataset?: string;
  release?: string;
  recipient?: string;
}

export interface RuleContext {
  /** Resolve a key reference; throws a TuominError (code BAD_KEY) naming the env var or file. */
  resolveKey(ref: KeyRef | undefined): ResolvedKey;
  scope: RuleScope;
  /** Seed for anything random (noise); runs with the same seed and key produce the same output. */
  seed: number;
  /**
   * Where a rule instance with onInvalid: reject-row sends the rows it removes, batch by batch, as
   * they happen (a run streams them to a private file). Called once per rule instance; without
   * it the rule holds the rows for `rejected()`.
   */
  rejectSink?: ((rule: string) => (batch: RecordBatch) => void) | undefined;
}

/**
 * One rule type of the dataset spec (`columns.<name>.rule: { type: mask, preset: cn.id }`).
 * `options` is the zod schema of everything but `type`; the docs' transform reference is checked
 * against these schemas. `create` builds a Transform over the given columns.
 */
export interface RuleDefinition {
  type: string;
  summary: string;
  options: z.ZodType;
  /** One example of the options (without `type`), used in docs and tests. */
  example: Record<string, unknown>;
  create(columns: string[], options: any, ctx: RuleContext): Transform;
}
