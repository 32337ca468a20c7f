/** One reason a review failed or warned, machine-readable, with a code from publication-model.md (c). */
export interface ReviewReason {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  /** Where in the spec to fix it. */
  path?: string;
  column?: string;
  /** Detector type, for privacy reasons. */
  type?: string;
  count?: number;
  /** First row numbers (1-based, header excluded). Never values. */
  rows?: number[];
  /**
   * The other figures and names the message is made of (k, shares, rule types, column lists;
   * never a value of a cell), so a front end can word the reason in the user's language from its
   * code (the CLI's catalogue, packages/cli/src/messages/reasons.ts). Not written to review.json,
   * whose bytes predate it: see `publishedReason`.
   */
  params?: Record<string, string | number>;
}

/** A reason as review.json records it: without `params` (the message already says it). */
export function publishedReason({ params: _params, ...reason }: ReviewReason): ReviewReason {
  return reason;
}

export interface ReviewResult {
  review: 'security' | 'normative';
  passed: boolean;
  reasons: ReviewReason[];
}

export function result(review: ReviewResult['review'], reasons: ReviewReason[]): ReviewResult {
  return { review, passed: !reasons.some((r) => r.severity === 'error'), reasons };
}
