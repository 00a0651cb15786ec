import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeConfig } from '@careflow/platform';
import { CaseManagementConfigShape, loadCaseManagementConfig } from './config';

describe('case-management configuration', () => {
  it('is documented in the README exactly as describeConfig renders it', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(describeConfig(CaseManagementConfigShape));
  });

  it('refuses a schedule that is not a cron expression, naming the variable', () => {
    expect(() =>
      loadCaseManagementConfig({
        AUTH_JWT_SECRET: 'x'.repeat(32),
        MONTHLY_REVIEW_CRON: 'monthly',
      }),
    ).toThrow(/MONTHLY_REVIEW_CRON/);
  });

  it('refuses an inbox retention under an hour, naming the variable', () => {
    expect(() =>
      loadCaseManagementConfig({ AUTH_JWT_SECRET: 'x'.repeat(32), INBOX_RETENTION_HOURS: '0' }),
    ).toThrow(/INBOX_RETENTION_HOURS/);
  });
});
