import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { parseSpecText } from '../src/index.js';
import { publishedColumns } from '../src/review/published-columns.js';

/**
 * Redacted free text is not judged by its distinct share (a note is one per record, and no one
 * looks a person up by it), but a column the redaction rewrote almost whole is an identifier
 * written as text: what the redaction left (南大街12号B1023 → ***********B1023) is one per record.
 */
const SPEC = parseSpecText(`dataset: { id: redacted }
source: { path: in.csv, acquiredAt: 2026-11-20 }
output: { folder: out }
openAttribute: unconditional
columns:
  位置: { rule: { type: redact } }
  说明: { rule: { type: redact } }
`, 'redacted.yaml');

const N = 400;
const i = Array.from({ length: N }, (_, k) => k);

describe('published columns: redacted text', () => {
  it('a column the redaction rewrote in most cells is judged like any other column, not as free text', () => {
    const t = tableFromArrays({
      位置: i.map((k) => `${'*'.repeat(12 + (k % 3))}B${1000 + k}`),
      说明: i.map((k) => `检查时发现现场存在${k % 2 ? '消防通道堵塞' : '灭火器过期'}问题，当事人***当场整改，编号第${k}次`),
    });
    const roles = Object.fromEntries(publishedColumns(SPEC, t.schema, t.batches).map((c) => [c.column, c.role]));
    expect(roles['说明']).toBe('free-text');
    expect(roles['位置']).not.toBe('free-text');
  });
});
