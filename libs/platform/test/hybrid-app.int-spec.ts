import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { deadLetterTopicOf, labResultReportedSamples, topics } from '@careflow/contracts';
import { createKafkaClient, RawPublisher, silentLogger, TopicProbe } from '@careflow/messaging';
import { kafkaConnectionFromEnv } from '@careflow/messaging';
import { startTestService, type TestService } from '../src/testing/test-service';
import { ProbeModule } from './probe.module';

const lab = labResultReportedSamples[0];
const supervisor = { id: 'sup-1', name: 'Sue', roles: ['supervisor'] as const };
const caseManager = { id: 'cm-1', name: 'Cal', roles: ['case-manager'] as const };

describe('a hybrid service on the platform', () => {
  let service: TestService;
  let probe: TopicProbe;
  const kafka = createKafkaClient(kafkaConnectionFromEnv('platform-test'), silentLogger);
  const publisher = new RawPublisher(kafka);

  beforeAll(async () => {
    const admin = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await admin.initialize();
    await admin.query(`DROP SCHEMA IF EXISTS platform_probe CASCADE`);
    await admin.destroy();
    service = await startTestService(ProbeModule.register());
    probe = await TopicProbe.start(kafka, [deadLetterTopicOf(topics.labResults.name)]);
  });

  afterAll(async () => {
    await probe.stop();
    await publisher.close();
    await service.stop();
  });

  it('is live and ready, with OpenAPI docs, without a token', async () => {
    expect((await service.request('GET', '/health/live')).status).toBe(200);
    const ready = await service.request('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      status: 'up',
      checks: {
        database: { status: 'up' },
        kafka: { status: 'up' },
        consumers: { status: 'up' },
        jobs: { status: 'up' },
      },
    });
    const docs = await service.request('GET', '/docs/openapi.json');
    expect(docs.status).toBe(200);
    const document = docs.body as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { schemas: Record<string, unknown> };
    };
    // The body documented is the zod schema the pipe validates with; the answers are the platform's.
    const echo = document.paths['/echo']!['post']!;
    expect(document.components.schemas['EchoBody']).toEqual({
      type: 'object',
      properties: { count: { type: 'integer', minimum: 1 } },
      required: ['count'],
    });
    expect(echo['x-required-roles']).toEqual(['supervisor']);
    const responses = echo['responses'] as Record<string, { content?: unknown }>;
    expect(Object.keys(responses).sort()).toEqual([
      '201',
      '400',
      '401',
      '403',
      '413',
      '429',
      '503',
    ]);
    expect(responses['403']).toMatchObject({
      description: expect.stringContaining('supervisor'),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    expect(document.paths['/health/live']!['get']!['security']).toEqual([]);
  });

  it('needs a valid token and the right role on every other route', async () => {
    expect((await service.request('POST', '/echo', { body: { count: 1 } })).status).toBe(401);
    expect(
      (await service.request('POST', '/echo', { token: 'not-a-jwt', body: { count: 1 } })).status,
    ).toBe(401);
    expect(
      (
        await service.request('POST', '/echo', {
          principal: { ...caseManager, roles: [...caseManager.roles] },
          body: { count: 1 },
        })
      ).status,
    ).toBe(403);
    const ok = await service.request('POST', '/echo', {
      principal: { ...supervisor, roles: [...supervisor.roles] },
      body: { count: 2 },
    });
    expect(ok).toMatchObject({ status: 201, body: { count: 2, by: 'sup-1' } });
  });

  it('answers 4xx that say what is wrong, and 500 without internals', async () => {
    const principal = { ...supervisor, roles: [...supervisor.roles] };
    const invalid = await service.request('POST', '/echo', { principal, body: { count: 0 } });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('count');
    const malformed = await service.request('POST', '/echo', { principal, body: '{"count":' });
    expect(malformed.status).toBe(400);
    const huge = await service.request('POST', '/echo', {
      principal,
      body: JSON.stringify({ count: 1, pad: 'x'.repeat(400_000) }),
    });
    expect(huge.status).toBe(413);
    const boom = await service.request('GET', '/boom', { principal });
    expect(boom.status).toBe(500);
    expect(boom.text).not.toContain('secret detail');
  });

  it('in tests, fails an answer that is not what its route documents', async () => {
    const principal = { ...supervisor, roles: [...supervisor.roles] };
    const documented = await service.request('POST', '/echo', { principal, body: { count: 2 } });
    expect(documented).toMatchObject({ status: 201, body: { count: 2, by: supervisor.id } });
    for (const count of [1, 2]) {
      const undocumented = await service.request('POST', '/echo-undocumented', {
        principal,
        body: { count },
      });
      expect(undocumented.status).toBe(500);
    }
  });

  it('runs event handlers through the global filter: a rejected event goes to the DLQ, the next one is handled', async () => {
    const member = `M-${randomUUID().slice(0, 8)}`;
    const goodId = randomUUID();
    await publisher.publish(topics.labResults.name, [
      {
        type: 'lab-result.reported',
        key: member,
        data: { ...lab, memberId: member, resultId: 'REJECT-1' },
      },
      {
        id: goodId,
        type: 'lab-result.reported',
        key: member,
        data: { ...lab, memberId: member, resultId: 'OK-1' },
      },
    ]);
    const [dead] = await probe.waitFor((r) => r.key === member);
    expect(dead!.headers['dlq-error-class']).toBe('rejected-event');
    expect(dead!.headers['dlq-error-message']).toContain('refuses');
    const dataSource = service.app.get(DataSource);
    for (let i = 0; i < 100; i += 1) {
      const rows = await dataSource.query(`SELECT 1 FROM handled WHERE event_id = $1`, [goodId]);
      if (rows.length === 1) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the valid event after the rejected one was not handled');
  });

  it('serves Prometheus metrics without a token, by topic and route template, never by member', async () => {
    const member = `M-${randomUUID().slice(0, 8)}`;
    await publisher.publish(topics.labResults.name, [
      {
        type: 'lab-result.reported',
        key: member,
        data: { ...lab, memberId: member, resultId: `OK-${member}` },
      },
    ]);
    await service.request('GET', `/members/${member}/nothing-here`);
    let text = '';
    for (let i = 0; i < 100; i += 1) {
      const scrape = await service.request('GET', '/metrics');
      expect(scrape.status).toBe(200);
      expect(scrape.headers.get('content-type')).toContain('text/plain');
      text = scrape.text;
      if (/careflow_events_handled_total\{[^}]*topic="labs.results.v1"[^}]*\} [1-9]/.test(text))
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(text).toMatch(/careflow_events_handled_total\{[^}]*topic="labs.results.v1"/);
    expect(text).toMatch(/careflow_event_end_to_end_seconds_bucket\{[^}]*topic="labs.results.v1"/);
    expect(text).toMatch(
      /careflow_consumer_lag\{[^}]*group="[^"]+",topic="labs.results.v1",partition="\d+"/,
    );
    expect(text).toMatch(/careflow_outbox_waiting\{[^}]*\} \d+/);
    expect(text).toMatch(/careflow_db_pool_connections\{[^}]*state="idle"/);
    expect(text).toMatch(/careflow_http_requests_total\{[^}]*route="\/health\/ready"/);
    expect(text).toMatch(/route="\(unmatched\)"/);
    expect(text).toMatch(/process_resident_memory_bytes/);
    expect(text).not.toContain(member);
    // The job queue: inbox pruning and table maintenance, every service's jobs, run once at start;
    // figures by job name.
    for (let i = 0; i < 150; i += 1) {
      text = (await service.request('GET', '/metrics')).text;
      if (
        /careflow_jobs_completed_total\{[^}]*job="inbox-prune"[^}]*\} [1-9]/.test(text) &&
        /careflow_jobs_completed_total\{[^}]*job="table-maintenance"[^}]*\} [1-9]/.test(text)
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(text).toMatch(/careflow_jobs_completed_total\{[^}]*job="inbox-prune"[^}]*\} [1-9]/);
    // The service's own VACUUM / ANALYZE (DATABASE_MAINTENANCE=auto) runs once at start too.
    expect(text).toMatch(
      /careflow_jobs_completed_total\{[^}]*job="table-maintenance"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(
      /careflow_job_queue_depth\{[^}]*job="inbox-prune",state="waiting"[^}]*\} \d+/,
    );
    expect(text).toMatch(
      /careflow_job_queue_depth\{[^}]*job="inbox-prune",state="active"[^}]*\} \d+/,
    );
  });
});
