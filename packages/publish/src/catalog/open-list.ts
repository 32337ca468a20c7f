import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { TuominError } from '@tuomin/core/errors';
import type { parseSpecText as ParseSpecText } from '../spec/load.js';
import { openStore, type ReleaseStore } from '../release/store.js';
import { nextDue } from '../package/model.js';

/** One line of the open list (开放清单, Art. 8). */
export interface OpenListEntry {
  id: string;
  title: string;
  publisher: string;
  domain: string;
  openAttribute: string;
  updateFrequency: string;
  latestVersion: string | null;
  status: string;
  modified: string | null;
  nextUpdateDue: string | null;
  records: number | null;
  source: string;
}

const SKIP = new Set(['node_modules', '.git']);

async function walk(dir: string, out: string[] = []): Promise<string[]> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    // Dot folders are work in progress (commit, rollback, legacy staging): never releases.
    if (SKIP.has(e.name) || (e.isDirectory() && e.name.startsWith('.'))) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else out.push(p);
  }
  return out;
}

/** A file the open list could not use: which, why (never the file's contents), spec or package. */
export interface SkippedFile {
  file: string;
  reason: string;
  kind: 'spec' | 'package';
}

/** Read and parse a JSON file; a missing or malformed file is a TuominError naming it, never quoting it. */
async function readJsonObject(path: string, shown: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new TuominError('BAD_INPUT', code === 'ENOENT' ? `${shown} is missing` : `${shown} cannot be read (${code ?? 'error'})`, {}, undefined, { id: 'catalog.cannotRead', params: { shown, errno: code ?? '' } });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse messages quote the text; the reason names the file only.
    throw new TuominError('BAD_INPUT', `${shown} is not valid JSON`, {}, undefined, { id: 'catalog.notJson', params: { shown } });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new TuominError('BAD_INPUT', `${shown} is not a JSON object`, {}, undefined, { id: 'catalog.notObject', params: { shown } });
  return value as Record<string, unknown>;
}

function reasonOf(err: unknown): string {
  // TuominErrors of this module carry no contents; anything else is named by its code only.
  if (err instanceof TuominError) return err.message.split('\n')[0]!;
  const code = (err as { code?: unknown })?.code;
  return `cannot be read${typeof code === 'string' ? ` (${code})` : ''}`;
}

const VERSION_DIR = /^\d+\.\d+\.\d+$/;

/**
 * Every dataset under a folder: specs (YAML/JSON files that parse as a dataset spec) and
 * published packages (datapackage.json in a version folder). A dataset found both ways is listed
 * once, with the package's facts (version, modified, records) over the spec's. Each file is read
 * on its own: one that cannot be read (a malformed datapackage.json, a damaged ledger, a spec
 * that does not parse) is left out and reported in `skipped`. status.json is derived from the
 * ledger: one that is missing, corrupt or edited is listed in `notes`, and the ledger's status used.
 */
