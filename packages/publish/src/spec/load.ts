import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { lossyIntegers } from './lossy-numbers.js';
import type { z } from 'zod';
// The light entry: rule schemas without their kernels, so loading a spec loads no Arrow (#16).
import { TuominError, findRuleSchema, optionsIssue, ruleSchemas } from '@tuomin/core/light';
import { FREQUENCY_ZH, specSchema, type Spec } from './schema.js';
import { closest } from './suggest.js';
import { lintSpec } from './lint.js';
import { placeholderRuleFiles, resolveRuleKey } from './rule-files.js';
import { looksLikeKey } from '../keys.js';
import { quoteColumn, quoteWord } from './quote.js';

/** One problem in a spec: where (dotted path and line), what, and the fix when we can tell. */
export interface SpecIssue {
  code: string;
  path: string;
  message: string;
  line?: number;
  /** The character on the line (1-based), where the YAML parser knows it (syntax errors). */
  column?: number;
  hint?: string;
  /** What the message is made of (kind, names, choices; a value only where the message quotes it), for a front end's wording by code. */
  params?: Record<string, string | number>;
}

export class SpecError extends TuominError {
  readonly issues: SpecIssue[];
  constructor(file: string, issues: SpecIssue[]) {
    const lines = issues.map((i) => `  ${i.line ? `line ${i.line}, ${i.column ? `column ${i.column}, ` : ''}` : ''}${i.path || '(root)'}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`);
    // Schema problems are a bad spec (exit 1). When the spec is well-formed but breaks a rule of
    // the opening regulations, it is a review failure: gov/* is the normative review (exit 4),
    // privacy/* the security review (exit 3).
    const code = issues.every((i) => i.code.startsWith('gov/') || i.code.startsWith('privacy/'))
      ? issues.some((i) => i.code.startsWith('privacy/')) ? 'SECURITY_REVIEW' : 'NORMATIVE_REVIEW'
      : 'BAD_SPEC';
    super(code, `invalid dataset spec (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, { file }, 'fix the spec at the lines above and run again');
    this.issues = issues;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

export interface LoadedSpec {
  spec: Spec;
  /** Absolute path of the spec file; relative paths in the spec resolve against its folder. */
  file: string;
  dir: string;
  /** sha256 of the spec file bytes: recorded as provenance in every output. */
  digest: string;
}

export async function loadSpec(file: string): Promise<LoadedSpec> {
  const abs = resolve(file);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    throw new TuominError('BAD_SPEC', `cannot read spec: ${(err as Error).message}`, { file }, 'check the path of the spec file', { id: 'spec.cannotRead', params: { errno: (err as NodeJS.ErrnoException).code ?? '' } });
  }
  return specFromText(text, file);
}

/**
 * A spec's text as loaded from `file`: parsed and checked, its folder, its digest. The one way a
 * LoadedSpec is made, for a file on disk and for a draft checking its own text before it is
 * written (profile/review-draft.ts).
 */
export function specFromText(text: string, file: string): LoadedSpec {
  const abs = resolve(file);
  const spec = parseSpecText(text, file);
  return { spec, file: abs, dir: dirname(abs), digest: createHash('sha256').update(text).digest('hex') };
}

/** Parse and validate spec text (YAML or JSON; JSON is YAML). Throws SpecError listing every problem. */
/** What to do about a YAML syntax error, whichever rule of the parser it broke: the usual causes. */
const SYNTAX_HINT = 'fix the YAML at that line and column: indent with spaces (not tabs) as deep as the keys beside it, close every [ and {, and quote a value that holds ": " or " #"';

export function parseSpecText(text: string, file = '<spec>'): Spec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    throw new SpecError(
      file,
      doc.errors.map((e) => {
        const at = lineCounter.linePos(e.pos[0]);
        return {
          code: 'spec/syntax',
          path: '',
          // The yaml parser recurses per level: a spec nested thousands deep overflows its stack.
          message: /Maximum call stack/.test(e.message) ? TOO_DEEP : `YAML ${e.code}: ${e.message.split('\n')[0]!}`,
          line: at.line,
          column: at.col,
          hint: SYNTAX_HINT,
          params: { yaml: e.code },
        };
      }),
    );
  }
  const shape = checkShape(doc, lineCounter);
  if (shape.length) throw new SpecError(file, shape);
  const lossy = lossyIntegers(doc, lineCounter);
  if (lossy.length) throw new SpecError(file, lossy);
  let raw: unknown;
  try {
    // maxAliasCount bounds alias expansion: a few lines of nested aliases ("billion laughs")
    // would otherwise expand to gigabytes.
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (err) {
    if (err instanceof ReferenceError || err instanceof RangeError) {
      throw new SpecError(file, [{
        code: 'spec/syntax', path: '',
        message: err instanceof RangeError ? TOO_DEEP : `YAML aliases expand to too many nodes (more than ${MAX_ALIAS_COUNT} alias uses); a spec never needs that many`,
        hint: 'write the repeated parts out, or use fewer aliases (*name)',
      }]);
    }
    throw err;
  }
  const lineOf = (path: PropertyKey[]): number | undefined => nodeLine(doc, lineCounter, path);
  const parsed = specSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    throw new SpecError(file, parsed.error.issues.map((i) => zodIssue(i, [], lineOf)));
  }
  const spec = withOwnKeysOnly(parsed.data);
  const issues: SpecIssue[] = [];
  // Rules: each `type` must be known and its options valid against that rule's own schema.
  for (const [col, c] of Object.entries(spec.columns)) {
    const rules = c.rule === undefined ? [] : Array.isArray(c.rule) ? c.rule : [c.rule];
    rules.forEach((rule, idx) => {
      const base: PropertyKey[] = Array.isArray(c.rule) ? ['columns', col, 'rule', idx] : ['columns', col, 'rule'];
      const def = findRuleSchema(rule.type);
      if (rule.type === 'rename') {
        issues.push({ code: 'spec/invalid', path: [...base, 'type'].join('.'), message: 'renaming is done with the column\'s `name:` (the English item name), not a rule', hint: `set columns.${col}.name`, ...lineProp(lineOf([...base, 'type'])) });
        return;
      }
      if (!def) {
        const guess = closest(rule.type, ruleSchemas.map((r) => r.type));
        issues.push({
          code: 'spec/unknown-rule',
          path: [...base, 'type'].join('.'),
          message: `unknown rule type ${quoteWord(rule.type) ?? '(the value is not shown)'}${guess ? `; did you mean "${guess}"?` : ''}`,
          params: { value: quoteWord(rule.type) ?? '', guess: guess ?? '' },
          hint: `known types: ${ruleSchemas.map((r) => r.type).join(', ') || '(none registered)'}`,
          ...lineProp(lineOf([...base, 'type'])),
        });
        return;
      }
      const { type: _type, when, expectInvalid: _expect, ...options } = rule;
      if (when && !Object.hasOwn(spec.columns, when.column)) {
        issues.push({ code: 'spec/unknown-column', path: [...base, 'when', 'column'].join('.'), params: { name: quoteColumn(when.column) ?? '' }, message: `condition column ${quoteColumn(when.column) ?? '(the name is not shown)'} is not a column of the spec`, ...lineProp(lineOf([...base, 'when', 'column'])) });
      }
      if (typeof options.key === 'string' && !(spec.keys && Object.hasOwn(spec.keys, options.key))) {
        // `key: default` names an entry of `keys:`; resolved when the run starts.
        // A key pasted in place of a name is never repeated: not here, not in --json.
        if (looksLikeKey(options.key)) issues.push({ code: 'spec/inline-key', path: [...base, 'key'].join('.'), message: 'key: holds what looks like a key itself, not the name of an entry under keys:; the value is not shown', hint: 'treat the key as exposed and make a new one; put it in an environment variable or a chmod-600 key file and write key: { env: NAME } or key: { file: path }', ...lineProp(lineOf([...base, 'key'])) });
        else {
          const named = quoteWord(options.key);
          issues.push({ code: 'spec/unknown-key', path: [...base, 'key'].join('.'), params: { name: named ?? '' }, message: named ? `no key named ${named} under keys:` : 'no key of the name written here under keys: (the name is not shown)', hint: `add keys: { ${named ? options.key : '<that name>'}: { env: TUOMIN_KEY } }`, ...lineProp(lineOf([...base, 'key'])) });
        }
      }
      if (options.key !== null && typeof options.key === 'object') {
        // key: { value: <the key> }, { hex: … }: a key pasted under a made-up field is as exposed as key: <the key>.
        for (const [k, v] of Object.entries(options.key as Record<string, unknown>)) {
          if (k === 'env' || k === 'file' || typeof v !== 'string' || !looksLikeKey(v)) continue;
          issues.push({ code: 'spec/inline-key', path: [...base, 'key', k].join('.'), message: `key.${quoteWord(k) ?? '…'} holds what looks like a key itself; a spec names where a key is kept, never the key; the value is not shown`, hint: 'treat the key as exposed and make a new one; put it in an environment variable or a chmod-600 key file and write key: { env: NAME } or key: { file: path }', ...lineProp(lineOf([...base, 'key', k])) });
        }
      }
      const keyed = resolveRuleKey(rule.type, def.options, options, spec.keys);
      const r = def.options.safeParse(placeholderRuleFiles(keyed), { reportInput: true });
      if (!r.success) for (const i of r.error.issues) issues.push(zodIssue(i, base, lineOf));
    });
  }
  issues.push(...lintSpec(spec).map((i) => ({ ...i, ...lineProp(lineOf(i.path.split('.'))) })));
  if (issues.length) throw new SpecError(file, issues);
  return spec;
}

const MAX_ALIAS_COUNT = 100;
const MAX_SPEC_DEPTH = 64;
const TOO_DEEP = `the spec is nested deeper than ${MAX_SPEC_DEPTH} levels; a dataset spec needs fewer than 10`;

/**
 * Keys that JavaScript objects treat specially, and nesting depth, checked on the YAML nodes
 * (iteratively, aliases not expanded) before anything is converted. `__proto__` as a key would
 * set the prototype of the object it is in, so a column or rule option of that name would
 * silently vanish: refused, never ignored.
 */
function checkShape(doc: Document, lc: LineCounter): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const stack: Array<{ node: unknown; path: string[] }> = [{ node: doc.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (path.length > MAX_SPEC_DEPTH) {
      issues.push({ code: 'spec/syntax', path: path.slice(0, 3).join('.') + '…', message: TOO_DEEP, ...lineProp(lineAt(node, lc)) });
      break;
    }
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
        if (key === '__proto__') {
          issues.push({
            code: 'spec/reserved-key', path: [...path, key].join('.'), message: 'a key named "__proto__" cannot be used (JavaScript would read it as the object\'s prototype and drop it)',
            hint: path[0] === 'columns' && path.length === 1 ? 'a source column named __proto__ cannot be described: rename it in the source, or leave it out with unlistedColumns: drop' : 'remove this key',
            ...lineProp(lineAt(pair.key, lc)),
          });
        }
        stack.push({ node: pair.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => stack.push({ node: item, path: [...path, String(i)] }));
    }
  }
  return issues;
}

function lineAt(node: unknown, lc: LineCounter): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}

/**
 * The spec with `columns` and `keys` as objects without a prototype: a source column named
 * `constructor` or `toString` must not be found in them unless the spec describes it.
 */
function withOwnKeysOnly(spec: Spec): Spec {
  const own = <T extends object>(o: T): T => Object.assign(Object.create(null) as T, o);
  return { ...spec, columns: own(spec.columns), ...(spec.keys ? { keys: own(spec.keys) } : {}) };
}

function lineProp(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

function zodIssue(issue: z.core.$ZodIssue, base: PropertyKey[], lineOf: (p: PropertyKey[]) => number | undefined): SpecIssue {
  const full = [...base, ...issue.path];
  const path = full.map(String).join('.');
  const last = String(issue.path[issue.path.length - 1] ?? base[base.length - 1] ?? '');
  let message = issue.message;
  let hint: string | undefined;
  let params: SpecIssue['params'];
  if (issue.code === 'invalid_value' && 'values' in issue) {
    const values = (issue.values as unknown[]).map(String);
    const input = (issue as { input?: unknown }).input;
    const guess = typeof input === 'string' ? (last === 'updateFrequency' ? FREQUENCY_ZH.get(input.trim()) : undefined) ?? closest(input, values) : undefined;
    // A missing value is not an unknown one (the fuzzer found "unknown kind undefined").
    message = input === undefined ? `missing required ${last}` : `unknown ${last} ${quoteWord(input) ?? '(the value is not shown)'}${guess ? `; did you mean "${guess}"?` : ''}`;
    hint = `expected one of: ${values.join(', ')}`;
    params = { kind: input === undefined ? 'missing' : 'unknown-value', name: last, value: quoteWord(input) ?? '', guess: guess ?? '', choices: values.join(', ') };
  } else if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    message = `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => quoteWord(k) ?? '(the key is not shown)').join(', ')}`;
    const shape = knownKeysAt(full);
    const guesses = keys.map((k) => closest(k, shape)).filter(Boolean);
    if (guesses.length) hint = `did you mean ${guesses.map((g) => `"${g}"`).join(', ')}?`;
    else if (shape.length) hint = `allowed keys: ${shape.join(', ')}`;
    params = { kind: 'unknown-keys', keys: keys.map((k) => quoteWord(k) ?? '').filter(Boolean).join(', '), guesses: guesses.map((g) => `"${g}"`).join(', '), allowed: guesses.length ? '' : shape.join(', ') };
  } else if (issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined) {
    message = `missing required ${last || 'value'} (expected ${(issue as { expected: string }).expected})`;
    params = { kind: 'missing', name: last || 'value', expected: (issue as { expected: string }).expected };
  } else if (issue.code === 'invalid_type' && (issue as { expected: string }).expected === 'object' && knownKeysAt(full).length) {
    // zod says "expected object, received string": say which keys the mapping takes.
    const keys = knownKeysAt(full);
    message = `${last || 'this'} is a mapping of ${keys.join(', ')}, not a single ${typeof (issue as { input?: unknown }).input === 'string' ? 'text' : 'value'}`;
    hint = `write ${last}: { ${keys.map((k) => `${k}: …`).join(', ')} }`;
    params = { kind: 'expected-mapping', name: last, keys: keys.join(', ') };
  } else {
    // The other codes (a bound, a type, a format) by code and figures, as a rule's options are
    // worded; the message stays zod's (it names no value).
    const { english: _, ...figures } = optionsIssue(issue);
    params = { kind: 'zod', ...Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v as string | number])) };
  }
  return { code: 'spec/invalid', path, message, ...(hint ? { hint } : {}), ...(params ? { params } : {}), ...lineProp(lineOf(full)) };
}

/** Keys allowed by the spec schema at a path, for did-you-mean on misspelt keys. */
function knownKeysAt(path: PropertyKey[]): string[] {
  let s: unknown = specSchema;
  for (const p of path) {
    const def = (s as { def?: { type?: string; shape?: Record<string, unknown>; valueType?: unknown; innerType?: unknown; options?: unknown[]; element?: unknown } }).def;
    if (!def) return [];
    s = unwrap(s);
    const d = (s as { def: { type: string; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown; options?: unknown[] } }).def;
    if (d.type === 'object' && d.shape) s = d.shape[String(p)];
    else if (d.type === 'record') s = d.valueType;
    else if (d.type === 'array') s = d.element;
    else return [];
    if (!s) return [];
  }
  s = unwrap(s);
  const d = (s as { def?: { type: string; shape?: Record<string, unknown> } }).def;
  return d?.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

function unwrap(s: unknown): unknown {
  for (let i = 0; i < 10; i++) {
    const d = (s as { def?: { type: string; innerType?: unknown; options?: unknown[]; in?: unknown } }).def;
    if (!d) return s;
    if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault') s = d.innerType;
    else if (d.type === 'pipe') s = d.in;
    else if (d.type === 'union') s = d.options?.[0];
    else return s;
  }
  return s;
}

function nodeLine(doc: Document, lc: LineCounter, path: PropertyKey[]): number | undefined {
  // Walk down as far as the path exists; report the deepest node found.
  let node: unknown = doc.contents;
  let found: YamlNode | undefined = node as YamlNode;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((it) => String((it.key as { value?: unknown })?.value ?? it.key) === String(key));
      if (!pair) break;
      found = (pair.key as YamlNode) ?? found;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)];
      if (item === undefined) break;
      node = item;
      found = item as YamlNode;
    } else break;
  }
  const range = (found as { range?: [number, number, number] } | undefined)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}
