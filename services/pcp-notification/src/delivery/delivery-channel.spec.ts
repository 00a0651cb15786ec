import { deliveryMethodFor, RecordingDeliveryChannel } from './delivery-channel';

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

describe('RecordingDeliveryChannel', () => {
  it('sends no document, so it takes letters before they are rendered and records them as sent', async () => {
    const channel = new RecordingDeliveryChannel();
    expect(channel.sendsPdf).toBe(false);
    const pcp = {
      npi: '1457389201',
      name: 'Dr A',
      phone: null,
      fax: '313-555-0143',
      address: null,
    };
    await expect(
      channel.deliver({
        notificationId: 'ntf-1',
        kind: 'enrollment-notice',
        pcp,
        method: 'fax',
        pdf: null,
        attempt: 1,
      }),
    ).resolves.toEqual({
      status: 'sent',
      reference: 'record:fax:ntf-1',
      detail: 'recorded as sent by fax (development channel)',
    });
  });
});
