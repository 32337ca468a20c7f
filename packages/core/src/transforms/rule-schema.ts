import type { RuleDefinition } from './rule.js';

/**
 * What the dataset spec knows of a rule type: its name, summary, option schema (zod, pure data)
 * and example, without the kernel that runs it. Kept apart from `create` so that loading and
 * checking a spec loads no Arrow, Parquet, faker or WebAssembly (#16: `tuomin catalog` on a
 * folder with a spec, `tuomin release … spec.yaml`); each family's `schema.ts` holds these and
 * its `rules.ts` adds the kernels.
 */
export type RuleSchema = Omit<RuleDefinition, 'create'>;

/**
 * A family's rule definitions: its schemas, each with the kernel that builds its Transform. The
 * record is keyed by rule type, so a schema without a kernel (or a kernel without a schema) is a
 * type error, and the order (the docs' order) stays the schema list's.
 */
export function withKernels<T extends string>(schemas: readonly (RuleSchema & { type: T })[], create: Record<T, RuleDefinition['create']>): RuleDefinition[] {
  return schemas.map((s) => ({ ...s, create: create[s.type] }));
}
