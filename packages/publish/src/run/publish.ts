import { writeFile, mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { TuominError } from '@tuomin/core';

import type { LoadedSpec } from '../spec/load.js';
import { stageRun, discardStaging, TOOL_VERSION, type PassShape, type RunOptions } from './run.js';
import { sourceFiles, withMatchedFiles } from './reader-options.js';
import { startSourceDigests, type SourceDigest } from '../package/source-digest.js';
import { publishedReason, type ReviewReason, type ReviewResult } from '../review/types.js';
import { catalogJsonLd, citationText, dataPackage, nextDue, platformRecord, type PublishedField, type ReleaseModel } from '../package/model.js';
import { finishDataFiles, provenance, readmeText, writeSums } from '../package/write.js';
import { desensitizationReport, qualityReport } from '../package/reports.js';
import { TextScanner, scanPackageTexts } from '../scan/scan-texts.js';
import { textReasons } from '../review/security.js';
import { checkVersion, nextVersion, writeStatus, type VersionStatus } from '../release/ledger.js';
import { closeStore, openStore, type ReleaseStore } from '../release/store.js';
import { checkNewVersion, replacedVersions, sameDataAs } from '../release/choose.js';
import { commitPublish } from '../release/commit.js';
import { keepRejects, rejectsHome } from './staging.js';
import { keyWarnings, reviewSinks, runReviews, withWarnings, type ReviewedPass } from './review-pass.js';
import type { RejectFile } from './sinks/rejects.js';
import { checkOutputTypes } from './output-types.js';
import { checkKeyRotation, type KeyRotation } from './key-rotation.js';

/** A failed review: exit code 3 (security) or 4 (normative); nothing was published. */
export class ReviewFailedError extends TuominError {
  readonly reviews: ReviewResult[];
  constructor(failed: ReviewResult, all: ReviewResult[]) {
    const errs = failed.reasons.filter((r) => r.severity === 'error');
    super(
      failed.review === 'security' ? 'SECURITY_REVIEW' : 'NORMATIVE_REVIEW',
      `${failed.review} review failed; nothing was published:\n${errs.map((r) => `  - [${r.code}] ${r.message}${r.path ? ` (fix: ${r.path})` : ''}`).join('\n')}`,
      {},
      'fix the spec and run again',
    );
    this.reviews = all;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reviews: this.reviews };
  }
}

export interface PublishResult {
  dataset: string;
  version: string;
  packageDir: string;
  rows: number;
  sourceRows: number;
  files: Array<{ path: string; format: string; bytes: number; sha256: string }>;
  /** The source files read, with their size and SHA-256, as the ledger and datapackage.json record them. */
  sources: SourceDigest[];
  reviews: ReviewResult[];
  /** Rows withheld by reject-row rules: raw rows, kept in a private folder for the publisher (run/staging.ts). */
  rejects?: Array<{ path: string; rows: number; transform: string }>;
  /** pass: read + rules + writing every format + scan and statistics; review: the sample scan and both gates; package: hashes and metadata. */
  ms: { pass: number; review: number; package: number; total: number };
  /** How the pass ran when workers were asked for: partitions and phases, or one thread and why. */
  parallel?: PassShape;
}

/**
 * `tuomin run`: read, desensitize, review, and publish one immutable version folder.
 * Order (Art. 10): desensitize → security review → normative review → package → ledger.
 * Any failure leaves no version folder behind.
 */
export async function publishRun(loaded: LoadedSpec, opts: RunOptions = {}): Promise<PublishResult> {
  const t0 = performance.now();
  const { spec } = loaded;
  const now = opts.now ?? new Date();
  if (spec.openAttribute === 'not-open') {
    const reasons = [{ code: 'gov/not-open', severity: 'error' as const, path: 'openAttribute', message: `dataset is not-open (legal basis: ${(spec.legalBasis ?? []).map((l) => `${l.law} ${l.article}`).join('; ')}); it is never published` }];
    const r: ReviewResult = { review: 'normative', passed: false, reasons };
    throw new ReviewFailedError(r, [r]);
  }
  if (opts.version !== undefined) checkVersion(opts.version);
  const datasetDir = resolve(loaded.dir, opts.outputFolder ?? spec.output.folder, spec.dataset.id);
  // One command at a time per dataset, from the choice of version and links to the commit
  // (release/lock.ts); opening the store verifies the ledger and recovers a crashed commit.
  const store = await openStore(datasetDir, { mode: 'write', command: 'run' });
  try {
    // A `*` in source.path: the files matched now are the ones read and named in the provenance.
    return await publishLocked(await withMatchedFiles(loaded), opts, store, t0, now);
  } finally {
    await closeStore(store);
  }
}

