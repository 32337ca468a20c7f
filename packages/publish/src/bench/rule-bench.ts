import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Bench, type Task } from 'tinybench';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError, scanBatches, memorySource, pipeline, utf8View, columnData } from '@tuomin/core/internal';
import { openSource } from '@tuomin/io';
import { readerOptions, sourceFiles } from '../run/reader-options.js';
import type { LoadedSpec } from '../spec/load.js';
import { parseSpecText } from '../spec/load.js';
import type { Spec } from '../spec/schema.js';
import { resolveKeyRef } from '../keys.js';
import { planColumns } from '../run/plan.js';
import { ruleStages } from './rule-stages.js';
import { drain, stageInputs } from './stage-inputs.js';
import { collectPublishedRisk, judgePublishedRisk } from '../review/published-risk.js';

export interface RuleTiming {
  column: string;
  rule: string;
  rowsPerSec: number;
}

export interface VariantResult {
  variant: string;
  rules: RuleTiming[];
  /** Whole rule set on the sample, rows/s. */
  rowsPerSec: number;
  risk: { quasiIdentifiers: string[]; k: number; classes: number; prosecutorMax: number; prosecutorAvg: number } | null;
  /** Utility proxies per changed column: share of values changed, share of distinct values kept. */
  utility: Array<{ column: string; changed: number; distinctKept: number }>;
  /** Mean over changed columns of (1 - distinctKept): 0 = nothing lost, 1 = every distinction gone. */
  loss: number;
  residual: { findings: number; columns: Array<{ column: string; type: string; count: number }> };
}

export interface RuleBenchResult {
  dataset: string;
  sampleRows: number;
  variants: VariantResult[];
}

/**
 * `tuomin bench <spec>`: run the spec's rules, and alternative rule sets, on a sample of the
 * source and put throughput, residual risk, utility and residual findings side by side, so a
 * publisher chooses rules with figures. Variants file: `variants: { <name>: { <column>: <rule or list> } }`
 * (a rule of `null` removes the column's rules).
 */
