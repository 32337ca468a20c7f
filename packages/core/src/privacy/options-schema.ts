import { z } from 'zod';
import { T_MODES } from './diversity.js';
import { LOSS_METRICS } from './space.js';

// The `privacy` section of a dataset spec as zod schemas, pure data: a spec loader reads them
// without the search (anonymize.ts) and its kernels (#16). options.ts builds the transforms.
/** Widths that nest: each a multiple of the one before (hierarchy.ts intervalHierarchy). */
function nestedWidths(widths: readonly number[]): boolean {
  return widths.every((w, i) => i === 0 || Math.abs(w / widths[i - 1]! - Math.round(w / widths[i - 1]!)) <= 1e-9);
}

export const hierarchyRefSchema = z.union([
  z.strictObject({ file: z.string().min(1).describe('ARX-format hierarchy CSV, relative to the spec'), delimiter: z.string().length(1).optional() }),
  // Checked with the spec, so the refusal names the line and privacy.hierarchies.<column>: built
  // only when the search ran, the hierarchy's own error named neither (rule interval: …, exit 1).
  z.strictObject({ builtin: z.literal('interval'), widths: z.array(z.number().positive()).min(1).refine(nestedWidths, { message: 'each width must be a multiple of the one before it: use nested widths such as [5, 10, 20]' }).describe('nested interval widths, e.g. [5, 10, 20]'), origin: z.number().optional() }),
  z.strictObject({ builtin: z.literal('date').describe('day → month → year → decade → *') }),
  z.strictObject({ builtin: z.literal('prefix'), keep: z.array(z.number().int().min(0)).min(1).describe('characters kept per level, decreasing, e.g. [4, 2] for division codes'), fill: z.string().optional() }),
]);
export type HierarchyRef = z.infer<typeof hierarchyRefSchema>;

/** The `privacy` section of a dataset spec. */
export const privacyOptions = z.strictObject({
  quasiIdentifiers: z.array(z.string()).min(1).describe('columns that together could single a person out'),
  sensitive: z.array(z.string()).optional().describe('columns whose values must not be inferable (l-diversity, t-closeness)'),
  k: z.number().int().min(1).optional().describe('every released record shares its quasi-identifiers with at least k − 1 others'),
  l: z.number().min(1).optional().describe('each class holds at least l distinct (or entropy-l) values of every sensitive column'),
  lMode: z.enum(['distinct', 'entropy']).optional(),
  t: z.number().positive().max(1).optional().describe('each class’s sensitive distribution is within t of the whole table’s'),
  tMode: z.enum(T_MODES).optional().describe('EMD ground distance: equal (default), ordered, or hierarchical (needs a hierarchy for the first sensitive column under hierarchies)'),
  suppressionLimit: z.number().min(0).max(1).optional().describe('share of records that may be suppressed, e.g. 0.04'),
  suppression: z.enum(['drop', 'mask']).optional().describe('drop suppressed records (default) or replace their quasi-identifiers with *'),
  maxProsecutorRisk: z.number().min(0).max(1).optional(),
  hierarchies: z.record(z.string(), hierarchyRefSchema).optional(),
  metric: z.enum(LOSS_METRICS).optional().describe('information loss the search minimizes: entropy (default), discernibility, dmstar (monotonic DM*), aecs, precision, loss (ARX Loss)'),
  timeBudgetMs: z.number().positive().optional(),
});
export type PrivacyOptions = z.infer<typeof privacyOptions>;
