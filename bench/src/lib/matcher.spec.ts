import { OutputMatcher } from './matcher';

describe('OutputMatcher', () => {
  it('resolves an input and the earlier ones of its key; the later ones and other keys stay pending', () => {
    const matcher = new OutputMatcher();
    matcher.sent('fill', 'one|claims.pharmacy.v1|M1', 'a', 0);
    matcher.sent('fill', 'one|claims.pharmacy.v1|M1', 'b', 1);
    matcher.sent('fill', 'one|claims.pharmacy.v1|M1', 'c', 2);
    matcher.sent('claim', 'one|claims.medical.v1|M1', 'd', 3);

    expect(matcher.resolve('b', 10)).toBe(2);

    expect(matcher.pendingOf('fill')).toBe(1);
    expect(matcher.pendingIdsOf('fill')).toEqual(['c']);
    expect(matcher.pendingIdsOf('claim')).toEqual(['d']);
    expect(matcher.latenciesOf('fill')).toEqual([10, 9]);
  });

  it('resolves nothing for an output naming an input already resolved or never sent', () => {
    const matcher = new OutputMatcher();
    matcher.sent('fill', 'k', 'a', 0);
    matcher.sent('fill', 'k', 'b', 0);
    expect(matcher.resolve('b', 5)).toBe(2);

    expect(matcher.resolve('a', 6)).toBe(0);
    expect(matcher.resolve('unknown', 6)).toBe(0);
    expect(matcher.pending).toBe(0);
    expect(matcher.pendingIdsOf('fill')).toEqual([]);
  });

  it("splits each resolved input's latency at the output's Kafka timestamp when it has one", () => {
    const matcher = new OutputMatcher();
    matcher.sent('pa', 'r1', 'r1', 0);
    matcher.sent('pa', 'r2', 'r2', 2);
    matcher.resolve('r1', 12, 8);
    matcher.resolve('r2', 20);

    expect(matcher.latenciesOf('pa')).toEqual([12, 18]);
    expect(matcher.inServiceOf('pa')).toEqual([8]);
    expect(matcher.inServiceOf('claim')).toEqual([]);
  });
});
