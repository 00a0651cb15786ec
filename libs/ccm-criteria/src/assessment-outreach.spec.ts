import { decideUnableToReach, UNABLE_TO_REACH_REFUSAL } from './assessment-outreach';

const missed = { reachedMember: false };
const reached = { reachedMember: true };

describe('decideUnableToReach', () => {
  it('refuses one attempt short of the threshold, naming the rule and the counts', () => {
    const decision = decideUnableToReach([missed, missed], 3);
    expect(decision).toMatchObject({
      allowed: false,
      error: UNABLE_TO_REACH_REFUSAL,
      unanswered: 2,
      required: 3,
    });
    expect(decision.allowed || decision.reason).toBe(
      '"unable to reach" needs at least 3 logged outreach attempts that did not reach the member; the case has 2',
    );
  });

  it('allows at the threshold and above', () => {
    expect(decideUnableToReach([missed, missed, missed], 3)).toEqual({
      allowed: true,
      unanswered: 3,
      required: 3,
    });
    expect(decideUnableToReach([missed, missed, missed, missed], 3).allowed).toBe(true);
  });

  it('does not count attempts that reached the member', () => {
    expect(decideUnableToReach([missed, reached, missed], 3).allowed).toBe(false);
    expect(decideUnableToReach([missed, reached, missed, missed], 3).allowed).toBe(true);
  });

  it('refuses a case with no attempts, and allows any case when the program requires none', () => {
    expect(decideUnableToReach([], 1).allowed).toBe(false);
    expect(decideUnableToReach([], 0).allowed).toBe(true);
  });

  it('rejects a threshold that is not a whole number', () => {
    expect(() => decideUnableToReach([], 1.5)).toThrow(RangeError);
    expect(() => decideUnableToReach([], -1)).toThrow(RangeError);
  });
});
