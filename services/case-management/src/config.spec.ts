import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_NDC_REFERENCE_FILE } from '@careflow/michigan-policy';
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

  it('loads an NDC drug reference file and refuses a missing one, naming the variable', () => {
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
    expect(loadCaseManagementConfig(secret).ADHERENCE_NDC_REFERENCE_FILE).toBe('');
    expect(
      loadCaseManagementConfig({
        ...secret,
        ADHERENCE_NDC_REFERENCE_FILE: SAMPLE_NDC_REFERENCE_FILE,
      }).ADHERENCE_NDC_REFERENCE_FILE,
    ).toBe(SAMPLE_NDC_REFERENCE_FILE);
    expect(() =>
      loadCaseManagementConfig({ ...secret, ADHERENCE_NDC_REFERENCE_FILE: '/nonexistent.jsonl' }),
    ).toThrow(/ADHERENCE_NDC_REFERENCE_FILE[\s\S]*cannot be read/);
  });
});
