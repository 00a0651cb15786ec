import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

/** docker-compose.yml cannot run here (no Docker engine): keep it correct by reading it. */
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] | string };
}

const text = readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8');
const compose = parse(text, {
  merge: true,
}) as {
  services: Record<string, ComposeService>;
};
/** The specification's schema (test/schemas/README.md); its `$schema` names draft-07 by an URL
 * form Ajv does not know, and draft-07 is Ajv's default anyway. */
function composeSchema(): ValidateFunction {
  const { $schema: _draft, ...schema } = JSON.parse(
    readFileSync(join(__dirname, 'schemas', 'compose-spec.json'), 'utf8'),
  ) as Record<string, unknown>;
  return new Ajv({ strict: false, allErrors: true }).compile(schema);
}

const services = [
  'eligibility',
  'authorization-routing',
  'case-management',
  'pcp-notification',
  'interop-gateway',
];

describe('docker-compose.yml', () => {
  it('is a valid Compose file by the Compose Specification’s JSON Schema', () => {
    const validate = composeSchema();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected by that schema when it breaks it (the check can fail)', () => {
    expect(composeSchema()({ services: { kafka: { ports: [{ published: {} }] } } })).toBe(false);
    expect(composeSchema()({ services: { kafka: { restart_policy: 'always' } } })).toBe(false);
  });

  it('runs the pinned Kafka 4.4.0 (3.9.1 selectable) in KRaft mode and PostgreSQL, both with health checks', () => {
    const kafka = compose.services['kafka']!;
    expect(kafka.image).toBe('apache/kafka:${KAFKA_VERSION:-4.4.0}');
    expect(kafka.environment?.['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(kafka.healthcheck).toBeDefined();
    const postgres = compose.services['postgres']!;
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.healthcheck).toBeDefined();
  });

  it.each(services)(
    'runs %s on its contract port once Kafka and PostgreSQL are healthy',
    (name) => {
      const service = compose.services[name]!;
      const ports: Record<string, string> = {
        eligibility: '3001',
        'authorization-routing': '3002',
        'case-management': '3003',
        'pcp-notification': '3004',
        'interop-gateway': '3005',
      };
      expect(service.build?.args?.['SERVICE']).toBe(name);
      expect(service.ports?.some((p) => p.endsWith(`:${ports[name]}`))).toBe(true);
      expect(service.depends_on?.['kafka']?.condition).toBe('service_healthy');
      expect(service.depends_on?.['postgres']?.condition).toBe('service_healthy');
      expect(service.environment?.['KAFKA_BROKERS']).toBeDefined();
      // Production mode: OIDC tokens (no shared secret), and Kafka's plaintext only by name.
      expect(service.environment?.['NODE_ENV']).toBe('production');
      expect(service.environment?.['AUTH_MODE']).toBe('oidc');
      expect(service.environment?.['AUTH_ISSUER']).toMatch(/^\$\{AUTH_ISSUER:\?/);
      expect(service.environment?.['AUTH_JWT_SECRET']).toBeUndefined();
      expect(service.environment?.['KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION']).toMatch(
        /^\$\{KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION:\?/,
      );
      // Its own roles: the application role for the pool, the owner for migrations.
      const schema = name.replace(/-/g, '_');
      expect(service.environment?.['DATABASE_ROLES']).toBe('given');
      expect(service.environment?.['DATABASE_URL']).toMatch(
        new RegExp(`^postgres://careflow_${schema}_app:\\$\\{`),
      );
      expect(service.environment?.['DATABASE_MIGRATION_URL']).toMatch(
        new RegExp(`^postgres://careflow_${schema}_owner:\\$\\{`),
      );
      expect(service.depends_on?.['db-roles']?.condition).toBe('service_completed_successfully');
    },
  );

  it('requires every secret (no default a production deployment could fall back on)', () => {
    const secret = /SECRET|PASSWORD|TOKEN|KEY/;
    const references = [...text.matchAll(/\$\{([A-Z0-9_]+)([^}]*)\}/g)];
    const secrets = references.filter(([, name]) => secret.test(name!));
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    for (const [whole, , rest] of secrets)
      expect([whole, rest!.startsWith(':?')]).toEqual([whole, true]);
    // And no literal password: every URL's password is a required variable.
    for (const [url] of text.matchAll(/postgres:\/\/[^\s'"]+/g)) {
      expect(url).toMatch(/^postgres:\/\/[a-z_]+:\$\{[A-Z0-9_]+:\?/);
    }
    for (const service of Object.values(compose.services)) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        if (secret.test(variable))
          expect([variable, String(value)]).toEqual([
            variable,
            expect.stringMatching(/^\$\{[A-Z0-9_]+:\?/),
          ]);
      }
    }
  });

  it('runs the interop gateway with its MLLP port, creating no topic, after the services that do', () => {
    const gateway = compose.services['interop-gateway']!;
    expect(gateway.ports).toContain('127.0.0.1:2575:2575');
    expect(gateway.environment?.['MLLP_PORT']).toBe(2575);
    expect(gateway.environment?.['KAFKA_PROVISION_TOPICS']).toBe('false');
    expect(gateway.depends_on?.['eligibility']?.condition).toBe('service_healthy');
    expect(gateway.depends_on?.['case-management']?.condition).toBe('service_healthy');
    const roles = compose.services['db-roles']!.environment ?? {};
    expect(roles['DATABASE_OWNER_PASSWORD_INTEROP_GATEWAY']).toMatch(
      /^\$\{INTEROP_GATEWAY_DB_OWNER_PASSWORD:\?/,
    );
    expect(roles['DATABASE_APP_PASSWORD_INTEROP_GATEWAY']).toMatch(
      /^\$\{INTEROP_GATEWAY_DB_APP_PASSWORD:\?/,
    );
  });

  it('makes the roles first, with the project tool, as the administrator', () => {
    const roles = compose.services['db-roles']!;
    expect(roles.depends_on?.['postgres']?.condition).toBe('service_healthy');
    expect(roles.environment?.['DATABASE_ROLE_PREFIX']).toBe('careflow');
    expect(JSON.stringify(roles)).toContain('tools/dist/db-roles.js');
  });
});
