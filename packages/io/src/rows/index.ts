export { rowsSource, rowsToBatches } from './rows.js';
export type { Row, RowsOptions, RowsSource } from './rows.js';
