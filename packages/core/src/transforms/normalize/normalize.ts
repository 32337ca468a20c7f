import type { Schema } from 'apache-arrow';
import type { BindOptions, BoundTransform, Transform } from '../../pipeline/transform.js';
import type { RejectingTransform, RejectOptions } from '../generalize/column-transform.js';
import { cast, type CastOnInvalid, type CastTarget } from './cast.js';
import type { RowOnInvalid } from './on-invalid.js';
import { renameColumns } from './rename.js';
import { fullwidthToHalfwidth, nullTokens, trimWhitespace, upperCase } from './text.js';
import { validate } from './validate.js';

export interface NormalizeOptions extends RejectOptions {
  /** Old header → snake_case name. Applied first: every other option uses the new names. */
  rename?: Record<string, string> | undefined;
  fullwidth?: string[] | undefined;
  trim?: string[] | undefined;
  /** Columns whose null tokens become null (default tokens), or columns plus tokens. */
  nullTokens?: string[] | { columns: string[]; tokens: string[] } | undefined;
  upper?: string[] | undefined;
  validate?: Array<{ columns: string[]; regex?: string; checksum?: 'cn-id' | 'uscc'; enum?: string[]; onInvalid?: RowOnInvalid }> | undefined;
  /** Column → target type. */
  cast?: Record<string, CastTarget> | undefined;
  castOnInvalid?: CastOnInvalid | undefined;
}

/**
 * Schema normalization in one transform, in this order: rename, full-width → half-width, trim,
 * null tokens, upper-case, validate, cast. Rows rejected by validate or cast (reject-row) go to
 * `onReject`, or are held for `rejected()`.
 *
 *   normalize({ rename: { 出生日期: 'birth_date' }, trim: ['birth_date'], cast: { birth_date: 'date' } })
 */
export function normalize(o: NormalizeOptions): RejectingTransform {
  const parts: Transform[] = [];
  const sink = o.onReject ? { onReject: o.onReject } : {};
  if (o.rename && Object.keys(o.rename).length) parts.push(renameColumns({ map: o.rename }));
  if (o.fullwidth?.length) parts.push(fullwidthToHalfwidth({ columns: o.fullwidth }));
  if (o.trim?.length) parts.push(trimWhitespace({ columns: o.trim }));
  if (o.nullTokens) {
    parts.push(Array.isArray(o.nullTokens) ? nullTokens({ columns: o.nullTokens }) : nullTokens(o.nullTokens));
  }
  if (o.upper?.length) parts.push(upperCase({ columns: o.upper }));
  for (const v of o.validate ?? []) parts.push(validate({ ...v, ...sink }));
  const byTarget = new Map<CastTarget, string[]>();
  for (const [col, to] of Object.entries(o.cast ?? {})) byTarget.set(to, [...(byTarget.get(to) ?? []), col]);
  for (const [to, columns] of byTarget) parts.push(cast({ columns, to, onInvalid: o.castOnInvalid, ...sink }));
  return composeTransforms('normalize', parts);
}

/** Run transforms one after another as one transform (none may need a first pass). */
export function composeTransforms(name: string, parts: Transform[]): RejectingTransform {
  return {
    name,
    rejected: () => parts.flatMap((p) => ('rejected' in p ? (p as RejectingTransform).rejected() : [])),
    bind(input: Schema, bindOptions?: BindOptions): BoundTransform {
      let schema = input;
      const bound = parts.map((p) => {
        const b = p.bind(schema, bindOptions);
        if (b.needsFirstPass) throw new Error(`${p.name} needs a first pass and cannot be composed; add it to the pipeline on its own`);
        schema = b.outputSchema;
        return b;
      });
      return {
        outputSchema: schema,
        ...(bound.some((b) => b.dropsRows) ? { dropsRows: true } : {}),
        ...(bound.some((b) => b.rowSeeded) ? { rowSeeded: true } : {}),
        apply(batches) {
          let s = batches;
          for (const b of bound) s = b.apply(s);
          return s;
        },
        report: () => bound.flatMap((b) => b.report()),
      };
    },
  };
}
