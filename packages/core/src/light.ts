/**
 * `@tuomin/core/light`: the parts of core that need no Arrow, Parquet, faker or WebAssembly, for
 * callers that check a dataset spec or a key without moving data: the rule schemas (each rule
 * type's zod option schema, summary and example, without its kernel), the privacy options, the
 * key checks and the value detectors (a spec error names a column only when the name holds no
 * personal data). Why a separate entry: loading a spec must not cost the kernels' start-up
 * (#16: `tuomin catalog` on a folder with a spec, `tuomin release … spec.yaml`;
 * test/startup-modules.test.ts). Every module reachable from here imports only zod and each other.
 */
export { TuominError } from './errors.js';
export { findRuleSchema, ruleSchemas, type RuleSchema } from './transforms/schemas.js';
export { hierarchyRefSchema, privacyOptions, type HierarchyRef, type PrivacyOptions } from './privacy/options-schema.js';
export { checkKeyBytes, isConstantKey } from './crypto/key.js';
export { optionsIssue } from './transforms/options-issue.js';
export { editDistance } from './kernels/edit-distance.js';
export { DETECTOR_TYPES, LEGAL_PERSON_TYPES, PERSONAL_TYPES, type DetectorType } from './detect/types.js';
export { ValueScanner } from './detect/scanner.js';
export { personalMailbox } from './detect/mailbox.js';
export { bareNameHeader, personNamedLabel } from './detect/name-label.js';
