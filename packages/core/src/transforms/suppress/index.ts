export {
  type Predicate, predicateSchema, suppressRowsOptions, suppressRowsRuleOptions, type SuppressRowsOptions, type ColumnsOptions,
} from './options.js';
export { dropColumns } from './drop-columns.js';
export { nullColumns } from './null-columns.js';
export { suppressRows } from './suppress-rows.js';
export { compilePredicate, type RowMatcher } from './predicate.js';
export { suppressRules } from './rules.js';
