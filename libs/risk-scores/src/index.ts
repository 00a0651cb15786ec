// @careflow/risk-scores: member risk scores as published data and pure functions. No I/O.
export * from './charlson/quan-2005-icd10';
export * from './charlson/quan-2011-weights';
export * from './charlson/charlson-index';
export * from './recent-admissions';
export * from './risk-score';
