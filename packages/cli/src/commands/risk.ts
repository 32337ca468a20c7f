import { resolve } from 'node:path';
import type { RiskAssessment } from '@tuomin/publish';
import type { LMode, TMode } from '@tuomin/core';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { csvReadOptions, readerOptions, xlsxReadOptions } from '../reader-options.js';
import { t } from '../messages/index.js';
import { defineVerb } from '../options/table.js';
import { expandInputNames, inputsOf, inputsShown, refuseFolders } from '../inputs.js';
import { expectArgs, parseVerb, verbUsageError } from '../options/parse.js';
import { helpText } from '../options/help.js';
import { atLeast, names, nonEmpty, numberIn, oneOf, wholeNumber } from '../options/values.js';
import { parallelNote, workersOf, workersOption } from '../workers-option.js';

export const riskSpec = defineVerb({
  name: 'risk',
  synopsis: '<file...> --qi a,b,c [options]',
  about: {
    en: `Reads any format tuomin convert reads, groups the rows into equivalence classes over the
quasi-identifiers and prints the risk figures (counts only, never values).`,
    zh: `读取 tuomin convert 能读的任何格式，按准标识符把记录分成等价类，打印风险指标（只有计数，不含任何值）。`,
  },
  options: {
    qi: { type: 'string', arg: { en: 'a,b,c', zh: '列1,列2,列3' }, help: { en: 'quasi-identifier columns (required)', zh: '准标识符列（必填）' }, parse: names },
    k: { type: 'string', arg: { en: 'N', zh: '整数' }, help: { en: 'count classes and records below k', zh: '统计小于 k 的等价类和记录' }, default: 1, parse: wholeNumber(1) },
    sensitive: { type: 'string', arg: { en: 's,...', zh: '列,...' }, help: { en: 'sensitive columns, for --l and --t', zh: '敏感属性列，供 --l 和 --t 使用' }, parse: names },
    l: { type: 'string', arg: { en: 'N', zh: '整数' }, help: { en: 'l-diversity of each sensitive column', zh: '每个敏感列的 l-多样性' }, parse: atLeast(1) },
    'l-mode': { type: 'string', arg: { en: 'M', zh: '方式' }, help: { en: 'distinct or entropy', zh: 'distinct 或 entropy' }, default: 'distinct', parse: oneOf<LMode>(['distinct', 'entropy']) },
    t: { type: 'string', arg: { en: 'X', zh: '数值' }, help: { en: 't-closeness of each sensitive column (0..1]', zh: '每个敏感列的 t-接近度（0..1]' }, parse: numberIn(0, 1, true) },
    't-mode': { type: 'string', arg: { en: 'M', zh: '方式' }, help: { en: 'equal (categorical) or ordered (numeric)', zh: 'equal（分类）或 ordered（数值）' }, default: 'equal', parse: oneOf<TMode>(['equal', 'ordered']) },
    'risk-threshold': { type: 'string', arg: { en: 'X', zh: '数值' }, help: { en: 'count records whose risk 1/|class| is above X', zh: '统计风险 1/|等价类| 高于此数值的记录' }, defaultText: { en: '0.2', zh: '0.2' }, parse: numberIn(0, 1) },
    'max-classes': {
      type: 'string', arg: { en: 'N', zh: '数量' },
      help: { en: 'classes kept in memory; past N they spill to 16 partition files in the\ntemp folder, read back one at a time (not with --t)', zh: '内存中保留的等价类数；超过此数时写入临时文件夹中的 16 个分区文件，逐个读回（不能与 --t 同用）' },
      defaultText: { en: '5000000', zh: '5000000' }, parse: wholeNumber(1),
    },
    'spill-dir': { type: 'string', arg: { en: 'DIR', zh: '目录' }, help: { en: 'folder for those files', zh: '存放这些分区文件的文件夹' }, defaultText: { en: 'the OS temp folder', zh: '系统临时文件夹' }, parse: nonEmpty },
    fail: { type: 'boolean', help: { en: 'exit 3 when records are below k or violate l / t', zh: '有记录低于 k 或不满足 l / t 时以退出码 3 结束' } },
    ...readerOptions({ en: 'leave it out of the figures (written nowhere) and count it', zh: '不计入风险指标（不写到任何地方）' }),
    ...workersOption({ en: 'the figures are the same for any N (past --max-classes classes: one thread)', zh: '无论线程数多少，指标都相同（等价类超过 --max-classes 时单线程运行）' }),
  },
  exitCodes: {
    en: 'Exit codes: 0 ok, 1 bad input, 2 usage error, 3 with --fail when the target is not met.',
    zh: '退出码：0 成功，1 输入有误，2 用法错误，3 给出 --fail 且未达到目标。',
  },
});

