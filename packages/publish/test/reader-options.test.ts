import { describe, expect, it } from 'vitest';
import { readerOptions } from '../src/run/reader-options.js';
import type { Spec } from '../src/spec/schema.js';

const source = (extra: Partial<Spec['source']>): Spec['source'] => ({ path: 'in.csv', acquiredAt: '2026-11-20', ...extra }) as Spec['source'];

describe('readerOptions: the one translation from source: to the reader', () => {
  it('passes the dialect as given and leaves unset keys to the reader', () => {
    expect(readerOptions(source({ csv: { delimiter: ';', encoding: undefined, header: true } }), { rejectPath: '/private/bad.csv' })).toEqual({ csv: { delimiter: ';', header: true } });
    expect(readerOptions(source({ batchSize: 500 }), { rejectPath: null })).toEqual({ batchSize: 500 });
    expect(readerOptions(source({}), { rejectPath: null })).toEqual({});
  });

  it('sends rows skipped under onBadRow: skip where the caller says, never beside the source by default', () => {
    expect(readerOptions(source({ csv: { onBadRow: 'skip' } }), { rejectPath: '/run/rejects/1.0.0-source-bad-rows.csv' }).csv).toEqual({ onBadRow: 'skip', rejectPath: '/run/rejects/1.0.0-source-bad-rows.csv' });
    // tuomin bench publishes nothing: its skipped rows go nowhere (it used to leave them beside the source).
    expect(readerOptions(source({ csv: { onBadRow: 'skip' } }), { rejectPath: null }, 1000)).toEqual({ batchSize: 1000, csv: { onBadRow: 'skip', rejectPath: null } });
    expect(readerOptions(source({ csv: { onBadRow: 'error' } }), { rejectPath: null }).csv).toEqual({ onBadRow: 'error' });
  });
});
