import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MASK_PRESETS, maskOptions, suppressRowsOptions } from '../src/index.js';

const doc = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../docs/transforms-mask.md'), 'utf8');

describe('docs/transforms-mask.md matches the option schemas', () => {
  it('documents every mask option and preset', () => {
    for (const key of Object.keys(maskOptions.shape)) expect(doc, key).toContain(`| \`${key}\` |`);
    for (const p of MASK_PRESETS) expect(doc, p).toContain(`| \`${p}\` |`);
    for (const m of ['mask-all', 'keep', 'null', 'error']) expect(doc).toContain(`\`${m}\``);
  });
  it('documents the suppress options and predicate tests', () => {
    for (const key of Object.keys(suppressRowsOptions.shape)) expect(doc, key).toContain(`\`${key}\``);
    for (const t of ['equals', 'in', 'matches', 'isNull', 'lt', 'all', 'any', 'not']) expect(doc, t).toContain(t);
  });
  it('carries the residual-risk warning', () => {
    expect(doc).toContain('370000********1234');
    expect(doc).toMatch(/county[\s\S]*sex[\s\S]*check digit/);
    expect(doc).toContain('surname');
  });
});
