/** pnpm gen-docs: regenerate docs/spec.md, docs/spec.schema.json and docs/rules.md. */
import { writeFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rulesReferenceMarkdown, specJsonSchema, specReferenceMarkdown } from './reference.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'docs');
await writeFile(join(docs, 'spec.md'), specReferenceMarkdown());
await writeFile(join(docs, 'spec.schema.json'), `${JSON.stringify(specJsonSchema(), null, 2)}\n`);
await writeFile(join(docs, 'rules.md'), rulesReferenceMarkdown());
console.log(`wrote ${docs}/spec.md, spec.schema.json, rules.md`);
