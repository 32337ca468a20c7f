import { basename, dirname, extname, relative } from 'node:path';
import { Document, isMap, type Node } from 'yaml';
import type { FileProfile } from './profile-file.js';
import { DRAFT_K } from './suggest.js';
import { DOMAINS, FREQUENCIES } from '../spec/schema.js';

/** A dataset id from a file name: lower-case ASCII slug, or `dataset` when nothing is left. */
function slug(file: string): string {
  const s = basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '');
  return s || 'dataset';
}

/** The share of records the search may suppress to reach k. */
export const DRAFT_SUPPRESSION_LIMIT = 0.05;
export const DRAFT_L = 2;

/**
 * Draft a dataset spec (YAML with comments) from a profile, for the publisher to edit. The draft
 * publishes safely as it stands once the catalog metadata (the TODOs, which the normative review
 * refuses) is filled in: direct identifiers are left out, free text is redacted, every
 * quasi-identifier gets a hierarchy for the privacy search (k = 5 with a suppression limit),
 * sensitive attributes get l-diversity, and each column a description drafted from its header.
 */
export function draftSpec(profile: FileProfile, specPath: string, today = new Date().toISOString().slice(0, 10)): string {
  const columns: Record<string, Record<string, unknown>> = {};
  for (const c of profile.columns) {
    const s = c.suggestion;
    columns[c.name] = s.drop
      ? { sensitivity: s.sensitivity, drop: true }
      : {
        ...(s.outputName ? { name: s.outputName } : {}),
        ...(s.title ? { title: s.title } : {}),
        description: s.description,
        ...(s.type ? { type: s.type } : {}),
        sensitivity: s.sensitivity,
        ...(s.rule ? { rule: structuredClone(s.rule) } : {}),
        ...(s.allow ? { allow: [...s.allow] } : {}),
      };
  }
  const qi = profile.columns.filter((c) => c.suggestion.quasiIdentifier && !c.suggestion.drop);
  const sensitive = profile.columns.filter((c) => c.suggestion.sensitive).map((c) => c.name);
  const hierarchies = Object.fromEntries(qi.filter((c) => c.suggestion.hierarchy).map((c) => [c.name, structuredClone(c.suggestion.hierarchy)]));
  const privacy = qi.length
    ? {
      quasiIdentifiers: qi.map((c) => c.name),
      ...(Object.keys(hierarchies).length ? { hierarchies } : {}),
      ...(sensitive.length ? { sensitive, l: DRAFT_L } : {}),
      k: DRAFT_K,
      suppressionLimit: DRAFT_SUPPRESSION_LIMIT,
    }
    : undefined;
  const files = profile.files ?? [profile.file];
  const pathOf = (f: string): string => relative(dirname(specPath), f) || basename(f);
  const spec: Record<string, unknown> = {
    dataset: { id: slug(files[0]!), title: 'TODO: 数据集标题', description: 'TODO: 数据集描述（内容、范围、脱敏方式）' },
    openAttribute: 'conditional',
    conditions: [{ kind: 'usage-scenario', text: 'TODO: describe the permitted use' }],
    source: {
      // Several files profiled as one source: the spec lists them all, in the order read.
      path: files.length === 1 ? pathOf(files[0]!) : files.map(pathOf),
      acquiredAt: today,
      ...(profile.csv && Object.keys(profile.csv).length ? { csv: structuredClone(profile.csv) } : {}),
      ...(profile.xlsx && Object.keys(profile.xlsx).length ? { xlsx: structuredClone(profile.xlsx) } : {}),
    },
    columns,
    ...(privacy ? { privacy } : {}),
    output: { folder: 'releases', formats: ['csv'] },
  };
  const doc = new Document(spec, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` Draft spec written by \`tuomin profile\` from ${files.map((f) => basename(f)).join(', ')} (${profile.rows} rows${profile.sampled ? ', a sample' : ''}).`,
    ' Every suggestion below comes from the values and the column names: review each column before publishing.',
    ' Replace every TODO (the normative review refuses them) and uncomment and fill in dataset.publisher, contact,',
    ' domain and updateFrequency. `tuomin run <this file> --dry-run` shows what would be published before then.',
    // A register of things (profile.persons null) gets no k: it would protect no one and suppress entries.
    ...(profile.persons === null && profile.columns.length > 0 ? [
      ' No column reads as a person\'s (no name, identifier, person\'s number, demographic, sensitive attribute or',
      ' address): a register of things (companies, facilities, roads), so this draft imposes no k and keeps every value.',
      ' If the records are about persons after all (a sole trader\'s shop is its owner\'s), add a privacy section',
      ' (privacy.quasiIdentifiers with hierarchies, k) and leave out what names them.',
    ] : []),
  ].join('\n');
  const cols = doc.get('columns', true);
  if (isMap(cols)) {
    for (const item of cols.items) {
      const name = String((item.key as { value?: unknown }).value ?? item.key);
      const c = profile.columns.find((x) => x.name === name);
      if (!c) continue;
      const evidence = `${c.inferredType}, ${(c.nullRate * 100).toFixed(1)} % null, ~${c.distinct} distinct, length ${c.minLength}-${c.maxLength}`;
      (item.key as Node).commentBefore = ` ${c.suggestion.note}\n ${evidence}`;
    }
  }
  // The catalog fields the normative review requires, in the shape the spec takes, to uncomment.
  const ds = doc.get('dataset', true) as Node | undefined;
  if (ds) {
    ds.comment = [
      ' publisher: { name: 部门名称, uscc: 18 位统一社会信用代码 }',
      ' contact: { phone: 部门电话, email: 部门邮箱 }',
      ` domain: one of ${DOMAINS.join(', ')}`,
      ` updateFrequency: one of ${FREQUENCIES.join(', ')}`,
    ].join('\n');
  }
  const oa = doc.get('openAttribute', true) as Node | undefined;
  if (oa) oa.comment = ' 开放属性: unconditional | conditional | not-open (decide per OPENING-RULES)';
  const pv = doc.get('privacy', true) as Node | undefined;
  if (pv) {
    pv.commentBefore = ' Every published column an attacker may know (demographics, places, dates of events) is a\n'
      + ` quasi-identifier: the search generalizes them until every record shares its values with ${DRAFT_K - 1} others,\n`
      + ` suppressing at most ${DRAFT_SUPPRESSION_LIMIT * 100} % of the records. k applies because ${profile.persons ?? 'the records are persons\''}.`;
  }
  return doc.toString({ lineWidth: 0 });
}
