import type { Hierarchy } from './hierarchy.js';

/** A column that may not be generalized: one level, the value itself. */
export const identityHierarchy: Hierarchy = {
  height: 1,
  kind: 'identity',
  generalize(value) {
    return value;
  },
};
