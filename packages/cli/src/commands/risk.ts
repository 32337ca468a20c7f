import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { assessRisk } from '@tuomin/publish';
import type { RiskAssessment } from '@tuomin/publish';
import type { CliIO, Command } from '../command.js';
import { print, printJson } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { strictNumber, usageError } from '../usage.js';

export const riskCommand: Command = {
  name: 'risk',
  usage: `Usage: tuomin risk <file> --qi a,b,c [options]

Reads any format tuomin convert reads, groups the rows into equivalence classes over the
quasi-identifiers and prints the risk figures (counts only, never values).
  --qi a,b,c          quasi-identifier columns (required)
  --k N               count classes and records below k (default 1)
  --sensitive s,...   sensitive columns, for --l and --t
  --l N               l-diversity of each sensitive column
  --l-mode M          distinct (default) or entropy
  --t X               t-closeness of each sensitive column (0..1)
  --t-mode M          equal (default, categorical) or ordered (numeric)
  --risk-threshold X  count records whose risk 1/|class| is above X (default 0.2)
  --max-classes N     classes kept in memory; past N they spill to 16 partition files in the
                      temp folder, read back one at a time (default 5000000; not with --t)
  --spill-dir DIR     folder for those files (default the OS temp folder)
  --fail              exit 3 when records are below k or violate l / t
  --json              print one JSON object
Exit codes: 0 ok, 1 bad input, 2 usage error, 3 with --fail when the target is not met.`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        qi: { type: 'string' },
        k: { type: 'string' },
        sensitive: { type: 'string' },
        l: { type: 'string' },
        'l-mode': { type: 'string' },
        t: { type: 'string' },
        't-mode': { type: 'string' },
        'risk-threshold': { type: 'string' },
        'max-classes': { type: 'string' },
        'spill-dir': { type: 'string' },
        fail: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    if (positionals.length !== 1) return usage(io, this.usage, 'expected one input file');
    if (list(values.qi).length === 0) return usage(io, this.usage, '--qi is required');
    const k = num(values.k, 1);
    const l = values.l === undefined ? undefined : num(values.l, 0);
    const t = values.t === undefined ? undefined : num(values.t, 0);
    const threshold = values['risk-threshold'] === undefined ? undefined : num(values['risk-threshold'], 0);
    if (Number.isNaN(k) || k < 1 || !Number.isInteger(k)) return usage(io, this.usage, '--k must be a whole number ≥ 1');
    if (l !== undefined && (Number.isNaN(l) || l < 1)) return usage(io, this.usage, '--l must be ≥ 1');
    if (t !== undefined && (Number.isNaN(t) || t <= 0 || t > 1)) return usage(io, this.usage, '--t must be in (0, 1]');
    if (threshold !== undefined && (Number.isNaN(threshold) || threshold < 0 || threshold > 1)) return usage(io, this.usage, '--risk-threshold must be in [0, 1]');
    const maxClasses = values['max-classes'] === undefined ? undefined : num(values['max-classes'], 0);
    if (maxClasses !== undefined && (!Number.isInteger(maxClasses) || maxClasses < 1)) return usage(io, this.usage, '--max-classes must be a whole number ≥ 1');
    const lMode = values['l-mode'] ?? 'distinct';
    if (lMode !== 'distinct' && lMode !== 'entropy') return usage(io, this.usage, '--l-mode must be distinct or entropy');
    const tMode = values['t-mode'] ?? 'equal';
    if (tMode !== 'equal' && tMode !== 'ordered') return usage(io, this.usage, '--t-mode must be equal or ordered');
    const sensitive = list(values.sensitive);
    if ((l !== undefined || t !== undefined) && sensitive.length === 0) return usage(io, this.usage, '--l and --t need --sensitive');
    const r = await assessRisk(resolve(io.cwd, positionals[0]!), {
      quasiIdentifiers: list(values.qi), k, sensitive, l, lMode, t, tMode, riskThreshold: threshold,
      spill: { maxClassesInMemory: maxClasses, dir: values['spill-dir'] === undefined ? undefined : resolve(io.cwd, values['spill-dir']) },
    });
    const failed = r.recordsBelowK > 0 || (r.lDiversity ?? []).some((x) => x.recordsViolating > 0) || (r.tCloseness ?? []).some((x) => x.recordsViolating > 0);
    if (values.json) printJson(io, { ok: true, meetsTarget: !failed, ...r });
    else print(io, describe(r));
    return values.fail && failed ? EXIT.SECURITY : EXIT.OK;
  },
};

function describe(r: RiskAssessment): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  const lines = [
    `${r.rows} rows in ${r.classes} equivalence classes over (${r.quasiIdentifiers.join(', ')})`,
    `smallest class ${r.minClassSize}, average ${r.averageClassSize.toFixed(2)}; below k = ${r.k}: ${r.recordsBelowK} records in ${r.classesBelowK} classes`,
    ...(r.spilledPartitions > 0 ? [`class statistics spilled to ${r.spilledPartitions} partition files (more classes than --max-classes)`] : []),
    `prosecutor risk: max ${pct(r.prosecutor.max)}, average ${pct(r.prosecutor.avg)}`,
    `journalist risk: max ${pct(r.journalist.max)}, average ${pct(r.journalist.avg)} (no population table: the sample is taken as the population)`,
    `marketer risk: ${pct(r.marketer)}`,
    `sample uniques: ${r.sampleUniques.records} (${pct(r.sampleUniques.share)}); records with risk above ${r.riskThreshold}: ${r.recordsAboveThreshold.records} (${pct(r.recordsAboveThreshold.share)})`,
  ];
  for (const d of r.lDiversity ?? []) lines.push(`${d.mode} ${d.l}-diversity of "${d.column}": ${d.recordsViolating} records in ${d.classesViolating} classes violate (min distinct ${d.minDistinct}, min entropy-l ${d.minEntropyL.toFixed(2)})`);
  for (const d of r.tCloseness ?? []) lines.push(`${d.t}-closeness (${d.mode}) of "${d.column}": ${d.recordsViolating} records in ${d.classesViolating} classes violate (max distance ${d.maxDistance.toFixed(4)})`);
  return lines.join('\n');
}

export function list(s: string | undefined): string[] {
  return (s ?? '').split(',').map((x) => x.trim()).filter((x) => x.length > 0);
}

function num(s: string | undefined, dflt: number): number {
  return s === undefined ? dflt : strictNumber(s);
}

function usage(_io: CliIO, text: string, why: string): never {
  return usageError('risk', text, why);
}
