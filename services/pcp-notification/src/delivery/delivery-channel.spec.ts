import { deliveryMethodFor } from './delivery-channel';

describe('deliveryMethodFor', () => {
  const base = { npi: '1457389201', name: 'Dr A', phone: null, fax: null, address: null };
  const address = {
    line1: '1 Main',
    line2: null,
    city: 'Detroit',
    state: 'MI',
    postalCode: '48201',
  };
  it('prefers fax, then mail, then the portal', () => {
    expect(deliveryMethodFor({ ...base, fax: '313-555-0143', address })).toBe('fax');
    expect(deliveryMethodFor({ ...base, address })).toBe('mail');
    expect(deliveryMethodFor(base)).toBe('portal');
  });
});
