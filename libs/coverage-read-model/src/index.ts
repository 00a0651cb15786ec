export { coverageOn, hasCoverageBetween } from './coverage-on';
export { MemberCoverageReadModel, type MemberCoverageSnapshot } from './member-coverage.read-model';
export { MemberCoverageReadModel1732000000100 } from './member-coverage.migration';
