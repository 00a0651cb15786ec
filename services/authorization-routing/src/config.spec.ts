import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeConfig } from '@careflow/platform';
import { AuthorizationRoutingConfigShape, loadAuthorizationRoutingConfig } from './config';

describe('authorization-routing configuration', () => {
  it('is documented in the README exactly as describeConfig renders it', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(describeConfig(AuthorizationRoutingConfigShape));
  });

  it('handles every partition of a topic at once by default, and accepts another value', () => {
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
    expect(loadAuthorizationRoutingConfig(secret).KAFKA_PARTITIONS_CONCURRENCY).toBe(6);
    expect(
      loadAuthorizationRoutingConfig({ ...secret, KAFKA_PARTITIONS_CONCURRENCY: '2' })
        .KAFKA_PARTITIONS_CONCURRENCY,
    ).toBe(2);
    expect(() =>
      loadAuthorizationRoutingConfig({ ...secret, KAFKA_PARTITIONS_CONCURRENCY: '0' }),
    ).toThrow(/KAFKA_PARTITIONS_CONCURRENCY/);
  });

  it('commits offsets on a timer and sends decisions straight after commit, unless told otherwise', () => {
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
    const defaults = loadAuthorizationRoutingConfig(secret);
    expect(defaults.KAFKA_COMMIT_INTERVAL_MS).toBe(250);
    expect(defaults.OUTBOX_PUBLISH_AFTER_COMMIT).toBe(true);
    const classic = loadAuthorizationRoutingConfig({
      ...secret,
      KAFKA_COMMIT_INTERVAL_MS: '0',
      OUTBOX_PUBLISH_AFTER_COMMIT: 'false',
    });
    expect(classic.KAFKA_COMMIT_INTERVAL_MS).toBe(0);
    expect(classic.OUTBOX_PUBLISH_AFTER_COMMIT).toBe(false);
    expect(() =>
      loadAuthorizationRoutingConfig({ ...secret, OUTBOX_PUBLISH_AFTER_COMMIT: 'yes' }),
    ).toThrow(/OUTBOX_PUBLISH_AFTER_COMMIT/);
  });
});
