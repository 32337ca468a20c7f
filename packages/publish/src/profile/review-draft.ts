import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument, isMap, type Document, type Node } from 'yaml';
import { specFromText } from '../spec/load.js';
import { previewRun } from '../run/preview.js';
import type { ReviewReason } from '../review/types.js';
import { TuominError } from '@tuomin/core/light';

/** A free-text column the draft left out because its own review would refuse it. */
export interface DraftDrop {
  column: string;
  /** The review's reason code (privacy/published-risk, privacy/near-unique-column). */
  code: string;
}

export interface ReviewedDraft {
  text: string;
  dropped: DraftDrop[];
  /** The error code when the dry run could not run (a value a cast refuses, say): the draft is then as drafted, with a comment saying so. */
  unchecked?: string;
}

/** The security-review refusals that say a column still singles records out. */
const SINGLES_OUT = new Set(['privacy/published-risk', 'privacy/near-unique-column']);

/**
 * A draft whose first run its own review refuses is a bad first hour: the redacted free text of a
 * 社保 roster (备注: 原单位…, agents, partly masked numbers) still singles records out, and the
 * user's first `tuomin run` ended in exit 3. So the draft is checked as `run --dry-run` checks it
 * (the same pass and the same reviews: no second copy of their logic to drift), and a column the
 * draft redacts as free text that the security review refuses for singling records out is left
 * out (`drop: true`) with a comment that says why and how to bring it back. The review itself is
 * not changed: a hand-written spec with the same column is refused as before. Other refusals are
 * left in the draft for the run to report; at most one dry run per free-text column, plus one.
 */
export async function reviewDraft(draft: string, specPath: string, opts: { workers?: number; env?: NodeJS.ProcessEnv; onProgress?: (p: { rows: number; bytes?: number }) => void } = {}): Promise<ReviewedDraft> {
  const doc = parseDocument(draft);
  const dropped: DraftDrop[] = [];
  const freeText = new Set(redactedColumns(doc));
  const folder = await mkdtemp(join(tmpdir(), 'tuomin-draft-'));
  try {
    for (let round = 0; round <= freeText.size; round++) {
      const text = doc.toString({ lineWidth: 0 });
      const preview = await previewRun(specFromText(text, specPath), { env: opts.env ?? {}, outputFolder: folder, ...(opts.workers ? { workers: opts.workers } : {}), ...(opts.onProgress ? { onProgress: opts.onProgress } : {}), headRows: 0 });
      const refused = refusedFreeText(preview.reviews.flatMap((r) => r.reasons), freeText, outputNames(doc));
      if (refused.length === 0) break;
      for (const r of refused) {
        dropColumn(doc, r.column, r.code);
        freeText.delete(r.column);
        dropped.push(r);
      }
    }
  } catch (err) {
    // The draft is still the user's best start; the run will stop on the same error and name it.
    if (!(err instanceof TuominError)) throw err;
    doc.commentBefore = `${doc.commentBefore ?? ''}\n A dry run of this draft stopped (${err.code}): \`tuomin run <this file> --dry-run\` says where.`;
    return { text: doc.toString({ lineWidth: 0 }), dropped, unchecked: err.code };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return { text: dropped.length ? doc.toString({ lineWidth: 0 }) : draft, dropped };
}

/** Columns the draft publishes through a redact rule (its free text). */
function redactedColumns(doc: Document): string[] {
  const cols = doc.get('columns', true);
  if (!isMap(cols)) return [];
  const out: string[] = [];
  for (const item of cols.items) {
    const c = (item.value as Node & { toJSON(): unknown }).toJSON() as { drop?: boolean; rule?: { type?: string } | Array<{ type?: string }> };
    const rules = c.rule === undefined ? [] : Array.isArray(c.rule) ? c.rule : [c.rule];
    if (!c.drop && rules.some((r) => r.type === 'redact')) out.push(String((item.key as { value?: unknown }).value ?? item.key));
  }
  return out;
}

function refusedFreeText(reasons: ReviewReason[], freeText: ReadonlySet<string>, outputs: ReadonlyMap<string, string>): DraftDrop[] {
  const out = new Map<string, string>();
  for (const r of reasons) {
    if (r.severity !== 'error' || !SINGLES_OUT.has(r.code)) continue;
    // Records below k over the known columns (path privacy.quasiIdentifiers), a redacted text among
    // them: a library's memo (催还短信已发***, 图书污损) split the classes the search had made, and
    // the draft of a loan list was refused by its own first run (test/unseen-domains-10.test.ts).
    if (!r.path?.startsWith('columns.')) {
      const known = typeof r.params?.known === 'string' ? r.params.known.split(', ') : [];
      for (const column of freeText) if (known.includes(outputs.get(column) ?? column) && !out.has(column)) out.set(column, r.code);
      continue;
    }
    const column = r.path.slice('columns.'.length).split('.')[0]!;
    if (freeText.has(column) && !out.has(column)) out.set(column, r.code);
  }
  return [...out].map(([column, code]) => ({ column, code }));
}

/** Each column's published name (`name:`, or its source name). */
function outputNames(doc: Document): Map<string, string> {
  const cols = doc.get('columns', true);
  const out = new Map<string, string>();
  if (!isMap(cols)) return out;
  for (const item of cols.items) {
    const source = String((item.key as { value?: unknown }).value ?? item.key);
    const c = (item.value as Node & { toJSON(): unknown }).toJSON() as { name?: string } | null;
    out.set(source, c?.name ?? source);
  }
  return out;
}

function dropColumn(doc: Document, column: string, code: string): void {
  const cols = doc.get('columns', true);
  if (!isMap(cols)) return;
  const item = cols.items.find((it) => String((it.key as { value?: unknown }).value ?? it.key) === column);
  if (!item) return;
  const was = (item.value as Node & { toJSON(): unknown }).toJSON() as { sensitivity?: string };
  item.value = doc.createNode({ ...(was.sensitivity ? { sensitivity: was.sensitivity } : {}), drop: true });
  const key = item.key as Node;
  key.commentBefore = [
    key.commentBefore ?? '',
    ` Left out by the draft: a dry run of this draft refused the redacted text (${code}): what redaction`,
    ' leaves of it (the words around the masked identifiers, the kept ends of numbers) still singles records out.',
    ' To publish it anyway, put back `rule: { type: redact }` and a description in place of drop: true, cut',
    ' the text to what many records share (or declare public: with the law that publishes it), and check',
    ' with `tuomin run <this file> --dry-run`, which names what still singles records out.',
  ].filter(Boolean).join('\n');
}