export async function buildOpenList(folder: string): Promise<{ entries: OpenListEntry[]; skipped: SkippedFile[]; notes: string[] }> {
  const files = await walk(folder);
  const byId = new Map<string, OpenListEntry>();
  const skipped: SkippedFile[] = [];
  // Parsing a spec needs its schema, whose rules load the transforms (Arrow, WebAssembly): loaded
  // only when a spec file is met, so a folder of published packages lists without them (#16).
  let parseSpecText: typeof ParseSpecText | undefined;
  for (const f of files.filter((x) => /\.(ya?ml|json)$/.test(x) && !x.endsWith('datapackage.json') && !x.endsWith('status.json'))) {
    try {
      const text = await readFile(f, 'utf8');
      if (!/openAttribute/.test(text) || !/dataset/.test(text)) continue;
      parseSpecText ??= (await import('../spec/load.js')).parseSpecText;
      const s = parseSpecText(text, f);
      byId.set(s.dataset.id, {
        id: s.dataset.id, title: s.dataset.title ?? '', publisher: s.dataset.publisher?.name ?? '', domain: s.dataset.domain ?? '',
        openAttribute: s.openAttribute, updateFrequency: s.dataset.updateFrequency ?? '', latestVersion: null,
        status: s.openAttribute === 'not-open' ? 'not-open' : 'unpublished', modified: null, nextUpdateDue: null, records: null,
        source: relative(folder, f),
      });
    } catch (err) {
      skipped.push({ file: relative(folder, f), reason: err instanceof TuominError ? err.message.split('\n')[0]! : reasonOf(err), kind: 'spec' });
    }
  }
  // The newest version the dataset's verified ledger records speaks for the dataset, with the
  // status the ledger gives it (status.json is derived and never believed over the ledger); a
  // damaged ledger or newest version is reported, not replaced silently by an older one.
  const reportedMissing = new Set<string>();
  const stores = new Map<string, Promise<ReleaseStore>>();
  function storeOf(datasetDir: string): Promise<ReleaseStore> {
    if (!stores.has(datasetDir)) stores.set(datasetDir, openStore(datasetDir, { mode: 'read', command: 'catalog' }));
    return stores.get(datasetDir)!;
  }
  for (const f of files.filter((x) => basename(x) === 'datapackage.json')) {
    const shown = relative(folder, f);
    const versionDir = dirname(f);
    const datasetDir = dirname(versionDir);
    try {
      // Only version folders count as releases; a datapackage.json elsewhere is not a package.
      if (!VERSION_DIR.test(basename(versionDir))) continue;
      const store = await storeOf(datasetDir);
      const newestState = store.versions.at(-1);
      const newest = newestState?.version;
      // A version being committed right now (intent, no completion) is not a release yet.
      if (newest === undefined || (newest !== basename(versionDir) && !store.state.versions.has(basename(versionDir)))) continue;
      if (newest !== basename(versionDir)) {
        // Only the newest version speaks for the dataset; if it has no datapackage.json, say so once.
        const missing = join(datasetDir, newest!, 'datapackage.json');
        if (!files.includes(missing) && !reportedMissing.has(missing)) {
          reportedMissing.add(missing);
          skipped.push({ file: relative(folder, missing), reason: `${relative(folder, missing)} is missing`, kind: 'package' });
        }
        continue;
      }
      const dp = await readJsonObject(f, shown);
      const status = { status: newestState!.status };
      if (typeof dp.name !== 'string' || dp.name === '') throw new TuominError('BAD_INPUT', `${shown} has no "name"`, {}, undefined, { id: 'catalog.noName', params: { shown } });
      if (dp.version !== basename(versionDir)) throw new TuominError('BAD_INPUT', `${shown} has version ${JSON.stringify(String(dp.version ?? ''))}, but lies in folder ${basename(versionDir)}`, {}, undefined, { id: 'catalog.versionFolder', params: { shown, version: String(dp.version ?? ''), folder: basename(versionDir) } });
      const id = dp.name;
      const prev = byId.get(id);
      const modified = String(dp['gov:modified'] ?? '');
      if (modified && Number.isNaN(Date.parse(modified))) throw new TuominError('BAD_INPUT', `${shown}: "gov:modified" is not a date`, {}, undefined, { id: 'catalog.modifiedNotDate', params: { shown } });
      const contributors = Array.isArray(dp.contributors) ? (dp.contributors as Array<{ title?: unknown; roles?: unknown }>) : [];
      const publisher = contributors.find((c) => c && Array.isArray(c.roles) && c.roles.includes('publisher'))?.title;
      byId.set(id, {
        id,
        title: String(dp.title ?? prev?.title ?? ''),
        publisher: String(publisher ?? prev?.publisher ?? ''),
        domain: String(dp['gov:domain'] ?? ''),
        openAttribute: String(dp['gov:openAttribute'] ?? ''),
        updateFrequency: String(dp['gov:updateFrequency'] ?? ''),
        latestVersion: basename(versionDir),
        status: status.status,
        modified,
        nextUpdateDue: modified ? nextDue(new Date(modified), String(dp['gov:updateFrequency'] ?? '')) ?? null : null,
        records: Number(dp['gov:recordCount'] ?? 0),
        source: shown,
      });
    } catch (err) {
      skipped.push({ file: shown, reason: reasonOf(err), kind: 'package' });
    }
  }
  const entries = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  // What the release stores noticed but did not change (catalog only reads): a status.json that is
  // missing, corrupt or disagrees with the ledger. The listing above already follows the ledger.
  const notes: string[] = [];
  for (const p of stores.values()) notes.push(...(await p.then((s) => s.notes, () => [] as string[])));
  return { entries, skipped, notes };
}

const COLUMNS: Array<[keyof OpenListEntry, string]> = [
  ['id', '数据集标识'], ['title', '数据集名称'], ['publisher', '来源部门'], ['domain', '重点领域'], ['openAttribute', '开放属性'],
  ['updateFrequency', '更新频率'], ['latestVersion', '最新版本'], ['status', '状态'], ['modified', '更新时间'], ['nextUpdateDue', '下次更新'], ['records', '数据量'],
];

export function openListCsv(entries: OpenListEntry[]): string {
  const q = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [COLUMNS.map(([, zh]) => zh).join(','), ...entries.map((e) => COLUMNS.map(([k]) => q(e[k])).join(','))].join('\r\n') + '\r\n';
}

export interface DueEntry {
  id: string;
  title: string;
  updateFrequency: string;
  modified: string;
  due: string;
  daysLeft: number;
  state: 'overdue' | 'due-soon';
}

/** Datasets overdue or due within `withinDays` of `asOf`, by declared frequency (Art. 12). */
export function dueList(entries: OpenListEntry[], asOf: Date, withinDays: number): DueEntry[] {
  const out: DueEntry[] = [];
  for (const e of entries) {
    if (!e.nextUpdateDue || !e.modified || e.status === 'withdrawn') continue;
    const daysLeft = Math.floor((Date.parse(e.nextUpdateDue) - Date.parse(asOf.toISOString().slice(0, 10))) / 86_400_000);
    if (daysLeft < 0 || daysLeft <= withinDays) {
      out.push({ id: e.id, title: e.title, updateFrequency: e.updateFrequency, modified: e.modified, due: e.nextUpdateDue, daysLeft, state: daysLeft < 0 ? 'overdue' : 'due-soon' });
    }
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft);
}
