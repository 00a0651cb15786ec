import { growthBreaches, referenceMinute, soakBreaches, spreadOf } from './drift';

describe('soak judgement', () => {
  it('compares with minute 5, or with the minute before the last in a short soak', () => {
    expect(referenceMinute(30)).toBe(5);
    expect(referenceMinute(6)).toBe(5);
    expect(referenceMinute(3)).toBe(2);
    expect(referenceMinute(1)).toBe(1);
  });

  it('names the line and its worst minute beyond 10% of minute 5, and ignores the minutes before it', () => {
    const { breaches, unjudged } = soakBreaches(
      [
        { name: 'eligibility RSS', values: [50, 90, 100, 100, 100, 105, 109, 110] },
        { name: 'routing RSS', values: [80, 100, 100, 100, 100, 115, 125, 111] },
        { name: 'PA p99', values: [10, 10, 10, 10, null, 50, 50, 50] },
      ],
      5,
      0.1,
    );
    expect(breaches).toEqual([
      { name: 'routing RSS', minute: 7, value: 125, reference: 100, growth: 0.25 },
    ]);
    expect(unjudged).toEqual(['PA p99']);
  });

  it('lets a line that shrinks pass', () => {
    const lines = [{ name: 'heap', values: [10, 20, 30, 40, 50, 40, 30] }];
    expect(soakBreaches(lines, 5, 0.1).breaches).toEqual([]);
  });
});

describe('growth judgement', () => {
  it('spreads the largest over the smallest value, and needs every size measured', () => {
    expect(spreadOf([100, 110, 120])).toBeCloseTo(0.2);
    expect(spreadOf([120, 100])).toBeCloseTo(0.2);
    expect(spreadOf([100, null, 90])).toBeNull();
    expect(spreadOf([100])).toBeNull();
  });

  it('sorts the lines into within 20%, beyond it and not judged', () => {
    const outcome = growthBreaches(
      [
        { name: 'routing decisions/s', values: [1000, 950, 900] },
        { name: 'ccm p99', values: [40, 45, 80] },
        { name: 'eligibility events/s', values: [500, null, 400] },
      ],
      0.2,
    );
    expect(outcome.within.map((w) => w.name)).toEqual(['routing decisions/s']);
    expect(outcome.beyond).toEqual([{ name: 'ccm p99', spread: 1 }]);
    expect(outcome.unjudged).toEqual(['eligibility events/s']);
  });
});
