import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeConfig } from '@careflow/platform';
import { loadPcpNotificationConfig, PcpNotificationConfigShape } from './config';

describe('pcp-notification configuration', () => {
  it('is documented in the README exactly as describeConfig renders it', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(describeConfig(PcpNotificationConfigShape));
  });

  it('refuses an unknown delivery channel, naming the variable', () => {
    expect(() =>
      loadPcpNotificationConfig({ AUTH_JWT_SECRET: 'x'.repeat(32), DELIVERY_CHANNEL: 'pigeon' }),
    ).toThrow(/DELIVERY_CHANNEL/);
  });
});
