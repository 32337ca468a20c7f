import { basename, dirname, extname, relative } from 'node:path';
import { Document, isMap, type Node } from 'yaml';
import type { FileProfile } from './profile-file.js';

/** A dataset id from a file name: lower-case ASCII slug, or `dataset` when nothing is left. */
function slug(file: string): string {
  const s = basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '');
  return s || 'dataset';
}

/**
 * Draft a dataset spec (YAML with comments) from a profile, for the publisher to edit.
 * Every column gets its suggested sensitivity and rule with the evidence as a comment;
 * quasi-identifiers go to privacy.quasiIdentifiers with k = 5.
 */
export function draftSpec(profile: FileProfile, specPath: string, today = new Date().toISOString().slice(0, 10)): string {
  const columns: Record<string, Record<string, unknown>> = {};
  for (const c of profile.columns) {
    const s = c.suggestion;
    columns[c.name] = {
      sensitivity: s.sensitivity,
      ...(s.rule ? { rule: structuredClone(s.rule) } : {}),
      ...(s.allow ? { allow: [...s.allow] } : {}),
    };
  }
  const spec: Record<string, unknown> = {
    dataset: { id: slug(profile.file), title: basename(profile.file, extname(profile.file)) },
    openAttribute: 'conditional',
    conditions: [{ kind: 'usage-scenario', text: 'TODO: describe the permitted use' }],
    source: { path: relative(dirname(specPath), profile.file) || basename(profile.file), acquiredAt: today },
    columns,
    ...(profile.quasiIdentifiers.length ? { privacy: { quasiIdentifiers: profile.quasiIdentifiers, k: 5 } } : {}),
    output: { folder: 'releases', formats: ['csv'] },
  };
  const doc = new Document(spec, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` Draft spec written by \`tuomin profile\` from ${basename(profile.file)} (${profile.rows} rows${profile.sampled ? ', a sample' : ''}).`,
    ' Every suggestion below comes from detectors and column names: review each column before publishing.',
    ' Fill in dataset.title, description, publisher, contact, domain and updateFrequency for publication.',
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
  const oa = doc.get('openAttribute', true) as Node | undefined;
  if (oa) oa.comment = ' 开放属性: unconditional | conditional | not-open (decide per OPENING-RULES)';
  return doc.toString({ lineWidth: 0 });
}
