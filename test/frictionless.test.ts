/**
 * datapackage.json validated by a JSON Schema validator (Ajv, draft-04) against the vendored
 * Frictionless v1 profiles (test/vendor/frictionless-v1/README.md says why v1), for a package of
 * each bundled fixture spec that publishes without a key.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.js';

// ajv-draft-04 is CommonJS: its default export arrives as the module object under NodeNext.
const Ajv = ((AjvDraft04 as unknown as { default?: typeof AjvDraft04 }).default ?? AjvDraft04) as unknown as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };

const vendor = join(import.meta.dirname, 'vendor/frictionless-v1');
const ajv = new Ajv({ allErrors: true, strict: false });
const dataPackage = ajv.compile(JSON.parse(readFileSync(join(vendor, 'data-package.json'), 'utf8')));
const tabularResource = ajv.compile(JSON.parse(readFileSync(join(vendor, 'tabular-data-resource.json'), 'utf8')));

async function publish(spec: string): Promise<Record<string, unknown>> {
  const out = mkdtempSync(join(tmpdir(), 'tuomin-frictionless-'));
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void) => new Writable({ write(chunk, _e, cb) { f(String(chunk)); cb(); } });
  const code = await main(['run', spec, '--out', out, '--json'], { stdout: sink((s) => { stdout += s; }), stderr: sink((s) => { stderr += s; }), cwd: process.cwd(), env: {} });
  expect(code, stderr).toBe(0);
  const dir = JSON.parse(stdout).packageDir as string;
  return JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8')) as Record<string, unknown>;
}

/** The v2 → v1 spelling of a tabular resource; nothing else is changed. */
function asV1Resource(r: Record<string, unknown>): Record<string, unknown> {
  const { type, ...rest } = r;
  expect(type).toBe('table');
  return { ...rest, profile: 'tabular-data-resource' };
}

describe('datapackage.json against the Frictionless JSON Schemas', () => {
  for (const spec of ['fixtures/specs/penalties.yaml', 'fixtures/specs/enterprises.yaml']) {
    it(spec, async () => {
      const dp = await publish(spec);
      expect(dataPackage(dp) ? [] : dataPackage.errors).toEqual([]);
      const resources = dp.resources as Array<Record<string, unknown>>;
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) {
        const v1 = asV1Resource(r);
        expect(tabularResource(v1) ? [] : tabularResource.errors, String(r.name)).toEqual([]);
      }
    });
  }

  it('the validator is not a rubber stamp: broken descriptors fail', async () => {
    const dp = await publish('fixtures/specs/penalties.yaml');
    const r = asV1Resource((dp.resources as Array<Record<string, unknown>>)[0]!);
    expect(dataPackage({ ...dp, resources: [] })).toBe(false);
    expect(dataPackage({ ...dp, name: 'Not A Slug' })).toBe(false);
    expect(tabularResource({ ...r, schema: { fields: [{ name: 'x', type: 'no-such-type' }] } })).toBe(false);
    expect(tabularResource({ ...r, hash: 'sha256:not-hex' })).toBe(false);
  });
});
