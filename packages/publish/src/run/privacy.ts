import type { Spec } from '../spec/schema.js';
import type { StagedOutput } from './run.js';
import type { PrivacyOutcome } from '../review/security.js';

/**
 * Privacy thresholds of the spec, checked on the staged output. Wired to core's privacy models
 * (class statistics, k, l, risk) once they land; until then a spec with a privacy section fails
 * closed rather than publishing unchecked.
 */
export async function evaluatePrivacy(_staged: StagedOutput, _spec: Spec, _dir: string): Promise<PrivacyOutcome> {
  return {
    passed: false,
    reasons: [{ code: 'privacy/quasi-identifier-risk', severity: 'error', message: 'privacy models are not available in this build; remove the privacy section or upgrade' }],
  };
}