export const riskCommand: Command = {
  name: 'risk',
  spec: riskSpec,
  get usage() {
    return helpText(riskSpec);
  },
  async run(argv, io) {
    const { values, positionals: given } = parseVerb(riskSpec, argv);
    expectArgs(riskSpec, given, [1, Infinity], t('args.files'));
    const positionals = await expandInputNames(io.cwd, given);
    await refuseFolders(io.cwd, positionals);
    const qi = values.qi ?? [];
    if (qi.length === 0) return verbUsageError(riskSpec, t('usage.required', { flag: '--qi' }));
    const { k, l, t: tValue, 'l-mode': lMode, 't-mode': tMode } = values;
    const sensitive = values.sensitive ?? [];
    if ((l !== undefined || tValue !== undefined) && sensitive.length === 0) return verbUsageError(riskSpec, t('usage.needs', { flag: '--l / --t', other: '--sensitive' }));
    const csv = csvReadOptions(values);
    // Loaded here, not at the top: `risk --help` and a usage error load no Arrow or WebAssembly.
    const { assessRisk } = await import('@tuomin/publish');
    const r = await assessRisk(inputsOf(io.cwd, positionals), {
      quasiIdentifiers: qi, k, sensitive, l, lMode, t: tValue, tMode, riskThreshold: values['risk-threshold'],
      ...(Object.keys(csv).length || Object.keys(xlsxReadOptions(values)).length ? { read: { csv, xlsx: xlsxReadOptions(values) } } : {}),
      spill: { maxClassesInMemory: values['max-classes'], dir: values['spill-dir'] === undefined ? undefined : resolve(io.cwd, values['spill-dir']) },
      workers: workersOf(values.workers),
    });
    const failed = r.recordsBelowK > 0 || (r.lDiversity ?? []).some((x) => x.recordsViolating > 0) || (r.tCloseness ?? []).some((x) => x.recordsViolating > 0);
    const { parallel, ...figures } = r;
    if (values.json) printJson(io, { ok: true, meetsTarget: !failed, ...figures, ...parallelNote(values.workers, parallel) });
    else print(io, describe(r));
    return values.fail && failed ? EXIT.SECURITY : EXIT.OK;
  },
};

function describe(r: RiskAssessment): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  const lines = [
    t('risk.classes', { rows: r.rows, classes: r.classes, qi: r.quasiIdentifiers.join(', ') }),
    t('risk.belowK', { min: r.minClassSize, avg: r.averageClassSize.toFixed(2), k: r.k, records: r.recordsBelowK, classes: r.classesBelowK }),
    ...(r.spilledPartitions > 0 ? [t('risk.spilled', { count: r.spilledPartitions })] : []),
    t('risk.prosecutor', { max: pct(r.prosecutor.max), avg: pct(r.prosecutor.avg) }),
    t('risk.journalist', { max: pct(r.journalist.max), avg: pct(r.journalist.avg) }),
    t('risk.marketer', { risk: pct(r.marketer) }),
    t('risk.uniques', { uniques: r.sampleUniques.records, share: pct(r.sampleUniques.share), threshold: r.riskThreshold, above: r.recordsAboveThreshold.records, aboveShare: pct(r.recordsAboveThreshold.share) }),
  ];
  for (const d of r.lDiversity ?? []) lines.push(t('risk.lDiversity', { mode: d.mode, l: d.l, column: d.column, records: d.recordsViolating, classes: d.classesViolating, min: d.minDistinct, entropy: d.minEntropyL.toFixed(2) }));
  for (const d of r.tCloseness ?? []) lines.push(t('risk.tCloseness', { t: d.t, mode: d.mode, column: d.column, records: d.recordsViolating, classes: d.classesViolating, max: d.maxDistance.toFixed(4) }));
  return lines.join('\n');
}

