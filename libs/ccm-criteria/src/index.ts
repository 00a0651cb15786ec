// @careflow/ccm-criteria: Complex Case Management identification criteria (Blue Shield of
// California Promise, document 004_bc7f8c9b8722c25c) as data and pure functions. No I/O.
export * from './dates';
export * from './codes';
export * from './events';
export * from './clinical-profile';
export * from './code-sets';
export * from './config';
export * from './criteria';
export * from './evaluate';
export * from './case-lifecycle';
export * from './assessment-outreach';
export * from './identification-plan';
export * from './monthly-review';
export * from './pcp-notification';
export * from './reoffer';
export * from './assessment-due';
