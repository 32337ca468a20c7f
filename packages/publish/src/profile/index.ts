export * from './suggest.js';
export * from './profile-file.js';
export * from './draft-spec.js';
export * from './review-draft.js';
