import { resolve } from 'node:path';
import type { Hierarchy, LMode, LossMetric, TMode } from '@tuomin/core';
import type { Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { csvReadOptions, readerOptions, xlsxReadOptions } from '../reader-options.js';
import { refuseFolders } from '../inputs.js';
import { t } from '../messages/index.js';
import { defineVerb } from '../options/table.js';
import { expectArgs, parseVerb, verbUsageError } from '../options/parse.js';
import { helpText } from '../options/help.js';
import { atLeast, names, nonEmpty, numberIn, oneOf, positive, wholeNumber } from '../options/values.js';

const METRICS = ['entropy', 'discernibility', 'dmstar', 'aecs', 'precision', 'loss'] as const satisfies readonly LossMetric[];
const T_MODE_NAMES = ['equal', 'ordered', 'hierarchical'] as const satisfies readonly TMode[];

export const anonymizeSpec = defineVerb({
  name: 'anonymize',
  synopsis: '<file> --qi a,b,c --hierarchy a=path.csv [...] --k 5 [options]',
  about: {
    en: `Searches all full-domain generalizations of the quasi-identifiers (Flash with predictive tagging)
for the one with the least information loss that meets the privacy model after suppressing at
most the given share of records.`,
    zh: `在准标识符的所有全域泛化方案中（Flash 算法加预测标记）搜索信息损失最小、且在抑制不超过给定
比例的记录后满足隐私模型的方案。`,
  },
  options: {
    qi: { type: 'string', arg: { en: 'a,b,c', zh: '列1,列2,列3' }, help: { en: 'quasi-identifier columns (required)', zh: '准标识符列（必填）' }, parse: names },
    hierarchy: {
      type: 'string', multiple: true, arg: { en: 'col=H', zh: '列=层级' },
      help: { en: 'a hierarchy per column: an ARX-format file (value;level1;...;*) or a built-in:\ncol=interval:5,10,20 | col=date | col=prefix:4,2', zh: '每列的泛化层级：ARX 格式文件（值;层级1;...;*）或内置层级：\ncol=interval:5,10,20 | col=date | col=prefix:4,2' },
      parse: nonEmpty,
    },
    'hierarchy-delimiter': { type: 'string', arg: { en: 'D', zh: '分隔符' }, help: { en: 'delimiter of hierarchy files', zh: '层级文件的分隔符' }, default: ';', parse: nonEmpty },
    k: { type: 'string', arg: { en: 'N', zh: '整数' }, help: { en: 'k-anonymity', zh: 'k-匿名' }, default: 2, parse: wholeNumber(1) },
    'suppression-limit': { type: 'string', arg: { en: 'X', zh: '比例' }, help: { en: 'share of records that may be suppressed', zh: '允许抑制的记录比例' }, default: 0, parse: numberIn(0, 1) },
    suppression: { type: 'string', arg: { en: 'M', zh: '方式' }, help: { en: 'drop, or mask (quasi-identifiers become *)', zh: 'drop（删除），或 mask（准标识符替换为 *）' }, default: 'drop', parse: oneOf(['drop', 'mask']) },
    sensitive: { type: 'string', arg: { en: 's', zh: '列' }, help: { en: 'the sensitive column, for --l and --t', zh: '敏感属性列，供 --l 和 --t 使用' }, parse: names },
    l: { type: 'string', arg: { en: 'N', zh: '整数' }, help: { en: 'l-diversity of the sensitive column', zh: '敏感列的 l-多样性' }, parse: atLeast(1) },
    'l-mode': { type: 'string', arg: { en: 'M', zh: '方式' }, help: { en: 'distinct or entropy', zh: 'distinct 或 entropy' }, default: 'distinct', parse: oneOf<LMode>(['distinct', 'entropy']) },
    t: { type: 'string', arg: { en: 'X', zh: '数值' }, help: { en: 't-closeness of the sensitive column (0..1]', zh: '敏感列的 t-接近度（0..1]' }, parse: numberIn(0, 1, true) },
    't-mode': {
      type: 'string', arg: { en: 'M', zh: '方式' },
      help: { en: 'equal, ordered, or hierarchical (distance in the sensitive column\'s hierarchy:\ngive it with --hierarchy s=path.csv)', zh: 'equal、ordered 或 hierarchical（按敏感列层级计算距离：用 --hierarchy s=path.csv 给出）' },
      default: 'equal', parse: oneOf<TMode>(T_MODE_NAMES),
    },
    metric: {
      type: 'string', arg: { en: 'M', zh: '指标' },
      help: { en: 'entropy (non-uniform entropy), discernibility, dmstar (monotonic DM*),\naecs, precision, or loss (ARX\'s Loss)', zh: 'entropy（非均匀熵）、discernibility、dmstar（单调 DM*）、aecs、precision 或 loss（ARX 的 Loss）' },
      default: 'entropy', parse: oneOf<LossMetric>(METRICS),
    },
    'time-budget': { type: 'string', arg: { en: 'MS', zh: '毫秒数' }, help: { en: 'stop the search after MS milliseconds (best found, not proven optimal)', zh: '经过这么多毫秒后停止搜索（给出已找到的最佳方案，不保证最优）' }, parse: positive },
    out: { type: 'string', arg: { en: 'FILE', zh: '文件' }, help: { en: 'write the generalized, suppressed data (format from the extension)', zh: '写出泛化、抑制后的数据（格式由扩展名决定）' }, parse: nonEmpty },
    ...readerOptions({ en: 'leave it out of the search and of --out (written nowhere) and count it', zh: '不参与搜索、也不写入 --out（不写到任何地方）' }),
  },
  exitCodes: {
    en: 'Exit codes: 0 ok, 1 bad input, 2 usage error, 3 the privacy target cannot be met.',
    zh: '退出码：0 成功，1 输入有误，2 用法错误，3 无法达到隐私目标。',
  },
});

export const anonymizeCommand: Command = {
  name: 'anonymize',
  spec: anonymizeSpec,
  get usage() {
    return helpText(anonymizeSpec);
  },
  async run(argv, io) {
    const { values, positionals } = parseVerb(anonymizeSpec, argv);
    expectArgs(anonymizeSpec, positionals, 1, t('args.oneFile'));
    const qi = values.qi ?? [];
    if (qi.length === 0) return usage(t('usage.required', { flag: '--qi' }));
    const { k, l, t: tValue, 'l-mode': lMode, 't-mode': tMode, metric, suppression } = values;
    const sensitive = values.sensitive ?? [];
    if ((l !== undefined || tValue !== undefined) && sensitive.length !== 1) return usage(t('anonymize.oneSensitive'));
    const budget = values['time-budget'];
    const csv = csvReadOptions(values);

    // Loaded here, not at the top: `anonymize --help` and a usage error load no Arrow or WebAssembly.
    const [core, { anonymizeFile, loadHierarchy }] = await Promise.all([import('@tuomin/core'), import('@tuomin/publish')]);
    const hierarchies: Record<string, Hierarchy> = {};
    for (const h of values.hierarchy ?? []) {
      const eq = h.indexOf('=');
      if (eq <= 0) return usage(t('anonymize.hierarchyShape', { value: JSON.stringify(h) }));
      const column = h.slice(0, eq);
      const spec = h.slice(eq + 1);
      const distance = tMode === 'hierarchical' && tValue !== undefined && column === sensitive[0];
      if (!qi.includes(column) && !distance) return usage(t('anonymize.hierarchyNotQi', { column }));
      const builtin = parseBuiltin(spec, core);
      if (builtin === 'bad') return usage(t('anonymize.badBuiltin', { value: JSON.stringify(spec) }));
      hierarchies[column] = builtin ?? (await loadHierarchy(resolve(io.cwd, spec), values['hierarchy-delimiter']));
    }
    if (tMode === 'hierarchical' && tValue !== undefined && !hierarchies[sensitive[0]!]) {
      return usage(t('anonymize.needsSensitiveHierarchy', { column: sensitive[0]! }));
    }
    await refuseFolders(io.cwd, positionals);
    const r = await anonymizeFile(resolve(io.cwd, positionals[0]!), {
      quasiIdentifiers: qi,
      sensitive,
      hierarchies,
      k,
      suppressionLimit: values['suppression-limit'],
      suppression,
      metric,
      timeBudgetMs: budget,
      l: l !== undefined ? { column: sensitive[0]!, l, mode: lMode } : undefined,
      t: tValue !== undefined ? { column: sensitive[0]!, t: tValue, mode: tMode } : undefined,
      ...(Object.keys(csv).length || Object.keys(xlsxReadOptions(values)).length ? { read: { csv, xlsx: xlsxReadOptions(values) } } : {}),
      out: values.out === undefined ? undefined : resolve(io.cwd, values.out),
    });
    if (values.json) printJson(io, { ok: true, ...r });
    else {
      print(io, [
        t('anonymize.levels', { levels: Object.entries(r.levels).map(([c, v]) => `${c} ${v}`).join(', ') }),
        t('anonymize.loss', { metric: r.metric, loss: r.loss }),
        t('anonymize.suppressed', { suppressed: r.suppressed, rows: r.rows, how: r.suppression }),
        t(r.optimal ? 'anonymize.optimal' : 'anonymize.budget', { nodes: r.nodesEvaluated, ms: Math.round(r.ms) }),
        t('anonymize.released', { rows: r.risk.rows, min: r.risk.minClassSize, max: (r.risk.prosecutor.max * 100).toFixed(2) }),
        ...(r.out ? [t('anonymize.written', { out: r.out, rows: r.rowsWritten ?? 0 })] : []),
      ].join('\n'));
    }
    return EXIT.OK;
  },
};

/** `interval:5,10,20`, `date`, `prefix:4,2`; null for a file path; 'bad' for a malformed built-in. */
function parseBuiltin(spec: string, { builtinHierarchy, hierarchyRefSchema }: typeof import('@tuomin/core')): Hierarchy | null | 'bad' {
  const [kind, args] = spec.split(':', 2) as [string, string | undefined];
  const nums = (args ?? '').split(',').filter((x) => x !== '').map(Number);
  let ref: unknown;
  if (kind === 'interval') ref = { builtin: 'interval', widths: nums };
  else if (kind === 'date' && args === undefined) ref = { builtin: 'date' };
  else if (kind === 'prefix') ref = { builtin: 'prefix', keep: nums };
  else return null;
  const parsed = hierarchyRefSchema.safeParse(ref);
  if (!parsed.success) return 'bad';
  return builtinHierarchy(parsed.data);
}

function usage(why: string): never {
  return verbUsageError(anonymizeSpec, why);
}
