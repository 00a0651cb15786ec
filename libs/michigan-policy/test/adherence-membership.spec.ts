import { adherenceMembership, MI_UM_2025_2 } from '../src';

const TODAY = '2026-03-15';
const FILL = { fillDate: '2026-02-01', reasons: ['A paid retail fill of a select medication.'] };
const COMMERCIAL = { lineOfBusiness: 'blue-cross-commercial', fundingType: 'self-funded' } as const;

describe('adherenceMembership: in the drug adherence program today, and why', () => {
  it('is in with a qualifying fill and commercial coverage, for the latest fill’s reasons', () => {
    const older = { fillDate: '2025-12-01', reasons: ['older'] };
    expect(
      adherenceMembership(
        { qualifyingFills: [older, FILL], coverageToday: COMMERCIAL, today: TODAY },
        MI_UM_2025_2,
      ),
    ).toEqual({ eligible: true, reasons: FILL.reasons });
  });

  it('is out without a qualifying fill left', () => {
    const membership = adherenceMembership(
      { qualifyingFills: [], coverageToday: COMMERCIAL, today: TODAY },
      MI_UM_2025_2,
    );
    expect(membership.eligible).toBe(false);
    expect(membership.reasons[0]).toContain('No paid retail fill');
  });

  it('is out without coverage in force today', () => {
    expect(
      adherenceMembership(
        { qualifyingFills: [FILL], coverageToday: null, today: TODAY },
        MI_UM_2025_2,
      ),
    ).toEqual({ eligible: false, reasons: [`The member has no coverage in force on ${TODAY}.`] });
  });

  it('is out on Medicare Advantage, whatever the fills', () => {
    const membership = adherenceMembership(
      {
        qualifyingFills: [FILL],
        coverageToday: { lineOfBusiness: 'medicare-plus-blue', fundingType: 'fully-insured' },
        today: TODAY,
      },
      MI_UM_2025_2,
    );
    expect(membership.eligible).toBe(false);
    expect(membership.reasons[0]).toContain('never Medicare Advantage');
  });

  it('is out when no policy version is in force', () => {
    expect(
      adherenceMembership(
        { qualifyingFills: [FILL], coverageToday: COMMERCIAL, today: TODAY },
        null,
      ),
    ).toEqual({ eligible: false, reasons: ['No policy version is in force today.'] });
  });
});
