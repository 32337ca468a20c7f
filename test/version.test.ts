import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../packages/cli/src/main.js';
import { TOOL_VERSION } from '../packages/publish/src/run/run.js';
import { capture } from '../packages/cli/test/capture.js';

const version = (pkg: string) => (JSON.parse(readFileSync(new URL(`../packages/${pkg}/package.json`, import.meta.url), 'utf8')) as { version: string }).version;

// The version is written in package.json alone: `tuomin --version` reads the CLI's, a release's
// provenance records publish's (TOOL_VERSION). The packages are versioned together.
describe('one version', () => {
  it('the four packages agree, and so do tuomin --version and the provenance', async () => {
    const v = version('cli');
    expect(['core', 'io', 'publish'].map(version)).toEqual([v, v, v]);
    expect(TOOL_VERSION).toBe(v);
    const io = capture('/', {});
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out()).toBe(`${v}\n`);
  });
});
