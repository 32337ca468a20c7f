import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Bench } from 'tinybench';
import type { RecordBatch, Schema } from 'apache-arrow';
import { TuominError, scanBatches, collectClassStats, memorySource, pipeline, riskSummary, utf8View, columnData, type Transform } from '@tuomin/core';
import { openSource } from '@tuomin/io';
import type { LoadedSpec } from '../spec/load.js';
import { parseSpecText } from '../spec/load.js';
import type { Spec } from '../spec/schema.js';
import { resolveKeyRef } from '../keys.js';
import { planColumns } from '../run/plan.js';

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
  const src = await openSource(resolve(dir, spec.source.path), { batchSize: Math.min(n, 65536), ...(spec.source.csv ? { csv: Object.fromEntries(Object.entries(spec.source.csv).filter(([, v]) => v !== undefined)) } : {}) });
  const sample: RecordBatch[] = [];
  let rows = 0;
  for await (const b of src.batches() as AsyncIterable<RecordBatch>) {
    const take = Math.min(b.numRows, n - rows);
    sample.push(take === b.numRows ? b : b.slice(0, take));
    rows += take;
    if (rows >= n) break;
  }
  const variants: Array<[string, Spec]> = [['spec', spec]];
  if (options.variantsFile) {
    const text = await readFile(resolve(options.variantsFile), 'utf8');
    const doc = parseYaml(text) as { variants?: Record<string, Record<string, unknown>> };
    if (!doc?.variants || typeof doc.variants !== 'object') {
      throw new TuominError('BAD_SPEC', 'a variants file needs a top-level `variants:` map of name → { column: rule }', { file: options.variantsFile });
    }
    for (const [name, cols] of Object.entries(doc.variants)) {
      const columns = structuredClone(spec.columns) as Record<string, Record<string, unknown>>;
      for (const [col, rule] of Object.entries(cols ?? {})) {
        if (!columns[col]) throw new TuominError('BAD_SPEC', `variant "${name}" names unknown column "${col}"`, { file: options.variantsFile, path: `variants.${name}.${col}` });
        if (rule === null) delete columns[col]!.rule;
        else columns[col]!.rule = rule;
        delete columns[col]!.sensitivity; // a variant may deliberately drop a rule to measure it
      }
      // Re-validate through the same parser, so a bad variant gets the same errors as a bad spec.
      variants.push([name, parseSpecText(JSON.stringify({ ...spec, columns }), `${options.variantsFile}#${name}`)]);
    }
  }
  const env = options.env ?? process.env;
  const schema = src.schema;
  const results: VariantResult[] = [];
  for (const [name, s] of variants) results.push(await benchVariant(name, s, schema, sample, rows, dir, env));
  return { dataset: spec.dataset.id, sampleRows: rows, variants: results };
}

async function benchVariant(name: string, spec: Spec, schema: Schema, sample: RecordBatch[], rows: number, dir: string, env: NodeJS.ProcessEnv): Promise<VariantResult> {
  const ctx = { resolveKey: (ref: { env?: string | undefined; file?: string | undefined } | undefined) => resolveKeyRef(ref ?? spec.keys?.default, env, dir), scope: { dataset: spec.dataset.id, release: 'bench' }, seed: 1 };
  const plan = await planColumns(spec, schema, ctx, `variant ${name}`, dir);
  const rules: RuleTiming[] = [];
  const bench = new Bench({ iterations: 5, time: 0, warmup: true, warmupIterations: 1, warmupTime: 0 });
  const labels: Array<{ column: string; rule: string }> = [];
  let t = 0;
  for (const c of plan.columns) {
    for (const r of c.rules) {
      const transform = plan.transforms[t++]!;
      labels.push({ column: c.source, rule: `${r.type}${typeof r.options.preset === 'string' ? ` ${r.options.preset}` : typeof r.options.method === 'string' ? ` ${r.options.method}` : ''}` });
      bench.add(`${c.source}:${labels.length}`, () => drain(schema, sample, [transform]));
    }
  }
  bench.add('all', () => drain(schema, sample, plan.transforms));
  await bench.run();
  const rate = (i: number) => {
    const res = bench.tasks[i]!.result as unknown as { latency?: { mean: number }; mean?: number };
    const ms = res.latency?.mean ?? res.mean ?? NaN;
    return Math.round(rows / (ms / 1000));
  };
  labels.forEach((l, i) => rules.push({ ...l, rowsPerSec: rate(i) }));
  const out = await drain(schema, sample, plan.transforms);
  const outSchema = pipeline(memorySource(schema, []), ...plan.transforms).schema;
  const scan = await scanBatches(outSchema, (async function* () { yield* out; })(), {});
  let risk: VariantResult['risk'] = null;
  if (spec.privacy) {
    const qi = spec.privacy.quasiIdentifiers.map((q) => spec.columns[q]?.name ?? q);
    const stats = await collectClassStats(out, { quasiIdentifiers: qi });
    const r = riskSummary(stats, { k: spec.privacy.k ?? 1 });
    risk = { quasiIdentifiers: qi, k: r.minClassSize, classes: r.classes, prosecutorMax: r.prosecutor.max, prosecutorAvg: r.prosecutor.avg };
  }
  const utility: VariantResult['utility'] = [];
  for (const c of plan.columns.filter((x) => x.rules.length)) {
    const i = schema.fields.findIndex((f) => f.name === c.source);
    const j = outSchema.fields.findIndex((f) => f.name === c.output);
    const before = distinctAndValues(sample, i);
    const after = distinctAndValues(out, j);
    let changed = 0;
    for (let k = 0; k < before.values.length; k++) if (before.values[k] !== after.values[k]) changed++;
    utility.push({ column: c.source, changed: round(changed / Math.max(1, rows)), distinctKept: round(after.distinct / Math.max(1, before.distinct)) });
  }
  const loss = utility.length ? round(utility.reduce((a, u) => a + (1 - Math.min(1, u.distinctKept)), 0) / utility.length) : 0;
  return {
    variant: name,
    rules,
    rowsPerSec: rate(labels.length),
    risk,
    utility,
    loss,
    residual: { findings: scan.findings.reduce((a, f) => a + f.count, 0), columns: scan.findings.map((f) => ({ column: f.column, type: f.type, count: f.count })) },
  };
}

async function drain(schema: Schema, batches: RecordBatch[], transforms: Transform[]): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const b of pipeline(memorySource(schema, batches), ...transforms)) out.push(b);
  return out;
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
