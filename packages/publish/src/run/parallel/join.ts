import { chmod, copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClassStats, ScanResult, TransformReport } from '@tuomin/core';
import { openSource, writeOutput } from '@tuomin/io';
import type { ColumnStats } from '../../review/column-stats.js';
import type { PublishedRiskStats } from '../../review/published-risk.js';
import { decodeResidualScan } from '../sinks/residual-scan.js';
import { decodeColumnProfile } from '../sinks/column-profile.js';
import { decodeClassStatsSink, decodePublishedRisk } from '../privacy.js';
import type { Sink } from '../sinks/sink.js';
import type { RejectFile } from '../sinks/rejects.js';
import type { OutputTypeProblem } from '../output-types.js';
import type { TransformResult } from './job.js';

/**
 * The partition jobs' sink states joined in partition order: `add` must be called with the
 * results of partitions 0, 1, 2 … in turn, which makes every total the sequential pass's (each
 * decoded state's `merge` moves the later part's row numbers past the earlier parts' rows).
 */
export class StateJoin {
  private scanAt: ReturnType<typeof decodeResidualScan> | null = null;
  private profileAt: ReturnType<typeof decodeColumnProfile> | null = null;
  private riskAt: ReturnType<typeof decodePublishedRisk> | null = null;
  private classAt: ReturnType<typeof decodeClassStatsSink> | null = null;

  /** `spillDir`: where a unique column's exact count and the published-risk classes spill while they merge (the run's private folder). */
  constructor(private readonly spillDir: string) {}

  add(r: TransformResult): void {
    this.scanAt = joined(this.scanAt, decodeResidualScan(r.states.scan));
    this.profileAt = joined(this.profileAt, decodeColumnProfile(r.states.profile, this.spillDir));
    this.riskAt = joined(this.riskAt, decodePublishedRisk(r.states.publishedRisk, this.spillDir));
    if (r.states.classStats) this.classAt = joined(this.classAt, decodeClassStatsSink(r.states.classStats));
  }

  scan(): Promise<ScanResult> {
    return this.scanAt!.finish();
  }

  profile(): Promise<ColumnStats[]> {
    return this.profileAt!.finish();
  }

  publishedRisk(): Promise<PublishedRiskStats> {
    return this.riskAt!.finish();
  }

  classStats(): Promise<ClassStats> | undefined {
    return this.classAt?.finish();
  }
}

function joined<S extends Sink<unknown>>(at: S | null, next: S): S {
  if (!at) return next;
  at.merge(next);
  return at;
}

/**
 * The stages' reports of every partition as one: counts add; an `extra` figure that differs
 * between partitions is a count and adds too, one that is the same everywhere (a setting, the
 * privacy search's outcome decided once in phase 1) is kept as is.
 */
export function mergeReports(parts: TransformReport[][]): TransformReport[] {
  if (parts.length === 0) return [];
  return parts[0]!.map((first, s) => {
    const all = parts.map((p) => p[s]!);
    const sum = (k: 'rowsSeen' | 'valuesChanged' | 'invalid' | 'nulls'): number => all.reduce((a, r) => a + r[k], 0);
    const out: TransformReport = { ...first, rowsSeen: sum('rowsSeen'), valuesChanged: sum('valuesChanged'), invalid: sum('invalid'), nulls: sum('nulls') };
    if (first.extra) out.extra = mergeExtra(all.map((r) => r.extra ?? {}));
    return out;
  });
}

function mergeExtra(extras: Array<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(extras[0]!)) {
    const values = extras.map((e) => e[key]);
    const same = values.every((v) => JSON.stringify(v) === JSON.stringify(values[0]));
    out[key] = same ? values[0] : values.every((v) => typeof v === 'number') ? (values as number[]).reduce((a, b) => a + b, 0) : values[0];
  }
  return out;
}

/**
 * The partitions' rejected rows, one private file per rule (in the order of the first rejected
 * row, as the sequential pass names them), each the rule's parts in partition order.
 */
export async function joinRejects(results: TransformResult[], dir: string, version: string): Promise<RejectFile[]> {
  const byRule = new Map<string, Array<{ path: string; rows: number }>>();
  for (const r of results) for (const x of r.rejects) {
    const list = byRule.get(x.transform) ?? [];
    list.push(x);
    byRule.set(x.transform, list);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const out: RejectFile[] = [];
  let n = 0;
  for (const [transform, parts] of byRule) {
    const path = join(dir, `${version}-${++n}-${transform}.csv`);
    if (parts.length === 1) await copyFile(parts[0]!.path, path);
    else {
      const first = await openSource(parts[0]!.path);
      const batches = async function* () {
        for (const p of parts) yield* (await openSource(p.path)).batches();
      };
      await writeOutput(path, first.schema, batches(), {});
    }
    // Raw rows: readable by the publisher alone, as the one-pass rejects writer leaves them.
    await chmod(path, 0o600);
    out.push({ path, rows: parts.reduce((a, p) => a + p.rows, 0), transform });
  }
  return out;
}

/**
 * The values the typed copies could not hold, over every partition: counts add per column and
 * type, and the first row is the earliest, moved past the rows the earlier partitions released.
 */
export function mergeTypeProblems(results: readonly TransformResult[]): OutputTypeProblem[] {
  const out = new Map<string, OutputTypeProblem>();
  let before = 0;
  for (const r of results) {
    for (const p of r.typeProblems) {
      const key = `${p.column}\u0000${p.type}`;
      const had = out.get(key);
      if (had) had.count += p.count;
      else out.set(key, { ...p, row: p.row + before });
    }
    before += r.rows;
  }
  return [...out.values()];
}
