/**
 * The language of the CLI's own messages, help and hints: Chinese when `--lang zh` is given or the
 * locale says so (LC_ALL, then LC_MESSAGES, then LANG: the first one set wins, as in POSIX),
 * English otherwise. Set once per command by main(). Library errors and review reasons keep their
 * stable code in front in both languages (the code is what scripts and search engines match).
 */
export type Lang = 'en' | 'zh';
export type Text = { en: string; zh: string };

let current: Lang = 'en';

export function setLang(lang: Lang): void {
  current = lang;
}

export function lang(): Lang {
  return current;
}

/** `--lang zh`, `--lang=en` anywhere before a `--` terminator, else the locale variables. */
export function chooseLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    const v = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice(7) : undefined;
    if (v !== undefined) return v.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  // GNU gettext's rule, which git, coreutils and apt follow: LANGUAGE (a list, `zh_CN:en`) picks the
  // messages' language before the locale does, except under the C locale (or none), where it is
  // ignored. Its first entry in a language we have decides (`fr:zh` is Chinese).
  if (env.LANGUAGE && locale !== undefined && !/^(c|posix)([._@]|$)/i.test(locale)) {
    for (const entry of env.LANGUAGE.split(':')) {
      const l = entry.toLowerCase();
      if (l.startsWith('zh')) return 'zh';
      if (l.startsWith('en')) return 'en';
    }
  }
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The text in the current language, with `{name}` placeholders filled in. */
export function localize(text: Text, params: Record<string, string | number> = {}): string {
  return text[current].replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
