import {
  MI_UM_2025_1,
  PolicyRegistry,
  createDefaultPolicyRegistry,
  parseRoutingPolicy,
  selectActivePolicy,
} from '../src';
import { policyDocumentWith } from './fixtures/policies';

const v2025_1 = MI_UM_2025_1;
const v2025_2 = parseRoutingPolicy(
  policyDocumentWith((doc) => {
    doc.version = 'mi-um-2025.2';
    doc.effectiveFrom = '2025-07-01';
  }),
);
const v2024_1 = parseRoutingPolicy(
  policyDocumentWith((doc) => {
    doc.version = 'mi-um-2024.1';
    doc.effectiveFrom = '2024-01-01';
    doc.effectiveTo = '2024-12-31';
  }),
);

describe('selectActivePolicy', () => {
  const all = [v2025_2, v2024_1, v2025_1];
  it.each([
    ['2023-12-31', null],
    ['2024-01-01', 'mi-um-2024.1'],
    ['2024-12-31', 'mi-um-2024.1'],
    ['2025-01-01', 'mi-um-2025.1'],
    ['2025-06-30', 'mi-um-2025.1'],
    ['2025-07-01', 'mi-um-2025.2'],
    ['2030-01-01', 'mi-um-2025.2'],
  ])('on %s selects %s', (date, version) => {
    expect(selectActivePolicy(all, date)?.version ?? null).toBe(version);
  });
});

describe('PolicyRegistry', () => {
  it('holds the built-in version', () => {
    const registry = createDefaultPolicyRegistry();
    expect(registry.list().map((p) => p.version)).toEqual(['mi-um-2025.1']);
    expect(registry.activeOn('2025-03-01')?.version).toBe('mi-um-2025.1');
    expect(registry.activeOn('2024-03-01')).toBeNull();
  });

  it('loads a new version from JSON at run time and validates it', () => {
    const registry = createDefaultPolicyRegistry();
    registry.register(JSON.parse(JSON.stringify(v2025_2)));
    expect(registry.activeOn('2025-08-01')?.version).toBe('mi-um-2025.2');
    expect(registry.byVersion('mi-um-2025.1')?.effectiveFrom).toBe('2025-01-01');
    expect(() => registry.register({ version: 'broken' })).toThrow(/Invalid routing policy broken/);
  });

  it('refuses a version id twice and two versions taking effect the same day', () => {
    const registry = new PolicyRegistry([v2025_1]);
    expect(() => registry.register(v2025_1)).toThrow('already registered');
    const sameDay = policyDocumentWith((doc) => {
      doc.version = 'mi-um-2025.9';
    });
    expect(() => registry.register(sameDay)).toThrow(/both take effect on 2025-01-01/);
  });
});
