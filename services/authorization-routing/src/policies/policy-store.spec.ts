import {
  MI_UM_2025_1,
  MI_UM_2025_2,
  compileRoutingPolicy,
  parseRoutingPolicy,
  type RoutingPolicy,
} from '@careflow/michigan-policy';
import { routerFor, type ActiveRouter } from './policy-store';

const active = (policy: RoutingPolicy, adoptedOn: string): ActiveRouter => ({
  policy,
  adoptedOn,
  router: compileRoutingPolicy(policy),
});

/** A version for later dates of service, as an administrator would add it over HTTP. */
const v2026 = parseRoutingPolicy({
  ...MI_UM_2025_1,
  version: 'mi-um-2026.1',
  effectiveFrom: '2026-01-01',
});

describe('routerFor: the version deciding a request in authorization-routing', () => {
  const versions = [
    active(MI_UM_2025_1, '2025-01-01'),
    active(MI_UM_2025_2, '2026-12-07'),
    active(v2026, '2026-01-01'),
  ];
  const versionFor = (dateOfService: string, decidedOn: string): string | undefined =>
    routerFor(versions, { dateOfService, decidedOn })?.policy.version;

  it('a version activated later for the same dates of service supersedes from its first day', () => {
    expect(versionFor('2025-03-14', '2026-12-06')).toBe('mi-um-2025.1');
    expect(versionFor('2025-03-14', '2026-12-07')).toBe('mi-um-2025.2');
  });

  it('the day of the decision counts, not the day the request was received', () => {
    // A request received in June 2025, re-decided after a retroactive enrollment today.
    expect(versionFor('2025-06-02', '2025-06-01')).toBe('mi-um-2025.1');
    expect(versionFor('2025-06-02', '2027-01-04')).toBe('mi-um-2025.2');
  });

  it('a version for later dates of service decides those dates, whatever was activated after it', () => {
    expect(versionFor('2026-02-01', '2026-12-08')).toBe('mi-um-2026.1');
    expect(versionFor('2025-12-31', '2026-12-08')).toBe('mi-um-2025.2');
  });

  it('no version covering the date of service: the latest adopted (its window gives manual review)', () => {
    expect(versionFor('2024-12-31', '2026-12-08')).toBe('mi-um-2025.2');
  });

  it('before the first activation day: the earliest version', () => {
    expect(versionFor('2025-03-14', '2024-12-31')).toBe('mi-um-2025.1');
    expect(routerFor([], { dateOfService: '2025-03-14', decidedOn: '2025-03-14' })).toBeNull();
  });
});
