import { localize, setLang, lang, type Lang } from '../messages/index.js';
import { optionLine } from './help.js';
import { localSynopsis } from './synopsis.js';
import type { VerbSpec } from './table.js';

const HEAD: Record<Lang, { title: string; intro: string; cols: string; common: string; generated: string }> = {
  en: {
    title: '# `tuomin` command reference',
    intro: 'Every command, its options, defaults and exit codes, generated from the option tables in `packages/cli/src/commands/` (`pnpm gen-docs`; test `packages/cli/test/reference.test.ts` fails when this file drifts). The guide is [cli.md](cli.md). Every command also takes `--json` (exactly one JSON object on stdout, also on errors), `--lang zh|en` and `--help`.',
    cols: '| option | meaning |',
    common: 'Exit codes',
    generated: '<!-- generated from the option tables: do not edit -->',
  },
  zh: {
    title: '# `tuomin` 命令参考',
    intro: '所有命令及其选项、默认值和退出码，由 `packages/cli/src/commands/` 中的选项表生成（`pnpm gen-docs`；本文件与选项表不一致时，测试 `packages/cli/test/reference.test.ts` 会失败）。使用说明见[快速入门](quickstart.md)。每条命令还接受 `--json`（在标准输出只打印一个 JSON 对象，出错时也一样）、`--lang zh|en` 和 `--help`。提示语言随 `LANG` 而定（以 `zh` 开头为中文），也可用 `--lang zh` 指定。',
    cols: '| 选项 | 说明 |',
    common: '退出码',
    generated: '<!-- 由选项表生成，请勿手工修改 -->',
  },
};

/** Wrapped help text as one paragraph; text laid out in columns (a list, a YAML example) as a block. */
function paragraph(text: string): string {
  if (/^ {2}|\S {2,}\S/m.test(text)) return `\`\`\`text\n${text}\n\`\`\``;
  // Chinese lines join without a space; English ones with one.
  return text.replace(/([^\n])\n(?=(.))/g, (_, a: string, b: string) => (CJK.test(a) || CJK.test(b) ? a : `${a} `));
}

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The CLI reference in one language, from the verbs' tables. */
export function cliReferenceMarkdown(verbs: readonly VerbSpec[], language: Lang): string {
  const before = lang();
  setLang(language);
  try {
    const h = HEAD[language];
    const out = [h.generated, '', h.title, '', h.intro, ''];
    for (const v of verbs) {
      out.push(`## ${v.name}`, '', '```', `tuomin ${v.name} ${localSynopsis(v.synopsis, v.options)}`, '```', '', paragraph(localize(v.about)), '');
      out.push(h.cols, '|---|---|');
      for (const [name, o] of Object.entries(v.options)) {
        const [head, help] = optionLine(name, o);
        out.push(`| \`${cell(head)}\` | ${cell(help)} |`);
      }
      out.push('', localize(v.exitCodes).replace(/\s*\n\s*/g, ' '), '');
    }
    return `${out.join('\n').trimEnd()}\n`;
  } finally {
    setLang(before);
  }
}