async function publishLocked(loaded: LoadedSpec, opts: RunOptions, store: ReleaseStore, t0: number, now: Date): Promise<PublishResult> {
  const { spec } = loaded;
  const versions = store.versions;
  const version = opts.version ?? nextVersion(store.state.used);
  checkNewVersion(store, version);
  const meta = provenance(spec, version, loaded.digest, TOOL_VERSION);
  // The source files' SHA-256, read beside the pass and awaited before the package is assembled
  // (package/source-digest.ts): the ledger and the provenance record the bytes the release came from.
  const digests = startSourceDigests(await sourceNamesAndFiles(loaded));
  // Pass: the sinks of both reviews (shared with run --dry-run, review-pass.ts) beside the writers.
  const keys = keyWarnings(opts);
  const staged = await stagePass(loaded, { ...opts, keyWarning: keys.keyWarning, version, metadata: meta }).catch((err: unknown) => {
    digests.cancel();
    throw err;
  });
  try {
    // Reviews: pure functions of the pass's results. Rejected raw rows are kept privately once the
    // release is committed, so the warnings name that place from the start.
    const tr = performance.now();
    const rejectsAt = rejectsHome(spec.dataset.id, version, opts.env);
    const rejects = staged.rejects.map((r) => ({ ...r, path: join(rejectsAt, basename(r.path)) }));
    const reviewed = runReviews(spec, staged, { keyWarnings: keys.reasons, normativeWarnings: [...rejectedRows(rejects), ...store.notes.map(recovered)] });
    const { security, privacy } = reviewed;
    // A keyed rule whose key is not the previous version's: refused unless the rotation is declared (key-rotation.ts).
    const previousVersion = versions[versions.length - 1]?.version;
    const report = desensitizationReport(spec, staged.plan, staged.reports, staged.scan, privacy ?? null);
    const rotation = await checkKeyRotation(spec, staged.plan, store.dir, previousVersion, version, report);
    const normative = rotation.errors.length
      ? { ...reviewed.normative, passed: false, reasons: [...reviewed.normative.reasons, ...rotation.errors, ...rotation.warnings] }
      : withWarnings(reviewed.normative, rotation.warnings);
    const reviews = [security, normative];
    if (!security.passed) throw new ReviewFailedError(security, reviews);
    if (!normative.passed) throw new ReviewFailedError(normative, reviews);
    // The typed copies hold every value the review accepted, or nothing is published (output-types.ts).
    checkOutputTypes(staged.typeProblems, loaded.file);
    const reviewMs = performance.now() - tr;

    // Package assembly: data hashes, metadata, reports, sums, the last look at the texts.
    const tp = performance.now();
    // Whatever of the source hashes the pass did not cover is waited for here, in `package`.
    const sources = await digests.done();
    // Every withdrawn version not yet replaced is replaced by this one; `replaces` names the newest.
    const [replaces, ...alsoReplaces] = replacedVersions(store);
    const links = { ...(previousVersion ? { previousVersion } : {}), ...(replaces ? { replaces } : {}) };
    const issued = now.toISOString();
    const pkg = staged.stagingDir;
    // The normative review gains a warning when the data is unchanged.
    const assembled = await assemblePackage(loaded, staged, { store, version, issued, now, meta, links, sources, requireChange: opts.requireChange === true, security, normative, report, keyRotations: rotation.rotations });
    const { resources, sums } = assembled;
    // Release commit, the only way into the release store (release/commit.ts): intent, rename,
    // completion; the withdrawn versions it replaces point forward to it (dct:isReplacedBy).
    const target = await commitPublish(store, pkg, {
      dataset: spec.dataset.id, version, issued, sha256sums: sums.digest, sources, ...links,
      ...(alsoReplaces.length ? { alsoReplaces } : {}),
      ...(spec.recipient ? { recipient: spec.recipient } : {}),
      ...(rotation.rotations.length ? { keyRotations: rotation.rotations } : {}),
    });
    // Rejected raw rows stay private, out of the run folder that is removed now (staging.ts).
    await keepRejects(staged.work, rejectsAt);
    await discardStaging(staged);
    const packageMs = performance.now() - tp;
    return {
      dataset: spec.dataset.id, version, packageDir: target, rows: staged.rows, sourceRows: staged.sourceRows,
      files: resources.map((r) => ({ path: r.path, format: r.format, bytes: r.bytes, sha256: r.sha256 })),
      sources,
      reviews: [security, assembled.normative],
      ...(rejects.length ? { rejects: rejects.map((r) => ({ path: r.path, rows: r.rows, transform: r.transform })) } : {}),
      ms: { pass: round(staged.ms.pass), review: round(reviewMs), package: round(packageMs), total: round(performance.now() - t0) },
      ...(staged.parallel ? { parallel: staged.parallel } : {}),
    };
  } catch (err) {
    digests.cancel();
    await discardStaging(staged);
    throw err;
  }
}

