import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verbSpecs } from '../src/options/verbs.js';
import { cliReferenceMarkdown } from '../src/options/reference.js';
import { helpText } from '../src/options/help.js';
import { setLang } from '../src/messages/index.js';

const doc = (path: string) => readFileSync(new URL(`../../../docs/${path}`, import.meta.url), 'utf8');

describe('the CLI reference is generated from the option tables', () => {
  it.each([['cli-reference.md', 'en'], ['zh-CN/cli-reference.md', 'zh']] as const)('docs/%s matches (run pnpm gen-docs after changing an option)', async (path, lang) => {
    expect(doc(path)).toBe(cliReferenceMarkdown(await verbSpecs(), lang));
  });

  it('every option of every verb is in the reference and in its help page', async () => {
    const en = doc('cli-reference.md');
    for (const v of await verbSpecs()) {
      setLang('en');
      const help = helpText(v);
      for (const name of Object.keys(v.options)) {
        expect(help, `${v.name} --${name}`).toContain(`--${name}`);
        expect(en, `${v.name} --${name}`).toContain(`\`--${name}`);
      }
    }
  });
});
