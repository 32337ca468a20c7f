import { lang, localize, t } from '../messages/index.js';
import type { AnyOption, VerbSpec } from './table.js';
import { localSynopsis } from './synopsis.js';

/** The name of an option's value in the current language (`N`, `线程数`). */
export function argName(o: AnyOption): string {
  return o.arg === undefined ? 'X' : typeof o.arg === 'string' ? o.arg : localize(o.arg);
}

/** `--name ARG` (with aliases) and the option's help with its default, as the help page shows it. */
export function optionLine(name: string, o: AnyOption): [string, string] {
  const head = `--${name}${o.type === 'string' ? ` ${argName(o)}` : ''}`;
  const notes: string[] = [];
  if (o.type === 'string') {
    const d = o.defaultText ? localize(o.defaultText) : o.default !== undefined ? String(o.default) : undefined;
    if (d !== undefined) notes.push(t('help.default', { value: d }));
    if (o.multiple) notes.push(t('help.repeatable'));
  }
  if (o.aliases?.length) notes.push(t('help.alias', { names: o.aliases.map((a) => `--${a}`).join(', ') }));
  const sep = lang() === 'zh' ? ['（', '；', '）'] : [' (', '; ', ')'];
  return [head, `${localize(o.help)}${notes.length ? `${sep[0]}${notes.join(sep[1])}${sep[2]}` : ''}`];
}

/** Terminal columns of a text: a Chinese character or full-width form takes two (`--workers 线程数` is 15, not 12). */
function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return n;
}

/** The verb's help page, in the current language, from its table. */
export function helpText(spec: VerbSpec): string {
  const rows: Array<[string, string] | string> = [];
  for (const [name, o] of Object.entries(spec.options)) {
    if (o.group) rows.push(localize(o.group));
    rows.push(optionLine(name, o));
  }
  rows.push(t('help.common'), ['--json', t('help.opt.json')], ['--lang zh|en', t('help.opt.lang')], ['-h, --help', t('help.opt.help')]);
  const width = Math.min(26, Math.max(...rows.map((r) => (typeof r === 'string' ? 0 : columns(r[0]))))) + 2;
  const lines = rows.map((r) => {
    if (typeof r === 'string') return r;
    const [head, help] = r;
    const text = help.split('\n').join(`\n  ${' '.repeat(width)}`);
    return columns(head) > width ? `  ${head}\n  ${' '.repeat(width)}${text}` : `  ${head}${' '.repeat(width - columns(head))}${text}`;
  });
  const usage = lang() === 'zh' ? '用法：' : 'Usage: ';
  // A synopsis of several lines (release) indents them under the first `tuomin`: 用法： is 6 columns wide, Usage: 7.
  const synopsis = lang() === 'zh' ? localSynopsis(spec.synopsis, spec.options).replace(/\n {7}/g, '\n      ') : spec.synopsis;
  return [`${usage}tuomin ${spec.name} ${synopsis}`, '', localize(spec.about), '', t('help.options'), ...lines, localize(spec.exitCodes)].join('\n');
}