/**
 * The pass: on a worker pool over partitions when workers were asked for and the source and rules
 * allow it (run/parallel/), else in one thread; the reason for one thread is kept in `parallel`.
 */
async function stagePass(loaded: LoadedSpec, opts: RunOptions & { version: string; metadata: Record<string, string> }): Promise<ReviewedPass> {
  const workers = opts.workers ?? 1;
  let why: string | null = null;
  if (workers > 1 || opts.partitionBytes !== undefined) {
    const { stageParallel } = await import('./parallel/coordinator.js');
    const par = await stageParallel(loaded, opts, { workers, ...(opts.partitionBytes !== undefined ? { partitionBytes: opts.partitionBytes } : {}), ...(opts.batchSize !== undefined ? { batchSize: opts.batchSize } : {}) });
    if (!('sequential' in par)) return par;
    why = par.sequential;
  }
  const staged = await stageRun(loaded, { ...opts, sinks: reviewSinks(loaded.spec) });
  return why === null ? staged : { ...staged, parallel: { workers: 1, sequential: why } };
}

interface Assembly {
  store: ReleaseStore;
  version: string;
  issued: string;
  now: Date;
  meta: Record<string, string>;
  links: { previousVersion?: string; replaces?: string };
  sources: SourceDigest[];
  requireChange: boolean;
  security: ReviewResult;
  normative: ReviewResult;
  /** The desensitization report (reports.ts), made once: the key check read it before the package. */
  report: Record<string, unknown>;
  keyRotations: KeyRotation[];
}

/**
 * The package around the staged data files, in the run's private folder: hashes, the catalog
 * metadata, the reports, SHA256SUMS, the review record bound to it, the status; then the gate's
 * last look at the texts. The normative review gains a warning when the data is unchanged.
 */
async function assemblePackage(loaded: LoadedSpec, staged: ReviewedPass, a: Assembly): Promise<{ resources: Awaited<ReturnType<typeof finishDataFiles>>; sums: { digest: string }; normative: ReviewResult }> {
  const { spec } = loaded;
  const { store, version, issued, now, meta, links, security } = a;
  const pkg = staged.stagingDir;
  const resources = await finishDataFiles(pkg, staged.files, spec, meta);
  const same = await sameDataAs(store, resources);
  let normative = a.normative;
  if (same) {
    if (a.requireChange) throw new TuominError('BAD_INPUT', `the data is identical to ${same.what}; nothing was published`, { file: join(store.dir, same.version) }, same.withdrawn ? 'this data was withdrawn: fix the rules that let it out, then run again' : 'nothing changed since the last release: run again when the source changes, or drop --require-change', { id: same.withdrawn ? 'release.identicalWithdrawn' : 'release.identicalLatest', params: { version: same.version } });
    normative = withWarnings(normative, [{ code: 'release/unchanged', severity: 'warning', params: { version: same.version, withdrawn: same.withdrawn ? 'yes' : 'no' }, message: `the data is identical to ${same.what}${same.withdrawn ? ': check that the reason for the withdrawal is fixed' : ''}` }]);
  }
  const model: ReleaseModel = {
    spec, version, issued, modified: issued, status: 'published', ...links,
    specDigest: loaded.digest, toolVersion: TOOL_VERSION, sources: a.sources, rows: staged.rows,
    ...(a.keyRotations.length ? { keyRotations: a.keyRotations } : {}),
    fields: publishedFields(staged, spec),
    resources,
    citation: citationText(spec, version),
    ...(nextDue(now, spec.dataset.updateFrequency) ? { nextUpdateDue: nextDue(now, spec.dataset.updateFrequency)! } : {}),
  };
  await writeJson(join(pkg, 'datapackage.json'), dataPackage(model));
  await writeJson(join(pkg, 'catalog.jsonld'), catalogJsonLd(model));
  await writeJson(join(pkg, 'platform.json'), platformRecord(model));
  await writeFile(join(pkg, 'README.md'), readmeText(model));
  // Private until the commit gives the package its public permissions (release/commit.ts).
  await mkdir(join(pkg, 'reports'), { recursive: true, mode: 0o700 });
  await writeJson(join(pkg, 'reports', 'quality.json'), qualityReport(spec, staged.stats, now));
  await writeJson(join(pkg, 'reports', 'desensitization.json'), a.report);
  // SHA256SUMS covers data, metadata and the quality and desensitization reports. review.json
  // is bound to the SHA256SUMS digest (so it cannot be listed in it), and status.json changes
  // over the release's life.
  const sums = await writeSums(pkg, new Set(['SHA256SUMS', 'reports/review.json', 'status.json']), new Map(resources.map((r) => [r.path, r.sha256])));
  await writeJson(join(pkg, 'reports', 'review.json'), {
    dataset: spec.dataset.id, version, reviewedAt: issued, sha256sumsDigest: `sha256:${sums.digest}`,
    security: { passed: security.passed, reasons: security.reasons.map(publishedReason) },
    normative: { passed: normative.passed, reasons: normative.reasons.map(publishedReason) },
  });
  const status: VersionStatus = {
    dataset: spec.dataset.id, version, status: 'published', since: issued, ...links,
    ...(spec.recipient ? { recipient: spec.recipient } : {}),
  };
  await checkPublishedTexts(pkg, spec, meta, security, [security, normative]);
  await writeStatus(pkg, status);
  return { resources, sums, normative };
}

