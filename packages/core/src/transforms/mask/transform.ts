import { type Data, Field, type RecordBatch, Schema } from 'apache-arrow';
import { TuominError } from '../../errors.js';
import { optionPath, optionsIssue } from '../options-issue.js';
import { columnData, replaceColumns } from '../../kernels/batch.js';
import { newCounts, type MapCounts } from '../../kernels/utf8.js';
import { mapBatches, type BindOptions, type Transform, type TransformReport } from '../../pipeline/transform.js';
import { buildMaskKernel, maskByteOf } from './build-kernel.js';
import { requireStringColumn } from './columns.js';
import type { MaskChunkContext } from './mask-chunk.js';
import { maskData } from './mask-data.js';
import { type MaskOptions, type MaskRuleOptions, maskOptions } from './options.js';
import { encodeUtf8 } from './utf8-chars.js';

/**
 * mask({ columns, preset?, keepFirst?, keepLast?, range?, delimiter?, maskChar?, keepSeparators?, fixedWidth?, onInvalid? })
 * Options are validated by `maskOptions`; an unknown or non-text column fails at bind().
 */
export function mask(options: MaskOptions): Transform {
  const parsed = maskOptions.safeParse(options);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new TuominError('BAD_SPEC', `mask options: ${first.message}`, { rule: 'mask', ...optionPath(first) },
      'see docs/transforms-mask.md for the options', { id: 'rule.badOptions', params: { rule: 'mask', ...optionsIssue(first) } });
  }
  const { columns, ...rule } = parsed.data;
  const ruleName = rule.preset !== undefined ? `mask ${rule.preset}` : 'mask';
  return {
    name: ruleName,
    bind(input: Schema, bindOptions?: BindOptions) {
      const indices = columns.map((c) => requireStringColumn(input, c, ruleName));
      const cols = indices.map((index, k) => new MaskedColumn(columns[k]!, index, rule, ruleName, bindOptions?.rowOffset ?? 0));
      // A column nulled by onInvalid: 'null' must be nullable.
      const fields = input.fields.slice();
      if ((rule.onInvalid ?? 'mask-all') === 'null') {
        for (const i of indices) fields[i] = new Field(fields[i]!.name, fields[i]!.type, true, fields[i]!.metadata);
      }
      const outputSchema = new Schema(fields, input.metadata);
      return mapBatches(
        outputSchema,
        (batch: RecordBatch) => {
          const replaced = new Map<number, Data>();
          for (const c of cols) replaced.set(c.index, c.apply(columnData(batch, c.index)));
          return replaceColumns(batch, outputSchema, replaced);
        },
        (): TransformReport[] => cols.map((c) => c.report()),
      );
    },
  };
}

/**
 * Per-column state: the kernel (with its scratch), counts and the running row number for errors
 * (from the partition's row offset, so a partition names rows as the whole input does).
 */
class MaskedColumn {
  private readonly counts: MapCounts = newCounts();
  private readonly cx: MaskChunkContext;

  constructor(readonly name: string, readonly index: number, private readonly rule: MaskRuleOptions, ruleName: string, private rowBase: number) {
    const preset = rule.preset ?? 'custom';
    this.cx = {
      kernel: buildMaskKernel(rule),
      onInvalid: rule.onInvalid ?? 'mask-all',
      mask: encodeUtf8(rule.maskChar ?? '*'),
      maskByte: maskByteOf(rule),
      counts: this.counts,
      raise: (i: number): never => {
        throw new TuominError(
          'BAD_VALUE',
          `value does not fit the ${preset} format (value not shown)`,
          { column: name, row: this.rowBase + i + 1, rule: ruleName },
          'fix the value upstream, or set onInvalid to mask-all, keep or null',
          { id: 'mask.notFormat', params: { preset } },
        );
      },
    };
  }

  apply(data: Data): Data {
    const out = maskData(data, this.cx);
    this.rowBase += data.length;
    return out;
  }

  report(): TransformReport {
    return {
      transform: 'mask',
      columns: [this.name],
      ...this.counts,
      extra: { preset: this.rule.preset ?? 'custom', onInvalid: this.cx.onInvalid },
    };
  }
}
