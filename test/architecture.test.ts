import { describe, expect, it } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Dependencies point one way: cli → publish → io → core → apache-arrow (STYLE.md). */
const ALLOWED: Record<string, string[]> = {
  core: [],
  io: ['@tuomin/core'],
  publish: ['@tuomin/core', '@tuomin/io'],
  cli: ['@tuomin/core', '@tuomin/io', '@tuomin/publish'],
};

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

async function exportedSubpaths(name: string): Promise<Set<string>> {
  const pkg = JSON.parse(await readFile(join('packages', name.slice('@tuomin/'.length), 'package.json'), 'utf8')) as { exports?: Record<string, unknown> };
  return new Set(Object.keys(pkg.exports ?? {}));
}

function imports(text: string): string[] {
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n]*?from\s+['"]([^'"]+)['"]/g), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
}

describe('architecture', () => {
  for (const [pkg, allowed] of Object.entries(ALLOWED)) {
    it(`${pkg} imports only ${allowed.join(', ') || 'no other tuomin package'}`, async () => {
      const bad: string[] = [];
      for (const f of await sources(join('packages', pkg, 'src'))) {
        for (const spec of imports(await readFile(f, 'utf8'))) {
          if (!spec.startsWith('@tuomin/')) continue;
          const name = spec.split('/').slice(0, 2).join('/');
          // A package may name itself (its own package.json, through its exports map).
          if (!allowed.includes(name) && name !== `@tuomin/${pkg}`) bad.push(`${f}: ${spec}`);
          // A subpath is fine only where the package's exports map declares it (./internal, ./bench…).
          else if (!(await exportedSubpaths(name)).has(`.${spec.slice(name.length)}`)) bad.push(`${f}: deep import ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
  it('core knows nothing about files, processes or the environment', async () => {
    const bad: string[] = [];
    for (const f of await sources('packages/core/src')) {
      const text = await readFile(f, 'utf8');
      for (const spec of imports(text)) if (/^(node:)?(fs|fs\/promises|child_process|path)$/.test(spec)) bad.push(`${f}: ${spec}`);
      if (/process\.env/.test(text)) bad.push(`${f}: process.env`);
    }
    expect(bad).toEqual([]);
  });
});
