import { lang } from '../messages/index.js';
import type { OptionTable } from './table.js';

/**
 * The synopsis words in Chinese. A verb's synopsis is written once, in English, in its table; in
 * Chinese help only the words naming what the user gives (`<file>`, `[options]`) are translated,
 * here, and the names of option values (`--head N` → `--head 行数`), from each option's `arg`:
 * option names, literal choices (`table|markdown|json`) and examples (`spec.yaml`, `--k 5`) stay
 * as typed. A word missing here stays English; packages/cli/test's cli-json-help test fails then,
 * naming it.
 */
const ZH_WORDS: Record<string, string> = {
  file: '文件',
  folder: '文件夹',
  dir: '目录',
  in: '输入',
  out: '输出',
  version: '版本',
  'dataset-folder': '数据集文件夹',
  'package folder': '数据包文件夹',
  options: '选项',
  'reader options': '读取选项',
};

/** One alternative of a placeholder (`file...`, `package folder`), translated when it is a word. */
function word(alt: string): string {
  const m = /^(\s*)([a-z][a-z -]*?)(\.\.\.)?(\s*)$/.exec(alt);
  if (!m) return alt;
  const zh = ZH_WORDS[m[2]!];
  return zh === undefined ? alt : `${m[1]}${zh}${m[3] ?? ''}${m[4]}`;
}

/**
 * The synopsis in the current language: `<file...> --qi a,b,c [options]` → `<文件...> --qi 列1,列2,列3 [选项]`.
 * An option's value name comes from its table entry (`--head N` → `--head 行数`), as in the option list.
 */
export function localSynopsis(synopsis: string, options: OptionTable = {}): string {
  if (lang() !== 'zh') return synopsis;
  let out = synopsis;
  for (const [name, o] of Object.entries(options)) {
    if (typeof o.arg !== 'object') continue;
    const { en, zh } = o.arg;
    const pattern = new RegExp(`(--${name} )${en.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s\\]]|$)`, 'g');
    out = out.replace(pattern, (_, flag: string) => `${flag}${zh}`);
  }
  return out
    .replace(/<([^<>]+)>/g, (_, inner: string) => `<${inner.split('|').map(word).join('|')}>`)
    .replace(/\[([a-z][a-z ]*)\]/g, (all, inner: string) => (ZH_WORDS[inner] === undefined ? all : `[${ZH_WORDS[inner]}]`));
}

