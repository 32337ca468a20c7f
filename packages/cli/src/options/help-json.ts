import { lang, localize, t } from '../messages/index.js';
import type { AnyOption, VerbSpec } from './table.js';
import { argName } from './help.js';
import { localSynopsis } from './synopsis.js';

/** Help text wrapped for an 80-column terminal as one line: English lines join with a space, Chinese ones without. */
export function unwrap(text: string): string {
  return text.replace(/\s*\n\s*/g, (gap, at: number) => (CJK.test(text[at - 1] ?? '') || CJK.test(text[at + gap.length] ?? '') ? '' : ' ')).trim();
}

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

/** Prose unwrapped; text laid out in columns (release's list of actions, a YAML example) kept as it is. */
function prose(text: string): string {
  return /^ {2}|\S {2,}\S/m.test(text) ? text : unwrap(text);
}

export interface ExitCode {
  code: number;
  meaning: string;
}

/**
 * The exit codes of a help text (`Exit codes: 0 ok, 1 bad input, 2 usage error.`), as a list. The
 * text in the verb's table is the one description; this reads it rather than keeping a second
 * list that could drift. A part that does not start with a code is kept with the code before it
 * (`1 bad input, spec or a rule failing` is one meaning).
 */
export function exitCodeList(text: string): ExitCode[] {
  const body = unwrap(text).replace(/^[^:：]*[:：]\s*/, '').replace(/[.。]$/, '');
  return body.split(/\s*[,，;；]\s*(?=\d+\s)/).map((part) => {
    const m = /^(\d+)\s+([\s\S]*)$/.exec(part);
    if (!m) throw new Error(`exit codes text does not start with a code: ${JSON.stringify(part)}`);
    return { code: Number(m[1]), meaning: m[2]! };
  });
}

export interface OptionJson {
  name: string;
  arg?: string;
  description: string;
  /** The default value when it is a plain JSON value (a number, a word). */
  default?: string | number | boolean;
  /** The default as the help words it (`detected`, `next after the latest in the ledger`). */
  defaultText?: string;
  repeatable?: true;
  aliases?: string[];
  group?: string;
}

function optionJson(name: string, o: AnyOption): OptionJson {
  const out: OptionJson = { name: `--${name}`, description: prose(localize(o.help)) };
  if (o.type === 'string') {
    if (o.arg !== undefined) out.arg = argName(o);
    const d: unknown = o.default;
    if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') out.default = d;
    const shown = o.defaultText ? localize(o.defaultText) : d !== undefined ? String(d) : undefined;
    if (shown !== undefined) out.defaultText = unwrap(shown);
    if (o.multiple) out.repeatable = true;
  }
  if (o.aliases?.length) out.aliases = o.aliases.map((a) => `--${a}`);
  if (o.group) out.group = unwrap(localize(o.group)).replace(/[:：]$/, '');
  return out;
}

/** The options every verb takes (options/parse.ts COMMON_OPTIONS), as the help describes them. */
export function commonOptionsJson(): OptionJson[] {
  return [
    { name: '--json', description: t('help.opt.json') },
    { name: '--lang', arg: 'zh|en', description: t('help.opt.lang') },
    { name: '--help', aliases: ['-h'], description: t('help.opt.help') },
  ];
}

/** `tuomin <verb> --help --json`: the help page as data, in the current language. */
export function verbHelpJson(spec: VerbSpec): Record<string, unknown> {
  return {
    ok: true,
    command: spec.name,
    lang: lang(),
    synopsis: `tuomin ${spec.name} ${localSynopsis(spec.synopsis, spec.options)}`,
    description: prose(localize(spec.about)),
    options: Object.entries(spec.options).map(([name, o]) => optionJson(name, o)),
    commonOptions: commonOptionsJson(),
    exitCodes: exitCodeList(localize(spec.exitCodes)),
  };
}
