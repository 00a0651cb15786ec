import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, ComposeService>;
};
const services = ['eligibility', 'authorization-routing', 'case-management', 'pcp-notification'];

describe('docker-compose.yml', () => {
  it('runs the pinned Kafka 3.9.1 in KRaft mode and PostgreSQL, both with health checks', () => {
    const kafka = compose.services['kafka']!;
    expect(kafka.image).toBe('apache/kafka:3.9.1');
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
      };
      expect(service.build?.args?.['SERVICE']).toBe(name);
      expect(service.ports?.some((p) => p.endsWith(`:${ports[name]}`))).toBe(true);
      expect(service.depends_on?.['kafka']?.condition).toBe('service_healthy');
      expect(service.depends_on?.['postgres']?.condition).toBe('service_healthy');
      expect(service.environment?.['KAFKA_BROKERS']).toBeDefined();
      expect(service.environment?.['DATABASE_URL']).toMatch(/^postgres:\/\//);
      expect(service.environment?.['AUTH_JWT_SECRET']).toBeDefined();
    },
  );
});
