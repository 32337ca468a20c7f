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
}

export interface ReviewResult {
  review: 'security' | 'normative';
  passed: boolean;
  reasons: ReviewReason[];
}

export function result(review: ReviewResult['review'], reasons: ReviewReason[]): ReviewResult {
  return { review, passed: !reasons.some((r) => r.severity === 'error'), reasons };
}
