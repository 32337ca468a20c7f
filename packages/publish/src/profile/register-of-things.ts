import type { ColumnProfile } from '@tuomin/core';
import { TIDY_RULES } from '../review/tidy-rules.js';
import { nameHoldsPersonalData } from '../scan/scan-texts.js';
import type { ColumnSuggestion } from './suggest.js';

/**
 * Why the draft takes the records as persons' (and imposes k), or null for a register of things:
 * no column reads as a person's (no name, identifier, person's own number, demographic, sensitive
 * attribute or address) and every drop or rule the draft proposed is there for persons' sake only
 * (ColumnSuggestion.forPersons). k over a register of companies, facilities or roads protects no
 * one and suppressed up to 5 % of its entries. A sole trader's register (个体户) is persons': its
 * operator's name is read as one. A column the draft changes for another reason (free text redacted:
 * it may name persons the profile did not see) keeps k, as the run's review judges a release whose
 * spec desensitizes anything as persons' (review/published-columns.ts personEvidence).
 */
export function personsReason(columns: ReadonlyArray<{ name: string; suggestion: ColumnSuggestion }>): string | null {
  // A header that holds personal data is named by its position, as errors and reports name it.
  const label = (name: string): string => (nameHoldsPersonalData(name) ? `column #${columns.findIndex((c) => c.name === name) + 1}` : `column "${name}"`);
  const person = columns.find((c) => c.suggestion.person);
  if (person) return `${label(person.name)} reads as a person's (${person.suggestion.role === 'quasi' ? 'a demographic or an address' : person.suggestion.role === 'sensitive' ? 'a sensitive attribute' : 'a name, an identifier or a person\'s number'})`;
  const changed = columns.find((c) => !c.suggestion.forPersons && (c.suggestion.drop || rulesOf(c.suggestion).some((r) => !TIDY_RULES.has(String(r.type)))));
  if (changed) return `no column reads as a person's, but ${label(changed.name)} is ${changed.suggestion.drop ? 'left out' : changed.suggestion.role === 'text' ? 'redacted as free text (it may name persons)' : 'changed'}, and the run's review takes that as a sign of persons`;
  return null;
}

/** In a register of things, a column drafted for persons' sake is kept as it is (a tidy cast kept: dates publish as dates). */
export function asThing(p: ColumnProfile, s: ColumnSuggestion): ColumnSuggestion {
  if (!s.forPersons) return s;
  const tidy = rulesOf(s).filter((r) => TIDY_RULES.has(String(r.type)));
  const rule = s.drop || tidy.length === 0 ? undefined : tidy.length === 1 ? tidy[0] : tidy;
  // The type the kept cast gives (dates cast to date publish as dates, not the default string), or the source's.
  const cast = tidy.find((r) => r.type === 'cast')?.to;
  const typed = rule ? s.type ?? (typeof cast === 'string' ? CAST_TYPE[cast] : undefined) : /^(Int|Uint)/.test(p.arrowType) ? 'integer' : /^Float/.test(p.arrowType) ? 'number' : undefined;
  return {
    column: s.column, role: 'keep', sensitivity: 'L1', quasiIdentifier: false,
    ...(rule ? { rule } : {}), ...(typed ? { type: typed } : {}),
    description: p.name,
    note: `${p.name}: keep as it is (no column reads as a person's: a register of things; for persons the draft would have said: ${s.note.slice(s.note.indexOf(':') + 2)})`,
  };
}

/** The spec type of a column after a cast to each target. */
const CAST_TYPE: Record<string, NonNullable<ColumnSuggestion['type']>> = { date: 'date', timestamp: 'datetime', float64: 'number', int32: 'integer', int64: 'integer' };

function rulesOf(s: ColumnSuggestion): Array<Record<string, unknown>> {
  return s.rule === undefined ? [] : Array.isArray(s.rule) ? s.rule : [s.rule];
}
