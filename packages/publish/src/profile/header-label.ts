import { nameHoldsPersonalData } from '../scan/scan-texts.js';
import type { ColumnSuggestion } from './suggest.js';

/**
 * A header that itself holds personal data (an ID number used as a column name) stays only where
 * the spec needs it, the column's key: the description (published) and the note (printed, and
 * written as a comment in the draft) name it `column #n`, as errors and reports do. Otherwise the
 * draft would carry the identifier into a field the run then refuses. A published column also gets
 * `name: column_n` and `title: column #n`.
 */
export function labelPersonalHeader(s: ColumnSuggestion, name: string, index: number): ColumnSuggestion {
  if (name === '' || !nameHoldsPersonalData(name)) return s;
  const label = `column #${index + 1}`;
  // Published, it also needs a name and a title of its own: both default to the header, and the
  // run refuses a header that holds personal data (a roster pivoted by person: 日期,张伟,李娜,…).
  return { ...s, description: s.description.split(name).join(label), note: s.note.split(name).join(label), outputName: `column_${index + 1}`, title: label };
}
