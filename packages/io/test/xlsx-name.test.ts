import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Utf8, makeTable, vectorFromArray } from 'apache-arrow';
import type { Table } from 'apache-arrow';
import { TuominError } from '@tuomin/core';
import { writeXlsx } from '../src/xlsx/write.js';

describe('XLSX cell errors', () => {
  it('name the published file (option name), not the staging copy, and suggest only real fixes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tuomin-xlsx-name-'));
    try {
      const t = (makeTable as unknown as (c: object) => Table)({ note: vectorFromArray(['ok', 'bad\u0001'], new Utf8()) } as never);
      const staging = join(dir, '.staging-123', 'data', 'ds.xlsx');
      const err = await writeXlsx(staging, t.schema, (async function* () { yield* t.batches; })(), { name: 'ds/1.0.0/data/ds.xlsx' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TuominError);
      expect((err as TuominError).location.file).toBe('ds/1.0.0/data/ds.xlsx');
      expect((err as Error).message).not.toContain('.staging');
      expect((err as Error).message).not.toMatch(/replace or redact/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
