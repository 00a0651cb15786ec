import type { Principal } from '@careflow/platform';
import { inVendorScope, vendorFilterOf, vendorScopeOf } from './vendor-scope';

const integrator = (vendors?: string[]): Principal => ({
  id: 'int-1',
  name: 'Integrator',
  roles: ['integrator'],
  ...(vendors ? { vendors } : {}),
});

describe('vendor scope', () => {
  it('an integrator sees the requests routed to its vendors only', () => {
    const scope = vendorScopeOf(integrator(['accredo', 'evicore']));
    expect(inVendorScope(scope, 'accredo')).toBe(true);
    expect(inVendorScope(scope, 'aim-specialty-health')).toBe(false);
    expect(inVendorScope(scope, null)).toBe(false); // manual review: no vendor to be scoped to
    expect(vendorFilterOf(scope)).toEqual(['accredo', 'evicore']);
  });

  it('an integrator without the vendors claim, or with an empty one, sees nothing', () => {
    for (const scope of [vendorScopeOf(integrator()), vendorScopeOf(integrator([]))]) {
      expect(inVendorScope(scope, 'accredo')).toBe(false);
      expect(vendorFilterOf(scope)).toEqual([]);
    }
  });

  it('supervisors and admins see every request, with or without a vendor', () => {
    for (const role of ['supervisor', 'admin'] as const) {
      const scope = vendorScopeOf({ id: 'x', name: 'x', roles: [role] });
      expect(inVendorScope(scope, 'accredo')).toBe(true);
      expect(inVendorScope(scope, null)).toBe(true);
      expect(vendorFilterOf(scope)).toBeNull();
    }
  });
});
