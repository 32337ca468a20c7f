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
export function personsReason(columns: ReadonlyArray<{ name: string; suggestion: ColumnSuggestion }>, sampled: boolean): string | null {
  // A header that holds personal data is named by its position, as errors and reports name it.
  const label = (name: string): string => (nameHoldsPersonalData(name) ? `column #${columns.findIndex((c) => c.name === name) + 1}` : `column "${name}"`);
  const person = columns.find((c) => c.suggestion.person);
  if (person) return `${label(person.name)} reads as a person's (${person.suggestion.role === 'quasi' ? 'a demographic or an address' : person.suggestion.role === 'sensitive' ? 'a sensitive attribute' : 'a name, an identifier or a person\'s number'})`;
  const changed = columns.find((c) => !c.suggestion.forPersons && (c.suggestion.drop || rulesOf(c.suggestion).some((r) => !TIDY_RULES.has(String(r.type)))));
  // Free text kept raw needs every row read: a sample cannot say that no cell names a person.
  const text = sampled ? columns.find((c) => c.suggestion.role === 'text') : undefined;
  if (text) return `no column reads as a person's in the sample read, but ${label(text.name)} is free text that only a whole file read can clear`;
  if (changed) return `no column reads as a person's, but ${label(changed.name)} is ${changed.suggestion.drop ? 'left out' : changed.suggestion.role === 'text' ? 'redacted as free text (it may name persons)' : 'changed'}, and the run's review takes that as a sign of persons`;
  return null;
}

/**
 * In a register of things, a column drafted for persons' sake is kept as the source wrote it: no
 * rule at all (a cast to float64 would print 7.685 as 7.6850000000000005), the source's own type.
 */
export function asThing(p: ColumnProfile, s: ColumnSuggestion): ColumnSuggestion {
  if (!s.forPersons) return s;
  // A typed source's dates keep their type (the spec's default, string, would fail every value).
  const typed = /^(Int|Uint)/.test(p.arrowType) ? 'integer' : /^Float/.test(p.arrowType) ? 'number'
    : /^Date/.test(p.arrowType) ? 'date' : /^Timestamp/.test(p.arrowType) ? 'datetime' : undefined;
  return {
    column: s.column, role: 'keep', sensitivity: 'L1', quasiIdentifier: false, ...(typed ? { type: typed } : {}),
    description: p.name,
    note: `${p.name}: keep as it is (no column reads as a person's: a register of things; for persons the draft would have said: ${s.note.slice(s.note.indexOf(':') + 2)})`,
  };
}

function rulesOf(s: ColumnSuggestion): Array<Record<string, unknown>> {
  return s.rule === undefined ? [] : Array.isArray(s.rule) ? s.rule : [s.rule];
}
