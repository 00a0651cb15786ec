import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeConfig } from '@careflow/platform';
import { loadPcpNotificationConfig, PcpNotificationConfigShape } from './config';

describe('pcp-notification configuration', () => {
  it('is documented in the README exactly as describeConfig renders it', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(describeConfig(PcpNotificationConfigShape));
  });

  it('in production, stops start-up unless the letterhead (plan name, program, phone, address) is configured', () => {
    const production = {
      NODE_ENV: 'production',
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: 'https://login.plan.example',
      AUTH_AUDIENCE: 'careflow-pcp-notification',
    };
    expect(() => loadPcpNotificationConfig(production)).toThrow(
      /PLAN_NAME, PROGRAM_NAME, PROVIDER_SERVICES_PHONE, PLAN_ADDRESS must be set in production/,
    );
    const letterhead = {
      PLAN_NAME: 'Blue Shield of California Promise Health Plan',
      PROGRAM_NAME: 'Complex Case Management Program',
      PROVIDER_SERVICES_PHONE: '(800) 468-9935',
      PLAN_ADDRESS: '3840 Kilroy Airport Way, Long Beach, CA 90806',
    };
    expect(loadPcpNotificationConfig({ ...production, ...letterhead }).PLAN_NAME).toBe(
      letterhead.PLAN_NAME,
    );
    // Development keeps working with the defaults.
    expect(loadPcpNotificationConfig({ AUTH_JWT_SECRET: 'x'.repeat(32) }).PLAN_ADDRESS).toMatch(
      /CA/,
    );
  });

  it('refuses an unknown delivery channel, naming the variable', () => {
    expect(() =>
      loadPcpNotificationConfig({ AUTH_JWT_SECRET: 'x'.repeat(32), DELIVERY_CHANNEL: 'pigeon' }),
    ).toThrow(/DELIVERY_CHANNEL/);
  });
});
