import { takeChunks } from './event-consumer';

const chunk = (name: string, size: number) => ({
  name,
  deliveries: Array.from({ length: size }, (_, i) => i),
});

describe('takeChunks (the chunks of one shared transaction)', () => {
  it('takes the waiting chunks in order while they fit and leaves the rest waiting', () => {
    const waiting = [chunk('a', 40), chunk('b', 50), chunk('c', 10), chunk('d', 5)];

    const taken = takeChunks(waiting, 100, false);

    expect(taken.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(waiting.map((c) => c.name)).toEqual(['d']);
  });

  it('stops at the first chunk that does not fit, so a later one never overtakes it', () => {
    const waiting = [chunk('a', 60), chunk('b', 50), chunk('c', 10)];

    expect(takeChunks(waiting, 100, false).map((c) => c.name)).toEqual(['a']);
    expect(waiting.map((c) => c.name)).toEqual(['b', 'c']);
  });

  it('takes nothing while the first chunk does not fit, unless nothing else runs', () => {
    const waiting = [chunk('a', 250), chunk('b', 1)];

    expect(takeChunks(waiting, 100, false)).toEqual([]);
    expect(takeChunks(waiting, 100, true).map((c) => c.name)).toEqual(['a']);
    expect(takeChunks(waiting, 100, false).map((c) => c.name)).toEqual(['b']);
    expect(takeChunks(waiting, 100, true)).toEqual([]);
  });
});
