import { PERSONAL_TYPES } from '@tuomin/core/light';
import type { ColumnSpec, Spec } from './schema.js';
import type { LintIssue } from './lint.js';
import { quoteColumn } from './quote.js';
import { TIDY_RULES } from '../review/tidy-rules.js';

/**
 * Rules after which a column still publishes its source values: the tidy ones (cast, trim, …)
 * reformat a value, and suppress-rows withholds whole rows; none of them hides a value it keeps.
 */
const KEEPS_VALUES: ReadonlySet<string> = new Set([...TIDY_RULES, 'suppress-rows']);

/**
 * `allow: [person_name]` (or any natural-person type) lets the residual scan pass that type in the
 * column. When nothing in the column's rules replaces the values, the column then publishes real
 * persons' names, addresses or numbers, and the only thing that can make that lawful is a law that
 * makes them public (a legal representative is registration information published under
 * 《企业信息公示暂行条例》). So such a column must say which law, in `public: { reason }`; the
 * reason is then published with the field (gov:publicReason). Fail closed: refused at load.
 *
 * A column whose rules mask, pseudonymize, synthesize or otherwise replace the values needs no
 * reason (synthesized names look like names by design), even when the rule has a `when:` (the
 * unmasked rows are a company's name). A redact rule replaces only the types it looks for: a
 * redact of `types: [cn_id]` leaves names as they are.
 */
export function allowWithoutReason(spec: Spec): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const [src, c] of Object.entries(spec.columns)) {
    if (c.drop || c.public) continue;
    const raw = (c.allow ?? []).filter((t) => PERSONAL_TYPES.has(t as never) && publishedAsIs(c, t));
    if (raw.length === 0) continue;
    const name = quoteColumn(src) ?? '(the name is not shown)';
    issues.push({
      code: 'privacy/allow-personal-without-reason',
      path: `columns.${src}.allow`,
      params: { name: quoteColumn(src) ?? '', types: raw.join(', ') },
      message: `column ${name} allows ${raw.join(', ')} and has no rule that masks it, so it publishes the source's personal information as it is, with no legal reason given`,
      hint: 'if a law makes these values public, add public: { reason: "<the law and article>" } to the column (e.g. 《企业信息公示暂行条例》第六条 for a legal representative); otherwise add a rule that masks them (mask, pseudonymize, synthesize, redact) or remove them from allow',
    });
  }
  return issues;
}

/** True when no rule of the column replaces values of detector type `type`. */
function publishedAsIs(c: ColumnSpec, type: string): boolean {
  const rules = c.rule === undefined ? [] : Array.isArray(c.rule) ? c.rule : [c.rule];
  return rules.every((r) => {
    if (KEEPS_VALUES.has(r.type)) return true;
    if (r.type !== 'redact') return false;
    const types = (r as { types?: unknown }).types;
    // Without types: redact looks for every natural-person type.
    return Array.isArray(types) && !types.includes(type);
  });
}
