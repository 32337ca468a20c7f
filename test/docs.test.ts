import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { rulesReferenceMarkdown, specJsonSchema, specReferenceMarkdown } from '@tuomin/publish';

// The references in docs/ are generated from the zod schemas; this fails when they drift.
// Fix: pnpm gen-docs
describe('generated docs are current', () => {
  it('docs/spec.md', async () => {
    expect(await readFile('docs/spec.md', 'utf8')).toBe(specReferenceMarkdown());
  });
  it('docs/spec.schema.json', async () => {
    expect(JSON.parse(await readFile('docs/spec.schema.json', 'utf8'))).toEqual(specJsonSchema());
  });
  it('docs/rules.md', async () => {
    expect(await readFile('docs/rules.md', 'utf8')).toBe(rulesReferenceMarkdown());
  });
});
