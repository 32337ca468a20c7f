/**
 * Attacker-known by values: core's one test (core/detect/quasi-values.ts), which the profile's
 * draft reads too (ColumnKinds.stated), so the draft proposes what this review accepts.
 */
export { QUASI_VALUE_SHARE, quasiByValues, type QuasiByValues } from '@tuomin/core/internal';
