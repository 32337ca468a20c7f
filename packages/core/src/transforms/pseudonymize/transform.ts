import type { Data, RecordBatch, Schema } from 'apache-arrow';
import type { DictionaryCache } from '../../kernels/dictionary.js';
import { TuominError } from '../../errors.js';
import { columnData, fieldIndex, replaceColumns } from '../../kernels/batch.js';
import { isStringType } from '../../kernels/utf8.js';
import { encodedChars, type TagEncoding } from '../../crypto/encode.js';
import type { ScopeLevel } from '../../crypto/kdf.js';
import type { BoundTransform, Transform, TransformReport } from '../../pipeline/transform.js';
import type { ResolvedKey, RuleScope } from '../rule.js';
import type { PseudonymizeMethod } from './options.js';
import { makeTagger } from './tagger.js';
import { pseudonymizeData, type ColumnCounts, type TagText } from './encode-column.js';
import { typeShape } from '../../kernels/type-shape.js';

export interface PseudonymizeOptions {
  columns: string[];
  /** Default 'aes-cmac'. */
  method?: PseudonymizeMethod;
  /** Required except for xxh64 (where it only seeds the hash). */
  key?: ResolvedKey | undefined;
  scope?: RuleScope | undefined;
  /** Which scope id the key is derived for; default 'dataset'. */
  scopeLevel?: ScopeLevel;
  /** Default 'hex'. */
  output?: TagEncoding;
  /** Truncate to this many output characters (at least 8). */
  length?: number | undefined;
  prefix?: string | undefined;
}

const RULE = 'pseudonymize';

/** Resolve the scope id of a level, or explain which spec field is missing. */
export function scopeId(scope: RuleScope | undefined, level: ScopeLevel, rule: string): string {
  const id = scope?.[level];
  if (id === undefined || id === '') {
    throw new TuominError('BAD_SPEC', `scope level "${level}" has no ${level} id`, { rule },
      `give the ${level} id (scope: { ${level}: '...' }) or choose another scopeLevel`, { id: 'pseudonymize.noScopeId', params: { level } });
  }
  return id;
}

/**
 * Keyed, deterministic pseudonyms of string columns: each non-null value becomes
 * prefix + encode(PRF(scopeKey, value)) truncated to `length` characters. Nulls stay null.
 */
export function pseudonymize(options: PseudonymizeOptions): Transform {
  const method = options.method ?? 'aes-cmac';
  const level = options.scopeLevel ?? 'dataset';
  const encoding = options.output ?? 'hex';
  const id = scopeId(options.scope, level, RULE);
  const tagger = makeTagger(method, options.key, level, id);
  const maxChars = encodedChars(tagger.tagBytes, encoding);
  const chars = options.length ?? maxChars;
  if (!Number.isInteger(chars) || chars < 8 || chars > maxChars) {
    throw new TuominError('BAD_SPEC', `length ${chars} is out of range for ${method} in ${encoding} (8..${maxChars})`, { rule: RULE },
      'pick a length between 8 and the full tag length; 16 hex characters (64 bits) keep collisions unlikely below a billion values', { id: 'pseudonymize.lengthRange', params: { length: chars, method, encoding, max: maxChars } });
  }
  const text: TagText = { encoding, chars, prefix: new TextEncoder().encode(options.prefix ?? '') };
  return {
    name: RULE,
    bind(input: Schema): BoundTransform {
      const indices = options.columns.map((name) => {
        const i = fieldIndex(input, name);
        if (i < 0) throw new TuominError('BAD_SPEC', 'no such column', { column: name, rule: RULE }, `columns are: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'rule.columnNotFound', params: { columns: input.fields.map((f) => f.name) } });
        if (!isStringType(input.fields[i]!.type)) {
          throw new TuominError('BAD_SPEC', `column type ${typeShape(input.fields[i]!.type)} is not text`, { column: name, rule: RULE },
            'pseudonymize works on string columns; cast the column to text first (normalize cast)', { id: 'rule.castToText', params: { rule: RULE, type: typeShape(input.fields[i]!.type) } });
        }
        return i;
      });
      const counts: ColumnCounts = { rowsSeen: 0, nulls: 0, changed: 0 };
      const cache: DictionaryCache = new WeakMap();
      const map = (batch: RecordBatch): RecordBatch => {
        const repl = new Map<number, Data>();
        for (const i of indices) repl.set(i, pseudonymizeData(columnData(batch, i), tagger, text, counts, cache));
        return replaceColumns(batch, input, repl);
      };
      const report = (): TransformReport[] => [{
        transform: RULE,
        columns: [...options.columns],
        // Counts are summed over the columns; rowsSeen is per column.
        rowsSeen: indices.length ? counts.rowsSeen / indices.length : 0,
        valuesChanged: counts.changed,
        invalid: 0,
        nulls: counts.nulls,
        extra: {
          method,
          keyId: options.key?.id ?? null,
          scopeLevel: level,
          scopeId: id,
          output: encoding,
          length: chars,
          ...(method === 'xxh64' ? { notPseudonymization: true } : {}),
        },
      }];
      return {
        outputSchema: input,
        async *apply(batches) {
          await tagger.ready();
          for await (const b of batches) yield map(b);
        },
        report,
      };
    },
  };
}
