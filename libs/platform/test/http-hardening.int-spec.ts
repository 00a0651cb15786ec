import { startTestService, type TestService } from '../src/testing/test-service';
import { ProbeModule } from './probe.module';

const supervisor = { id: 'sup-rate', name: 'Sue', roles: ['supervisor'] as const };
const other = { id: 'sup-other', name: 'Sam', roles: ['supervisor'] as const };
const LIMIT = 5;

describe('HTTP hardening of a service in production mode', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(
      ProbeModule.register('platform_probe_http', {
        ...process.env,
        NODE_ENV: 'production',
        // The test broker's listener is plaintext; HTTP, not Kafka, is under test here.
        KAFKA_ALLOW_PLAINTEXT_IN_PRODUCTION: 'i-understand-phi-travels-unencrypted',
        HTTP_RATE_LIMIT: String(LIMIT),
        HTTP_RATE_WINDOW_MS: '60000',
      }),
    );
  });

  afterAll(async () => {
    await service.stop();
  });

  it('sends security headers and no-store on every answer, errors included', async () => {
    for (const answer of [
      await service.request('POST', '/echo', { principal: other, body: { count: 1 } }),
      await service.request('POST', '/echo', { body: { count: 1 } }),
      await service.request('GET', '/health/live'),
    ]) {
      const h = answer.headers;
      expect(h.get('cache-control')).toBe('no-store');
      expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(h.get('content-security-policy')).toContain("object-src 'none'");
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(h.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(h.get('referrer-policy')).toBe('no-referrer');
      expect(h.get('x-powered-by')).toBeNull();
    }
  });

  it('serves no OpenAPI documents in production unless HTTP_DOCS=on', async () => {
    expect((await service.request('GET', '/docs')).status).toBe(404);
    expect((await service.request('GET', '/docs/openapi.json')).status).toBe(404);
  });

  it('answers 429 with a clear message once a principal passes its limit; others and health go on', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < LIMIT; n++) {
      const r = await service.request('POST', '/echo', {
        principal: supervisor,
        body: { count: 1 },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual(Array(LIMIT).fill(201));
    const limited = await service.request('POST', '/echo', {
      principal: supervisor,
      body: { count: 1 },
    });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/^too many requests: at most 5 per 60 s; retry in \d+ s$/),
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const someoneElse = await service.request('POST', '/echo', {
      principal: other,
      body: { count: 1 },
    });
    expect(someoneElse.status).toBe(201);
    for (let n = 0; n < LIMIT + 2; n++) {
      expect((await service.request('GET', '/health/ready')).status).toBe(200);
    }
  });
});
