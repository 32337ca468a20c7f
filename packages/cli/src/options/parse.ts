import { parseArgs } from 'node:util';
import { closest, t } from '../messages/index.js';
import { UsageError } from '../usage.js';
import { OptionValueError, type AnyOption, type OptionTable, type OptionValues, type VerbSpec } from './table.js';

/** Options every verb takes; main() reads --lang before the verb runs, --help before it loads. */
export const COMMON_OPTIONS = ['json', 'lang', 'help'] as const;

/** The verb's option names and aliases, each mapped to its table entry's name. */
function spellings(options: OptionTable): Map<string, string> {
  const m = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) {
    m.set(name, name);
    for (const a of o.aliases ?? []) m.set(a, name);
  }
  return m;
}

function usageFail(spec: VerbSpec, why: string, hint?: string): never {
  throw new UsageError(why, spec.name, undefined, hint ?? t('usage.seeHelp', { cmd: `tuomin ${spec.name}` }));
}

/**
 * Parse argv against the verb's table: unknown options get a did-you-mean, a missing value or a
 * value given to a switch is refused by name (never Node's raw parseArgs text), then each value
 * is parsed and checked by its table entry and defaults filled in.
 */
export function parseVerb<T extends OptionTable>(spec: VerbSpec<T>, argv: string[]): { values: OptionValues<T>; positionals: string[] } {
  const names = spellings(spec.options);
  const kind = (n: string): AnyOption['type'] | undefined => {
    if (n === 'json' || n === 'help') return 'boolean';
    if (n === 'lang') return 'string';
    const entry = names.get(n);
    return entry === undefined ? undefined : spec.options[entry]!.type;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '-h') continue;
    if (!a.startsWith('-') || a === '-' || /^-\d/.test(a)) continue;
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq < 0 ? undefined : eq) : a.slice(1);
    const flag = `--${name}`;
    const type = a.startsWith('--') ? kind(name) : undefined;
    if (type === undefined) {
      const known = [...names.keys(), ...COMMON_OPTIONS];
      const near = closest(name, known);
      usageFail(spec, t('usage.unknownOption', { flag: a.startsWith('--') ? flag : a }), near ? `${t('usage.didYouMean', { name: `--${near}` })} ${t('usage.seeHelp', { cmd: `tuomin ${spec.name}` })}` : undefined);
    }
    if (type === 'boolean' && eq >= 0) usageFail(spec, t('usage.noValue', { flag }));
    if (type === 'string' && eq < 0) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next)) || next === '--') {
        usageFail(spec, t('usage.missingValue', { flag }), t('usage.missingValueHint', { flag }));
      }
      i++;
    }
  }
  const config: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { json: { type: 'boolean' }, help: { type: 'boolean' }, lang: { type: 'string' } };
  for (const [spelled, entry] of names) {
    const o = spec.options[entry]!;
    config[spelled] = { type: o.type, ...(o.type === 'string' && o.multiple ? { multiple: true } : {}) };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    // Not strict: unknown options and missing values were refused above, by name; strict mode
    // would also call `--k -1` ambiguous instead of letting its range check refuse -1.
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: false, options: config });
  } catch (err) {
    usageFail(spec, t('usage.badArgs', { why: (err as Error).message.replace(/\s*\n\s*/g, ' ') }));
  }
  const language = parsed.values.lang;
  if (language !== undefined && language !== 'zh' && language !== 'en') usageFail(spec, t('usage.oneOf', { flag: '--lang', choices: 'zh, en', value: JSON.stringify(language) }));
  const values: Record<string, unknown> = { json: parsed.values.json === true };
  for (const [name, o] of Object.entries(spec.options)) {
    const given = [name, ...(o.aliases ?? [])].flatMap((s) => {
      const v = parsed.values[s];
      return v === undefined ? [] : Array.isArray(v) ? v : [v];
    });
    if (o.type === 'boolean') {
      values[name] = given.some((v) => v === true);
      continue;
    }
    try {
      if (o.multiple) values[name] = given.length ? given.map((v) => o.parse(String(v), `--${name}`)) : undefined;
      else values[name] = given.length ? o.parse(String(given[given.length - 1]), `--${name}`) : o.default;
    } catch (err) {
      if (err instanceof OptionValueError) usageFail(spec, err.message);
      throw err;
    }
  }
  return { values: values as OptionValues<T>, positionals: parsed.positionals };
}

/** A wrong number of positional arguments: `what` says what was expected. */
export function expectArgs(spec: VerbSpec, positionals: string[], count: number | [number, number], what: string): void {
  const [min, max] = typeof count === 'number' ? [count, count] : count;
  if (positionals.length < min || positionals.length > max) usageFail(spec, t('usage.args', { what }));
}

/** A usage error of the verb found after parsing (a combination of options, a value's meaning). */
export function verbUsageError(spec: VerbSpec, why: string, hint?: string): never {
  return usageFail(spec, why, hint);
}
