import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { builtinHierarchy, hierarchyRefSchema, LOSS_METRICS, T_MODES } from '@tuomin/core';
import type { Hierarchy, LossMetric, TMode } from '@tuomin/core';
import { anonymizeFile, loadHierarchy } from '@tuomin/publish';
import type { CliIO, Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { strictNumber, usageError } from '../usage.js';
import { list } from './risk.js';

export const anonymizeCommand: Command = {
  name: 'anonymize',
  usage: `Usage: tuomin anonymize <file> --qi a,b,c --hierarchy a=path.csv [...] --k 5 [options]

Searches all full-domain generalizations of the quasi-identifiers (Flash with predictive tagging)
for the one with the least information loss that meets the privacy model after suppressing at
most the given share of records.
  --qi a,b,c                 quasi-identifier columns (required)
  --hierarchy col=path.csv   ARX-format hierarchy (value;level1;...;*), repeatable
  --hierarchy col=interval:5,10,20 | col=date | col=prefix:4,2   built-in hierarchies
  --hierarchy-delimiter D    delimiter of hierarchy files (default ;)
  --k N                      k-anonymity (default 2)
  --suppression-limit X      share of records that may be suppressed (default 0)
  --suppression M            drop (default) or mask (quasi-identifiers become *)
  --sensitive s --l N [--l-mode distinct|entropy]   l-diversity of s
  --sensitive s --t X [--t-mode equal|ordered|hierarchical]   t-closeness of s; hierarchical
                             measures distance in s's hierarchy (give it with --hierarchy s=path.csv)
  --metric M                 entropy (default, non-uniform entropy), discernibility, dmstar
                             (monotonic DM*), aecs, precision, or loss (ARX's Loss)
  --time-budget MS           stop the search after MS milliseconds (best found, not proven optimal)
  --out file                 write the generalized, suppressed data (format from the extension)
  --json                     print one JSON object: {levels, loss, suppressed, nodesEvaluated, ms, ...}
Exit codes: 0 ok, 1 bad input, 2 usage error, 3 the privacy target cannot be met.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        qi: { type: 'string' },
        hierarchy: { type: 'string', multiple: true },
        'hierarchy-delimiter': { type: 'string' },
        k: { type: 'string' },
        'suppression-limit': { type: 'string' },
        suppression: { type: 'string' },
        sensitive: { type: 'string' },
        l: { type: 'string' },
        'l-mode': { type: 'string' },
        t: { type: 'string' },
        't-mode': { type: 'string' },
        metric: { type: 'string' },
        'time-budget': { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length !== 1) return usage(io, this.usage, 'expected one input file');
    const qi = list(values.qi);
    if (qi.length === 0) return usage(io, this.usage, '--qi is required');
    const k = values.k === undefined ? 2 : strictNumber(values.k);
    if (!Number.isInteger(k) || k < 1) return usage(io, this.usage, '--k must be a whole number ≥ 1');
    const limit = values['suppression-limit'] === undefined ? 0 : strictNumber(values['suppression-limit']);
    if (!(limit >= 0 && limit <= 1)) return usage(io, this.usage, '--suppression-limit must be in [0, 1]');
    const metric = (values.metric ?? 'entropy') as LossMetric;
    if (!LOSS_METRICS.includes(metric)) return usage(io, this.usage, `--metric must be one of ${LOSS_METRICS.join(', ')}`);
    const suppression = values.suppression ?? 'drop';
    if (suppression !== 'drop' && suppression !== 'mask') return usage(io, this.usage, '--suppression must be drop or mask');
    const sensitive = list(values.sensitive);
    if ((values.l !== undefined || values.t !== undefined) && sensitive.length !== 1) return usage(io, this.usage, '--l and --t need exactly one --sensitive column');
    const l = values.l === undefined ? undefined : strictNumber(values.l);
    if (l !== undefined && !(l >= 1)) return usage(io, this.usage, '--l must be ≥ 1');
    const t = values.t === undefined ? undefined : strictNumber(values.t);
    if (t !== undefined && !(t > 0 && t <= 1)) return usage(io, this.usage, '--t must be in (0, 1]');
    const lMode = values['l-mode'] ?? 'distinct';
    if (lMode !== 'distinct' && lMode !== 'entropy') return usage(io, this.usage, '--l-mode must be distinct or entropy');
    const tMode = (values['t-mode'] ?? 'equal') as TMode;
    if (!T_MODES.includes(tMode)) return usage(io, this.usage, `--t-mode must be one of ${T_MODES.join(', ')}`);
    const budget = values['time-budget'] === undefined ? undefined : strictNumber(values['time-budget']);
    if (budget !== undefined && !(budget > 0)) return usage(io, this.usage, '--time-budget must be a positive number of ms');

    const hierarchies: Record<string, Hierarchy> = {};
    for (const h of values.hierarchy ?? []) {
      const eq = h.indexOf('=');
      if (eq <= 0) return usage(io, this.usage, `--hierarchy must look like column=path.csv (got ${JSON.stringify(h)})`);
      const column = h.slice(0, eq);
      const spec = h.slice(eq + 1);
      const distance = tMode === 'hierarchical' && t !== undefined && column === sensitive[0];
      if (!qi.includes(column) && !distance) return usage(io, this.usage, `--hierarchy names "${column}", which is not in --qi (nor the --sensitive column of --t-mode hierarchical)`);
      const builtin = parseBuiltin(spec);
      if (builtin === 'bad') return usage(io, this.usage, `bad built-in hierarchy ${JSON.stringify(spec)}`);
      hierarchies[column] = builtin ?? (await loadHierarchy(resolve(io.cwd, spec), values['hierarchy-delimiter'] ?? ';'));
    }
    if (tMode === 'hierarchical' && t !== undefined && !hierarchies[sensitive[0]!]) {
      return usage(io, this.usage, `--t-mode hierarchical needs --hierarchy ${sensitive[0]}=path.csv (the sensitive column's hierarchy is the distance)`);
    }
    const r = await anonymizeFile(resolve(io.cwd, positionals[0]!), {
      quasiIdentifiers: qi,
      sensitive,
      hierarchies,
      k,
      suppressionLimit: limit,
      suppression,
      metric,
      timeBudgetMs: budget,
      l: l !== undefined ? { column: sensitive[0]!, l, mode: lMode } : undefined,
      t: t !== undefined ? { column: sensitive[0]!, t, mode: tMode } : undefined,
      out: values.out === undefined ? undefined : resolve(io.cwd, values.out),
    });
    if (values.json) printJson(io, { ok: true, ...r });
    else {
      print(io, [
        `levels: ${Object.entries(r.levels).map(([c, v]) => `${c} ${v}`).join(', ')}`,
        `loss (${r.metric}): ${r.loss}`,
        `suppressed: ${r.suppressed} of ${r.rows} records (${r.suppression})`,
        `nodes evaluated: ${r.nodesEvaluated}${r.optimal ? ' (optimal)' : ' (best found within the budget, not proven optimal)'}; ${Math.round(r.ms)} ms`,
        `released: ${r.risk.rows} rows, smallest class ${r.risk.minClassSize}, max prosecutor risk ${(r.risk.prosecutor.max * 100).toFixed(2)} %`,
        ...(r.out ? [`written: ${r.out} (${r.rowsWritten} rows)`] : []),
      ].join('\n'));
    }
    return EXIT.OK;
  },
};

/** `interval:5,10,20`, `date`, `prefix:4,2`; null for a file path; 'bad' for a malformed built-in. */
function parseBuiltin(spec: string): Hierarchy | null | 'bad' {
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

function usage(_io: CliIO, text: string, why: string): never {
  return usageError('anonymize', text, why);
}
