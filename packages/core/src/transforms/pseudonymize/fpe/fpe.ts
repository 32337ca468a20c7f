import { Type, Utf8, vectorFromArray, type Data, type RecordBatch, type Schema } from 'apache-arrow';
import { TuominError } from '../../../errors.js';
import { columnData, fieldIndex, replaceColumns } from '../../../kernels/batch.js';
import { isStringType, utf8At, utf8View } from '../../../kernels/utf8.js';
import { ff1Cipher } from '../../../crypto/ff1.js';
import { deriveCipherKey, scopeLabel, type ScopeLevel } from '../../../crypto/kdf.js';
import { checkKeyBytes } from '../../../crypto/key.js';
import type { EcbCipher } from '../../../crypto/ecb.js';
import type { BindOptions, BoundTransform, Transform, TransformReport } from '../../../pipeline/transform.js';
import type { ResolvedKey, RuleScope } from '../../rule.js';
import { scopeId } from '../transform.js';
import type { BirthDateMode, KeepRegion } from './cn-id.js';
import { fpeUtf8, type FpeCounts, type FpeJob } from './fpe-chunk.js';
import { fpeDictionary } from './fpe-dictionary.js';
import type { DictionaryCache } from '../../../kernels/dictionary.js';
import { fpeFormat } from './formats.js';
import type { FpeFormatName, FpeOnInvalid } from './options.js';
import { typeShape } from '../../../kernels/type-shape.js';

export interface FpeOptions {
  columns: string[];
  format: FpeFormatName;
  /** A 16, 24 or 32-byte AES key. */
  key: ResolvedKey;
  scope?: RuleScope | undefined;
  /** Default 'dataset'. */
  scopeLevel?: ScopeLevel;
  /** cn.id only; default 'county' (all 6 region digits kept). */
  keepRegion?: KeepRegion;
  /** cn.id only; default 'range' (dates spread over 1800..2099); 'keep-year' keeps the birth year. */
  birthDate?: BirthDateMode;
  /** Default 'null'. */
  onInvalid?: FpeOnInvalid;
}

const RULE = 'fpe';

/** The FF1 key of a format under a scope: CMAC-derived from the scope key, one per format. */
function fpeCipher(o: Omit<FpeOptions, 'columns'>, level: ScopeLevel, id: string): EcbCipher {
  const len = checkKeyBytes(o.key, RULE).length;
  if (len !== 16 && len !== 24 && len !== 32) {
    throw new TuominError('BAD_KEY', `key "${o.key.id}" is ${len} bytes; fpe (FF1-AES) needs 16, 24 or 32 bytes`, { rule: RULE },
      'generate one with `openssl rand -hex 16` and point the rule at it with key: { env } or key: { file }', { id: 'key.fpeLength', params: { bytes: len } });
  }
  const scopeKey = deriveCipherKey('aes', o.key.bytes, scopeLabel(level, id));
  return ff1Cipher(deriveCipherKey('aes', scopeKey, `tuomin/v1/fpe/${o.format}`));
}

function fpeTransform(options: FpeOptions, decrypt: boolean): Transform {
  const level = options.scopeLevel ?? 'dataset';
  const id = scopeId(options.scope, level, RULE);
  const cipher = fpeCipher(options, level, id);
  const format = fpeFormat(options.format, options.keepRegion ?? 'county', options.birthDate ?? 'range');
  const onInvalid = options.onInvalid ?? 'null';
  const name = decrypt ? 'fpeDecrypt' : RULE;
  return {
    name,
    bind(input: Schema, bindOptions?: BindOptions): BoundTransform {
      const indices = options.columns.map((c) => {
        const i = fieldIndex(input, c);
        if (i < 0) throw new TuominError('BAD_SPEC', 'no such column', { column: c, rule: RULE }, `columns are: ${input.fields.map((f) => f.name).join(', ')}`, { id: 'rule.columnNotFound', params: { columns: input.fields.map((f) => f.name) } });
        if (!isStringType(input.fields[i]!.type)) {
          throw new TuominError('BAD_SPEC', `column type ${typeShape(input.fields[i]!.type)} is not text`, { column: c, rule: RULE },
            'fpe works on string columns; cast the column to text first (normalize cast)', { id: 'rule.castToText', params: { rule: RULE, type: typeShape(input.fields[i]!.type) } });
        }
        return i;
      });
      const counts: FpeCounts = { rowsSeen: 0, nulls: 0, changed: 0, invalid: 0 };
      const caches = indices.map((): DictionaryCache => new WeakMap());
      let rowBase = bindOptions?.rowOffset ?? 0; // a partition's rows before it: errors name global rows
      const map = (batch: RecordBatch): RecordBatch => {
        const repl = new Map<number, Data>();
        indices.forEach((i, c) => {
          const job: FpeJob = { format, cipher, decrypt, onInvalid, column: options.columns[c]!, rule: RULE, rowBase };
          const d = columnData(batch, i);
          repl.set(i, d.typeId === Type.Dictionary ? fpeDictionary(d, job, counts, caches[c]!) : fpeUtf8(d, job, counts));
        });
        rowBase += batch.numRows;
        return replaceColumns(batch, input, repl);
      };
      const report = (): TransformReport[] => [{
        transform: name,
        columns: [...options.columns],
        rowsSeen: indices.length ? counts.rowsSeen / indices.length : 0,
        valuesChanged: counts.changed,
        invalid: counts.invalid,
        nulls: counts.nulls,
        extra: {
          method: 'ff1-aes',
          format: options.format,
          keyId: options.key.id,
          scopeLevel: level,
          scopeId: id,
          onInvalid,
          reversible: true,
          ...(options.format === 'cn.id' ? { keepRegion: options.keepRegion ?? 'county', birthDate: options.birthDate ?? 'range' } : {}),
        },
      }];
      return {
        outputSchema: input,
        async *apply(batches) {
          for await (const b of batches) yield map(b);
        },
        report,
      };
    },
  };
}

/**
 * Format-preserving, keyed, injective pseudonyms (FF1 over AES, NIST SP 800-38G) for Chinese
 * identifiers; outputs pass the format's checks. Reversible by the key holder with `fpeDecrypt`.
 */
export function fpe(options: FpeOptions): Transform {
  return fpeTransform(options, false);
}

/** The inverse of `fpe` with the same key, scope and format options. */
export function fpeDecrypt(options: FpeOptions): Transform {
  return fpeTransform(options, true);
}

/** Apply `fpe` (or its inverse) to a list of strings: for tools, tests and small lookups. */
export function fpeStrings(options: Omit<FpeOptions, 'columns'>, values: readonly (string | null)[], decrypt = false): (string | null)[] {
  const level = options.scopeLevel ?? 'dataset';
  const cipher = fpeCipher(options, level, scopeId(options.scope, level, RULE));
  const job: FpeJob = {
    format: fpeFormat(options.format, options.keepRegion ?? 'county', options.birthDate ?? 'range'), cipher, decrypt,
    onInvalid: options.onInvalid ?? 'null', column: '(strings)', rule: RULE, rowBase: 0,
  };
  const data = vectorFromArray(values as (string | null)[], new Utf8()).data[0]!;
  const out = utf8View(fpeUtf8(data, job, { rowsSeen: 0, nulls: 0, changed: 0, invalid: 0 }));
  return Array.from({ length: out.length }, (_, i) => utf8At(out, i));
}