/** Each source file as the spec lists it (a `*` already replaced by its matches) and where it is: the files the pass reads, in order. */
async function sourceNamesAndFiles(loaded: LoadedSpec): Promise<Array<{ name: string; file: string }>> {
  const path = loaded.spec.source.path;
  const names = typeof path === 'string' ? [path] : path;
  const files = await sourceFiles(loaded.spec.source, loaded.dir);
  return files.map((file, i) => ({ name: names[i] ?? file, file }));
}

/** The normative warning for rows withheld by reject-row rules or skipped as malformed, naming where they are kept. */
function rejectedRows(rejects: RejectFile[]): ReviewReason[] {
  return rejects.map((r) => ({ code: 'row/rejected', severity: 'warning', count: r.rows, params: { transform: r.transform, file: r.path }, message: `${r.rows} rows rejected by ${r.transform} were withheld from the release; see ${r.path}` }));
}

function recovered(note: string): ReviewReason {
  return { code: 'release/recovered', severity: 'warning', message: note };
}

/**
 * The gate's last look, at what the package will publish outside the cells: every metadata file
 * and report as written, and the provenance written into each data file. Any identifier there
 * fails the security review (exit 3), naming the file and the place, never the value.
 */
async function checkPublishedTexts(pkg: string, spec: LoadedSpec['spec'], meta: Record<string, string>, security: ReviewResult, reviews: ReviewResult[]): Promise<void> {
  const contact = spec.dataset.contact;
  const texts = new TextScanner(contact ? [contact.phone, contact.email] : []);
  texts.json(meta, 'provenance of every data file');
  const found = await scanPackageTexts(pkg, texts);
  if (found.length === 0) return;
  const failed: ReviewResult = { review: 'security', passed: false, reasons: [...security.reasons, ...textReasons(found)] };
  throw new ReviewFailedError(failed, reviews.map((r) => (r === security ? failed : r)));
}

function publishedFields(staged: ReviewedPass, spec: LoadedSpec['spec']): PublishedField[] {
  return staged.plan.columns.map((p) => {
    const c = spec.columns[p.source]!;
    const rule = p.rules.map((r) => `${r.type}${typeof r.options.preset === 'string' ? ` ${r.options.preset}` : typeof r.options.method === 'string' ? ` ${r.options.method}` : ''}`).join(' + ');
    const constraints: Record<string, unknown> = { ...(c.constraints ?? {}) };
    // A text column with empty strings and no nulls: its "" is text, not missing (model.ts).
    const st = staged.stats.find((x) => x.name === p.output);
    const keepsEmpty = c.type === 'string' && st !== undefined && st.nulls === 0 && st.empties > 0;
    return {
      name: p.output,
      title: c.title ?? p.source,
      ...(c.description ? { description: c.description } : {}),
      type: c.type,
      ...(c.sensitivity ? { sensitivity: c.sensitivity } : {}),
      ...(rule ? { rule } : {}),
      ...(Object.keys(constraints).length ? { constraints } : {}),
      ...(keepsEmpty ? { missingValues: [] } : {}),
      ...(c.allow?.length ? { allow: [...c.allow] } : {}),
      ...(c.public ? { publicReason: c.public.reason } : {}),
    };
  });
}

async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}

function round(x: number): number {
  return Math.round(x);
}
