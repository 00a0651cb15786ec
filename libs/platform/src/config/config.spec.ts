import { z } from 'zod';
import { commonConfigShape, ConfigError, describeConfig, loadConfig } from './config';

const secret = 'a'.repeat(32);

describe('loadConfig', () => {
  it('applies defaults and parses lists and numbers', () => {
    const config = loadConfig(commonConfigShape, {
      AUTH_JWT_SECRET: secret,
      KAFKA_BROKERS: 'a:1, b:2',
      KAFKA_PARTITIONS: '12',
    });
    expect(config.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(config.KAFKA_PARTITIONS).toBe(12);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/careflow');
  });

  it('names every variable at fault', () => {
    expect(() =>
      loadConfig(commonConfigShape, { KAFKA_PARTITIONS: 'many', KAFKA_BROKERS: 'nohost' }),
    ).toThrow(ConfigError);
    try {
      loadConfig(commonConfigShape, { KAFKA_PARTITIONS: 'many', KAFKA_BROKERS: 'nohost' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('KAFKA_PARTITIONS');
      expect(message).toContain('KAFKA_BROKERS');
      expect(message).not.toContain('AUTH_JWT_SECRET');
    }
  });

  it('reads the hardening variables, and stops on a wrong one naming it', () => {
    const base = { AUTH_JWT_SECRET: secret };
    const defaults = loadConfig(commonConfigShape, base);
    expect(defaults).toMatchObject({
      HTTP_TRUST_PROXY: ['loopback'],
      HTTP_DOCS: 'auto',
      DATABASE_ROLES: 'auto',
    });
    const proxies = (value: string) =>
      loadConfig(commonConfigShape, { ...base, HTTP_TRUST_PROXY: value }).HTTP_TRUST_PROXY;
    expect(proxies('false')).toBe(false);
    expect(proxies('2')).toBe(2);
    expect(proxies('loopback, 10.0.0.0/8')).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => proxies('everyone')).toThrow(/HTTP_TRUST_PROXY/);
    expect(() => loadConfig(commonConfigShape, { ...base, DATABASE_ROLES: 'superuser' })).toThrow(
      /DATABASE_ROLES/,
    );
    expect(() =>
      loadConfig(commonConfigShape, { ...base, DATABASE_APP_PASSWORD: 'short' }),
    ).toThrow(/DATABASE_APP_PASSWORD: at least 16 characters/);
  });

  it('documents variables with their defaults', () => {
    const table = describeConfig({ PORT: z.coerce.number().default(3001).describe('HTTP port.') });
    expect(table).toContain('| `PORT` | `3001` | HTTP port. |');
  });
});
