import { reofferDeferral } from '../src';

const DAY_MS = 86_400_000;
const now = new Date('2026-06-30T12:00:00Z');
const daysAgo = (days: number, extraMs = 0) => new Date(now.getTime() - days * DAY_MS + extraMs);
const declined = (at: Date) => ({ declinedAt: at, criteriaMet: ['major-trauma'] });
const NEW = ['major-trauma', 'polypharmacy-over-30-per-quarter'];

describe('reofferDeferral: the quiet period after a decline', () => {
  it('holds back a new criterion one millisecond inside the 90-day quiet period', () => {
    expect(reofferDeferral(declined(daysAgo(90, 1)), NEW, now, 90)).toBe('quiet-period');
    expect(reofferDeferral(declined(daysAgo(1)), NEW, now, 90)).toBe('quiet-period');
  });

  it('offers a new case once exactly 90 days (and more) have passed', () => {
    expect(reofferDeferral(declined(daysAgo(90)), NEW, now, 90)).toBeNull();
    expect(reofferDeferral(declined(daysAgo(91)), NEW, now, 90)).toBeNull();
  });

  it('after the quiet period, holds back criteria the declined case already had', () => {
    expect(reofferDeferral(declined(daysAgo(200)), ['major-trauma'], now, 90)).toBe(
      'no-new-criterion',
    );
  });

  it('a quiet period of 0 days re-offers at once, but only for a new criterion', () => {
    expect(reofferDeferral(declined(now), NEW, now, 0)).toBeNull();
    expect(reofferDeferral(declined(now), ['major-trauma'], now, 0)).toBe('no-new-criterion');
  });
});