export async function benchRules(loaded: LoadedSpec, options: { sample?: number; variantsFile?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RuleBenchResult> {
  const { spec, dir } = loaded;
  const n = options.sample ?? 10_000;
  // A bench publishes nothing: rows skipped under onBadRow: skip are written nowhere.
  const files = await sourceFiles(spec.source, dir);
  const src = await openSource(files, readerOptions(spec.source, { rejectPath: null }, Math.min(n, 65536)));
  const sample: RecordBatch[] = [];
  let rows = 0;
  for await (const b of src.batches() as AsyncIterable<RecordBatch>) {
    const take = Math.min(b.numRows, n - rows);
    sample.push(take === b.numRows ? b : b.slice(0, take));
    rows += take;
    if (rows >= n) break;
  }
  const variants: Array<[name: string, spec: Spec, file: string]> = [['spec', spec, loaded.file]];
  if (options.variantsFile) {
    const text = await readFile(resolve(options.variantsFile), 'utf8');
    const doc = parseYaml(text) as { variants?: Record<string, Record<string, unknown>> };
    if (!doc?.variants || typeof doc.variants !== 'object') {
      throw new TuominError('BAD_SPEC', 'a variants file needs a top-level `variants:` map of name → { column: rule }', { file: options.variantsFile }, undefined, { id: 'bench.noVariants' });
    }
    for (const [name, cols] of Object.entries(doc.variants)) {
      const columns = structuredClone(spec.columns) as Record<string, Record<string, unknown>>;
      for (const [col, rule] of Object.entries(cols ?? {})) {
        if (!columns[col]) throw new TuominError('BAD_SPEC', `variant "${name}" names unknown column "${col}"`, { file: options.variantsFile, path: `variants.${name}.${col}` }, undefined, { id: 'bench.unknownColumn', params: { variant: name, column: col } });
        if (rule === null) delete columns[col]!.rule;
        else columns[col]!.rule = rule;
        delete columns[col]!.sensitivity; // a variant may deliberately drop a rule to measure it
      }
      // Re-validate through the same parser, so a bad variant gets the same errors as a bad spec.
      const file = `${options.variantsFile}#${name}`;
      variants.push([name, parseSpecText(JSON.stringify({ ...spec, columns }), file), file]);
    }
  }
  const env = options.env ?? process.env;
  const schema = src.schema;
  const results: VariantResult[] = [];
  if (rows === 0) throw new TuominError('BAD_INPUT', 'the source has no rows to bench the rules on', { file: files[0]! }, undefined, { id: 'bench.noRows' });
  for (const [name, s, file] of variants) results.push(await benchVariant(name, s, file, schema, sample, rows, dir, env));
  return { dataset: spec.dataset.id, sampleRows: rows, variants: results };
}

async function benchVariant(name: string, spec: Spec, file: string, schema: Schema, sample: RecordBatch[], rows: number, dir: string, env: NodeJS.ProcessEnv): Promise<VariantResult> {
  const ctx = { resolveKey: (ref: { env?: string | undefined; file?: string | undefined } | undefined) => resolveKeyRef(ref ?? spec.keys?.default, env, dir), scope: { dataset: spec.dataset.id, release: 'bench' }, seed: 1 };
  const plan = await planColumns(spec, schema, ctx, file, dir);
  const stages = ruleStages(plan);
  // Each rule is timed alone on the sample as it reaches that rule (after copies, earlier links of
  // its chain and earlier columns' rules), so chained and derived columns get their real input.
  const inputs = await stageInputs(schema, sample, plan.transforms, new Set(stages.map((s) => s.transform)), (k, err) => {
    const s = stages.find((x) => x.transform === k);
    return ruleFailure(err, name, file, s?.column, s?.rule ?? plan.transforms[k]!.name);
  });
  const bench = new Bench({ iterations: 5, time: 0, warmup: true, warmupIterations: 1, warmupTime: 0 });
  for (const [i, s] of stages.entries()) {
    const input = inputs.get(s.transform)!;
    const transform = plan.transforms[s.transform]!;
    bench.add(`${s.column}:${i}`, () => drain(input.schema, input.batches, [transform]));
  }
  bench.add('all', () => drain(schema, sample, plan.transforms));
  await bench.run();
  const rules: RuleTiming[] = stages.map((s, i) => ({ column: s.column, rule: s.rule, rowsPerSec: rowsPerSec(bench.tasks[i]!, inputs.get(s.transform)!.rows, name, file, s.column, s.rule) }));
  const all = rowsPerSec(bench.tasks[stages.length]!, rows, name, file);
  const out = await drain(schema, sample, plan.transforms);
  const outSchema = pipeline(memorySource(schema, []), ...plan.transforms).schema;
  const scan = await scanBatches(outSchema, (async function* () { yield* out; })(), {});
  // The same figure the security review judges: classes over every published column an attacker
  // can know (review/published-risk.ts), not only the declared quasi-identifiers.
  const published = judgePublishedRisk(spec, await collectPublishedRisk(spec, outSchema, (async function* () { yield* out; })())).figures;
  const r = published.risk;
  const risk: VariantResult['risk'] = r ? { quasiIdentifiers: published.attackerKnown.map((c) => c.column), k: r.minClassSize, classes: r.classes, prosecutorMax: r.prosecutor.max, prosecutorAvg: r.prosecutor.avg } : null;
  const utility: VariantResult['utility'] = [];
  for (const c of plan.columns.filter((x) => x.rules.length)) {
    // A derived column is compared with the source column it starts as a copy of.
    const before = spec.columns[c.source]?.from ?? c.source;
    const i = schema.fields.findIndex((f) => f.name === before);
    const j = outSchema.fields.findIndex((f) => f.name === c.output);
    if (i < 0 || j < 0) throw new Error(`${file}, column "${c.source}": bench cannot find ${i < 0 ? `source column "${before}"` : `output column "${c.output}"`} to compare values; please report it with the spec`);
    const was = distinctAndValues(sample, i);
    const now = distinctAndValues(out, j);
    let changed = 0;
    for (let k = 0; k < was.values.length; k++) if (was.values[k] !== now.values[k]) changed++;
    utility.push({ column: c.source, changed: round(changed / Math.max(1, rows)), distinctKept: round(now.distinct / Math.max(1, was.distinct)) });
  }
  const loss = utility.length ? round(utility.reduce((a, u) => a + (1 - Math.min(1, u.distinctKept)), 0) / utility.length) : 0;
  return {
    variant: name,
    rules,
    rowsPerSec: all,
    risk,
    utility,
    loss,
    residual: { findings: scan.findings.reduce((a, f) => a + f.count, 0), columns: scan.findings.map((f) => ({ column: f.column, type: f.type, count: f.count })) },
  };
}

/** rows/s of a finished task; a task that threw, or a figure that is not a finite positive number, stops the bench. */
function rowsPerSec(task: Task, rowsIn: number, variant: string, file: string, column?: string, rule?: string): number {
  const res = task.result;
  if (res.state === 'errored') throw ruleFailure(res.error, variant, file, column, rule);
  const ms = res.state === 'completed' ? res.latency.mean : NaN;
  const rate = rowsIn / (ms / 1000);
  if (!Number.isFinite(rate) || rate <= 0) {
    const reason = res.state !== 'completed' ? 'incomplete' : rowsIn === 0 ? 'noRows' : 'unusable';
    const why = reason === 'incomplete' ? `its timing did not complete (${res.state})` : reason === 'noRows' ? 'no sample row reaches it (earlier rules removed them all)' : `its timing is not usable (${ms} ms per pass over ${rowsIn} rows)`;
    throw new TuominError('BAD_INPUT', `variant "${variant}": cannot measure ${rule === undefined ? 'the whole rule set' : 'the rule'}: ${why}`, where(file, column, rule), 'rerun with a larger --sample',
      { id: 'bench.cannotMeasure', params: { variant, whole: rule === undefined ? 1 : 0, reason } });
  }
  return Math.round(rate);
}

/** A rule (or, without one, the whole rule set) that fails on the sample stops the bench, naming the variant, column and rule; a TuominError keeps its code (and exit code). */
function ruleFailure(err: unknown, variant: string, file: string, column?: string, rule?: string): Error {
  const cause = err instanceof Error ? err.message : String(err);
  const what = `variant "${variant}": ${rule === undefined ? 'the whole rule set ' : ''}failed on the sample`;
  if (err instanceof TuominError) {
    const hint = `\n  hint: ${err.hint}`;
    const own = err.hint && cause.endsWith(hint) ? cause.slice(0, -hint.length) : cause; // the hint goes last, once
    // The rule's own message id: a front end words what the rule said (the location names the column and rule).
    return new TuominError(err.code, `${what}: ${own}`, where(file, column, rule), err.hint, err.text);
  }
  return new Error(`${file}${column !== undefined ? `, column "${column}"` : ''}${rule !== undefined ? `, rule ${rule}` : ''}: ${what}: ${cause}`, { cause: err });
}

function where(file: string, column?: string, rule?: string): { file: string; column?: string; rule?: string } {
  return { file, ...(column !== undefined ? { column } : {}), ...(rule !== undefined ? { rule } : {}) };
}

/** Cold path (a sample): values as strings to compare before/after and count distinct. */
function distinctAndValues(batches: RecordBatch[], col: number): { distinct: number; values: Array<string | null> } {
  const values: Array<string | null> = [];
  const dec = new TextDecoder();
  for (const b of batches) {
    const d = columnData(b, col);
    if (d.dictionary) {
      const v = b.getChildAt(col)!;
      for (let i = 0; i < b.numRows; i++) values.push(v.get(i) === null ? null : String(v.get(i)));
      continue;
    }
    if (d.typeId !== 5 && d.typeId !== 20) {
      const v = b.getChildAt(col)!;
      for (let i = 0; i < b.numRows; i++) values.push(v.get(i) === null ? null : String(v.get(i)));
      continue;
    }
    const u = utf8View(d);
    for (let i = 0; i < u.length; i++) {
      const valid = !u.validity || ((u.validity[(u.bitOffset + i) >> 3]! >> ((u.bitOffset + i) & 7)) & 1) === 1;
      values.push(valid ? dec.decode(u.values.subarray(u.offsets[i]!, u.offsets[i + 1]!)) : null);
    }
  }
  return { distinct: new Set(values.filter((v) => v !== null)).size, values };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** The comparison as a Markdown (or terminal) table. */
export function ruleBenchMarkdown(r: RuleBenchResult): string {
  const lines = [
    `Rule benchmark of ${r.dataset} on ${r.sampleRows} sample rows`,
    '',
    '| variant | rules rows/s | min class (k) | prosecutor max | prosecutor avg | loss | residual findings |',
    '|---|---|---|---|---|---|---|',
    ...r.variants.map((v) => `| ${v.variant} | ${v.rowsPerSec.toLocaleString('en-US')} | ${v.risk?.k ?? '—'} | ${v.risk ? v.risk.prosecutorMax.toFixed(4) : '—'} | ${v.risk ? v.risk.prosecutorAvg.toFixed(4) : '—'} | ${v.loss} | ${v.residual.findings}${v.residual.columns.length ? ` (${v.residual.columns.map((c) => `${c.column}:${c.type} ${c.count}`).join(', ')})` : ''} |`),
    '',
    '| variant | column | rule | rows/s | values changed | distinct kept |',
    '|---|---|---|---|---|---|',
  ];
  for (const v of r.variants) {
    for (const t of v.rules) {
      const u = v.utility.find((x) => x.column === t.column);
      lines.push(`| ${v.variant} | ${t.column} | ${t.rule} | ${t.rowsPerSec.toLocaleString('en-US')} | ${u ? `${(u.changed * 100).toFixed(1)} %` : ''} | ${u ? `${(u.distinctKept * 100).toFixed(1)} %` : ''} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
