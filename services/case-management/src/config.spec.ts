import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHIPPED_CCSR_TABLE_FILE, SHIPPED_PLANNED_READMISSION_FILE } from '@careflow/ccm-criteria';
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

  it('loads the DXCCSR and planned readmission tables (the shipped ones by default) and refuses a bad one, naming the variable and the line', () => {
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
    expect(loadCaseManagementConfig(secret).CCSR_DX_FILE).toBe('');
    expect(
      loadCaseManagementConfig({
        ...secret,
        PLANNED_READMISSION_FILE: SHIPPED_PLANNED_READMISSION_FILE,
      }).PLANNED_READMISSION_FILE,
    ).toBe(SHIPPED_PLANNED_READMISSION_FILE);
    expect(() =>
      loadCaseManagementConfig({ ...secret, PLANNED_READMISSION_FILE: '/nonexistent.tsv' }),
    ).toThrow(/PLANNED_READMISSION_FILE[\s\S]*cannot be read/);
    expect(
      loadCaseManagementConfig({ ...secret, CCSR_DX_FILE: SHIPPED_CCSR_TABLE_FILE }).CCSR_DX_FILE,
    ).toBe(SHIPPED_CCSR_TABLE_FILE);
    const bad = join(mkdtempSync(join(tmpdir(), 'ccsr-config-')), 'dxccsr.tsv');
    const header = { kind: 'header', id: 't', version: 'v0', asOf: '2024-01-01', source: 's' };
    writeFileSync(
      bad,
      `${JSON.stringify(header)}\ncode\tdefaultInpatient\tcategories\nI509\tCIR019\tcir019\n`,
    );
    expect(() => loadCaseManagementConfig({ ...secret, CCSR_DX_FILE: bad })).toThrow(
      /CCSR_DX_FILE[\s\S]*line 3: category "cir019" is not a CCSR category/,
    );
  });
});
