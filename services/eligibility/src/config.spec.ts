import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeConfig } from '@careflow/platform';
import { EligibilityConfigShape, loadEligibilityConfig } from './config';

describe('eligibility configuration', () => {
  it('is documented in the README exactly as describeConfig renders it', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(describeConfig(EligibilityConfigShape));
  });

  it('refuses an unknown time zone, naming the variable', () => {
    expect(() =>
      loadEligibilityConfig({
        AUTH_JWT_SECRET: 'x'.repeat(32),
        PLAN_TIME_ZONE: 'Mars/Olympus',
      }),
    ).toThrow(/PLAN_TIME_ZONE/);
  });
});
