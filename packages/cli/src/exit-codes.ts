/** Exit codes, documented in docs/cli.md. Scripts rely on them: change only with a major version. */
export const EXIT = {
  OK: 0,
  /** Bad input file or bad spec: fix the input or the spec and rerun. */
  BAD_INPUT: 1,
  /** Wrong command-line usage (unknown flag, missing argument). */
  USAGE: 2,
  /** `tuomin due`: at least one dataset is overdue. */
  OVERDUE: 5,
  /** Security review failed: personal data remains, or privacy thresholds are not met. */
  SECURITY: 3,
  /** Normative review failed: metadata or values do not conform. */
  NORMATIVE: 4,
  /** A resource ran out (a worker's memory): nothing was published; fewer workers or more memory (EX_TEMPFAIL of sysexits.h). */
  RESOURCE: 75,
  /** Unexpected internal error: a bug, please report it. */
  INTERNAL: 70,
} as const;
