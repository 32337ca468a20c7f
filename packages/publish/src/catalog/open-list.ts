import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseSpecText } from '../spec/load.js';
import { listVersions } from '../release/ledger.js';
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
    if (SKIP.has(e.name) || e.name.startsWith('.staging')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else out.push(p);
  }
  return out;
}

/**
 * Every dataset under a folder: specs (YAML/JSON files that parse as a dataset spec) and
 * published packages (datapackage.json in a version folder). A dataset found both ways is listed
 * once, with the package's facts (version, modified, records) over the spec's.
 */
export async function buildOpenList(folder: string): Promise<{ entries: OpenListEntry[]; skipped: Array<{ file: string; reason: string }> }> {
  const files = await walk(folder);
  const byId = new Map<string, OpenListEntry>();
  const skipped: Array<{ file: string; reason: string }> = [];
  for (const f of files.filter((x) => /\.(ya?ml|json)$/.test(x) && !x.endsWith('datapackage.json'))) {
    const text = await readFile(f, 'utf8');
    if (!/openAttribute/.test(text) || !/dataset/.test(text)) continue;
    try {
      const s = parseSpecText(text, f);
      byId.set(s.dataset.id, {
        id: s.dataset.id, title: s.dataset.title ?? '', publisher: s.dataset.publisher?.name ?? '', domain: s.dataset.domain ?? '',
        openAttribute: s.openAttribute, updateFrequency: s.dataset.updateFrequency ?? '', latestVersion: null,
        status: s.openAttribute === 'not-open' ? 'not-open' : 'unpublished', modified: null, nextUpdateDue: null, records: null,
        source: relative(folder, f),
      });
    } catch (err) {
      skipped.push({ file: relative(folder, f), reason: (err as Error).message.split('\n')[0]! });
    }
  }
  for (const f of files.filter((x) => x.endsWith('datapackage.json'))) {
    const dp = JSON.parse(await readFile(f, 'utf8')) as Record<string, unknown>;
    const id = String(dp.name);
    const datasetDir = join(f, '..', '..');
    const versions = await listVersions(datasetDir);
    const latest = versions[versions.length - 1];
    if (!latest || latest.version !== dp.version) continue; // only the newest version speaks for the dataset
    const prev = byId.get(id);
    const modified = String(dp['gov:modified'] ?? '');
    byId.set(id, {
      id,
      title: String(dp.title ?? prev?.title ?? ''),
      publisher: String(((dp.contributors as Array<{ title: string; roles: string[] }>) ?? []).find((c) => c.roles.includes('publisher'))?.title ?? prev?.publisher ?? ''),
      domain: String(dp['gov:domain'] ?? ''),
      openAttribute: String(dp['gov:openAttribute'] ?? ''),
      updateFrequency: String(dp['gov:updateFrequency'] ?? ''),
      latestVersion: latest.version,
      status: latest.status,
      modified,
      nextUpdateDue: modified ? nextDue(new Date(modified), String(dp['gov:updateFrequency'] ?? '')) ?? null : null,
      records: Number(dp['gov:recordCount'] ?? 0),
      source: relative(folder, f),
    });
  }
  const entries = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { entries, skipped };
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
