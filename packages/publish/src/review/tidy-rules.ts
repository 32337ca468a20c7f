/** Rule types that only tidy values; every other rule is a desensitization choice about persons. */
export const TIDY_RULES: ReadonlySet<string> = new Set(['cast', 'trim', 'upper', 'fullwidth', 'null-tokens', 'validate', 'rename']);
