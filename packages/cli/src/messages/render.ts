import type { ReviewReason, ReviewResult } from '@tuomin/publish';
import type { TuominError } from '@tuomin/core/errors';
import { ERROR_CODE_ZH, ERROR_TEXTS, LOCATION_ZH, partitionZh, REVIEW_ZH, type ErrorParams } from './errors.js';
import { lang } from './lang.js';
import { keyFromZh, REASONS, type ReasonView } from './reasons.js';
import { MESSAGES, type MessageKey } from './catalogue.js';

/** `{name}` placeholders filled in (a list joined with 、); unknown ones kept, so a missing figure shows, never breaks. */
export function fill(template: string, params: Record<string, string | number | readonly string[] | undefined> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = params[k];
    return v === undefined ? m : Array.isArray(v) ? v.join('、') : String(v);
  });
}

const word = (w: string | ((p: ErrorParams) => string), params: ErrorParams): string => (typeof w === 'string' ? fill(w, params) : w(params));

/**
 * A review reason in the current language: the library's English message, or its Chinese
 * wording by code (messages/reasons.ts). Without the figures the wording needs, the Chinese title
 * and the English message, so nothing the library said is lost.
 */
export function reasonText(r: ReviewReason): string {
  if (lang() !== 'zh') return r.message;
  const w = REASONS[r.code];
  if (!w) return `${fill(REVIEW_ZH.english, { text: r.message })}`;
  const view: ReasonView = { ...r, p: param(r.params) };
  const detail = w.detail?.(view);
  return detail ?? `${w.title}：${fill(REVIEW_ZH.english, { text: r.message })}`;
}

/** `[code] text (fix: path)`, as the CLI lists reasons. */
export function reasonLine(r: ReviewReason): string {
  if (lang() !== 'zh') return `[${r.code}] ${r.message}${r.path ? ` (fix: ${r.path})` : ''}`;
  return `[${r.code}] ${reasonText(r)}${r.path ? fill(REVIEW_ZH.fix, { path: r.path }) : ''}`;
}

export function reviewName(review: ReviewResult['review']): string {
  return lang() === 'zh' ? REVIEW_ZH[review] : review;
}

type SpecIssue = { code: string; path: string; message: string; hint?: string; line?: number; column?: number; params?: Record<string, string | number> };
type Reviewed = { reviews: ReviewResult[] };

/**
 * A library error for the terminal, in Chinese: the code's sentence, where (in Chinese), and the
 * message: by its id when it has one, else as thrown in English. The failed review and the bad
 * spec are listed reason by reason. English: the message as thrown (its location and hint in it).
 */
export function errorText(err: TuominError): { message: string; hint: string | undefined } {
  if (lang() !== 'zh') return { message: err.message, hint: undefined };
  const head = `${ERROR_CODE_ZH[err.code] ?? err.code}${where(err)}`;
  const general = `hint.${err.code}` in MESSAGES ? MESSAGES[`hint.${err.code}` as MessageKey].zh : undefined;
  const reviewed = (err as Partial<Reviewed>).reviews;
  const issues = (err as { issues?: SpecIssue[] }).issues;
  if (reviewed && (err.code === 'SECURITY_REVIEW' || err.code === 'NORMATIVE_REVIEW')) {
    const name = err.code === 'SECURITY_REVIEW' ? 'security' : 'normative';
    const failed = reviewed.find((r) => r.review === name && !r.passed);
    if (failed) {
      const lines = failed.reasons.filter((r) => r.severity === 'error').map((r) => `  - ${reasonLine(r)}`);
      return { message: [fill(REVIEW_ZH.failed, { review: REVIEW_ZH[name] }), ...lines].join('\n'), hint: general };
    }
  }
  if (Array.isArray(issues)) {
    const lines = issues.map((i) => `  ${i.line ? (i.column ? fill(REVIEW_ZH.specLineColumn, { line: i.line, column: i.column }) : fill(REVIEW_ZH.specLine, { line: i.line })) : ''}${i.path || REVIEW_ZH.root}：${specIssueText(i)}`);
    return { message: [`${head}：${fill(REVIEW_ZH.specProblems, { count: issues.length })}`, ...lines].join('\n'), hint: general };
  }
  // A partition job's error names its partition in front ("partition 3 (bytes a–b): "): in Chinese too.
  const inPartition = err.text?.params?.partitionIndex !== undefined;
  const known = err.text && err.text.id !== 'partition.failed' ? ERROR_TEXTS[err.text.id] : undefined;
  if (known) {
    const params = withErrno(err.text!.params ?? {});
    const hint = known.hint ? word(known.hint, params) : general;
    return { message: `${head}：${inPartition ? `${partitionZh(params)}：` : ''}${word(known.zh, params)}`, hint };
  }
  // No Chinese wording for this message: the code's sentence and the place in Chinese, the
  // English detail and hint as thrown (they name what to change: options, keys, spec paths).
  const hint = [general, err.hint ? fill(REVIEW_ZH.englishHint, { text: err.hint }) : undefined].filter(Boolean).join('\n  ');
  const detail = err.detail ?? err.message;
  if (inPartition) return { message: `${head}：${word(ERROR_TEXTS['partition.failed']!.zh, err.text!.params ?? {})}：${detail.replace(/^partition \d+ \([^)]*\): /, '')}`, hint: hint || undefined };
  return { message: `${head}：${detail}`, hint: hint || undefined };
}

/**
 * Params a front end words: a Node error code (errno: ENOENT) as the catalogue's fs errors, with
 * their hint (errnoHint); where a key comes from (keyFrom: env:NAME, file:path).
 */
function withErrno(params: ErrorParams): ErrorParams {
  if (params.keyFrom !== undefined) params = { ...params, keyFrom: keyFromZh(String(params.keyFrom)) };
  if (params.errno === undefined) return params;
  const code = String(params.errno);
  const all = MESSAGES as Record<string, { en: string; zh: string }>;
  const what = all[`fs.${code}`];
  return { ...params, errno: what ? what.zh : code || '未知错误', errnoHint: (all[`fs.${code}.hint`] ?? all['fs.other.hint']!).zh };
}

/** A spec problem: its Chinese wording by code and params, or its title and the English detail (it quotes keys, names and paths of the spec). */
function specIssueText(i: SpecIssue): string {
  const w = REASONS[i.code];
  const english = fill(REVIEW_ZH.english, { text: `${i.message}${i.hint ? ` (${i.hint})` : ''}` });
  if (!w) return english;
  const detail = w.detail?.({ code: i.code, severity: 'error', message: i.message, path: i.path, p: param(i.params) });
  return detail ?? `${w.title}：${english}`;
}

const param = (params: Record<string, string | number> | undefined) => (name: string): string | undefined =>
  params?.[name] === undefined ? undefined : String(params[name]);

function where(err: TuominError): string {
  const loc = err.location ?? {};
  const parts = (Object.keys(LOCATION_ZH) as Array<keyof typeof LOCATION_ZH>)
    .filter((k) => loc[k] !== undefined)
    .map((k) => fill(LOCATION_ZH[k], { [k]: loc[k] }));
  return parts.length ? `（${parts.join('，')}）` : '';
}
