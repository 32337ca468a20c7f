import { isPair, isScalar, isSeq, visit, type Document, type LineCounter } from 'yaml';
import type { SpecIssue } from './load.js';

const INTEGER_TEXT = /^[+-]?\d+$/;

/**
 * Integers that YAML reads as something else than what was written: an unquoted 18-digit ID
 * (beyond 2^53, so 370104198711284603 becomes …600) or a number with a leading zero (0543316000
 * becomes 543316000). In `in:` or `equals:` of a condition such a value then matches nothing, and
 * the rows it was written to withhold are published: fail closed and ask for quotes. Checked on
 * the document (its source text), after the shape check has bounded its depth. The value itself
 * is not repeated: it may be the very identifier the condition withholds.
 */
export function lossyIntegers(doc: Document, lc: LineCounter): SpecIssue[] {
  const issues: SpecIssue[] = [];
  visit(doc, {
    Scalar(_key, node, ancestors) {
      if (typeof node.value !== 'number' || node.source === undefined || !INTEGER_TEXT.test(node.source)) return;
      const written = node.source.replace(/^\+/, '');
      if (String(node.value) === written || (written === '-0' && Object.is(node.value, -0))) return;
      const digits = written.replace(/^-/, '');
      const path: string[] = [];
      ancestors.forEach((a, i) => {
        if (isPair(a) && isScalar(a.key)) path.push(String(a.key.value));
        else if (isSeq(a)) path.push(String(a.items.indexOf((ancestors[i + 1] ?? node) as never)));
      });
      const line = node.range ? lc.linePos(node.range[0]).line : undefined;
      issues.push({
        code: 'spec/lossy-number',
        path: path.join('.'),
        message: `an unquoted number of ${digits.length} digits that YAML cannot keep as written (${digits.startsWith('0') ? 'a leading zero' : 'beyond 2^53'}); the value is not shown`,
        hint: 'quote it (\'…\') so it stays text, as identifiers, codes and phone numbers must',
        ...(line !== undefined ? { line } : {}),
      });
    },
  });
  return issues;
}
