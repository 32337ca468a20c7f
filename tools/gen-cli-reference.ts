/** Part of `pnpm gen-docs`: docs/cli-reference.md and docs/zh-CN/cli-reference.md from the CLI's option tables. */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verbSpecs } from '../packages/cli/src/options/verbs.js';
import { cliReferenceMarkdown } from '../packages/cli/src/options/reference.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs');
const verbs = await verbSpecs();
await writeFile(join(docs, 'cli-reference.md'), cliReferenceMarkdown(verbs, 'en'));
await writeFile(join(docs, 'zh-CN', 'cli-reference.md'), cliReferenceMarkdown(verbs, 'zh'));
console.log(`wrote ${docs}/cli-reference.md, zh-CN/cli-reference.md`);
