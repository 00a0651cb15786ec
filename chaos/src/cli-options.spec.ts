import { numericOptions } from './cli-options';

describe('numeric CLI options', () => {
  const defaults = { events: 100, 'db-outages': 1 };

  it('keeps defaults and reads given values', () => {
    expect(numericOptions(defaults, ['--events', '500'])).toEqual({ events: 500, 'db-outages': 1 });
    expect(numericOptions(defaults, ['--db-outages=0'])).toEqual({ events: 100, 'db-outages': 0 });
  });

  it('refuses unknown options and values that are not numbers, naming them', () => {
    expect(() => numericOptions(defaults, ['--evnets', '5'])).toThrow(/evnets/);
    expect(() => numericOptions(defaults, ['--events', 'many'])).toThrow(/--events takes a number/);
  });
});
