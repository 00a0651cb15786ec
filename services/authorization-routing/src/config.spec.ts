import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

  it('loads a drug class reference file and stops on a bad one, naming the variable and line', () => {
    const secret = { AUTH_JWT_SECRET: 'x'.repeat(32) };
    expect(loadAuthorizationRoutingConfig(secret).DRUG_CLASS_REFERENCE_FILE).toBe('');
    const dir = mkdtempSync(join(tmpdir(), 'drug-ref-'));
    const header = '{"kind":"header","id":"t","version":"1","asOf":"2026-01-01","source":"test"}';
    const good = join(dir, 'good.jsonl');
    writeFileSync(
      good,
      `${header}\n{"kind":"code","code":"J1999","name":"x","category":"other","drugClass":"y"}\n`,
    );
    expect(
      loadAuthorizationRoutingConfig({ ...secret, DRUG_CLASS_REFERENCE_FILE: good })
        .DRUG_CLASS_REFERENCE_FILE,
    ).toBe(good);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(
      bad,
      `${header}\n{"kind":"code","code":"1999","name":"x","category":"other","drugClass":"y"}\n`,
    );
    expect(() =>
      loadAuthorizationRoutingConfig({ ...secret, DRUG_CLASS_REFERENCE_FILE: bad }),
    ).toThrow(/DRUG_CLASS_REFERENCE_FILE[\s\S]*line 2: code/);
  });
});
