import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaAclGrants, kafkaPrincipals, topics } from '@careflow/contracts';
import {
  createKafkaClient,
  ensureTopics,
  RawPublisher,
  silentLogger,
  syncAcls,
  TopicProbe,
} from '@careflow/messaging';
import { kafkaConnectionFromEnv } from '@careflow/platform';
import {
  newMember,
  paRequest,
  span,
  startHarness,
  type Harness,
} from '../services/authorization-routing/test/harness';
import { MllpListener } from '../services/interop-gateway/src/hl7/mllp-listener';
import {
  startHarness as startGatewayHarness,
  type Harness as GatewayHarness,
} from '../services/interop-gateway/test/harness';
import { MllpClient, newId, sample } from '../services/interop-gateway/test/mllp-client';

/**
 * The project's broker's SASL_SSL listener (infra/up.sh exports where it is): TLS, SCRAM logins
 * and the ACLs generated from the catalog, seen from the outside as each principal.
 */
const listener = {
  brokers: process.env.KAFKA_SASL_SSL_BROKERS,
  ca: process.env.KAFKA_SASL_SSL_CA_FILE,
  credentials: process.env.KAFKA_SASL_SSL_CREDENTIALS_DIR,
};
const configured = Object.values(listener).every((v) => v !== undefined && v !== '');
/** The broker npm test starts: nothing may be skipped against it. */
const ownBroker =
  (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092') ===
  `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
if (!configured && !ownBroker)
  process.stderr.write(
    'kafka-security: KAFKA_BROKERS is not the project broker and KAFKA_SASL_SSL_BROKERS, KAFKA_SASL_SSL_CA_FILE, KAFKA_SASL_SSL_CREDENTIALS_DIR are unset: skipping the SASL_SSL tests\n',
  );

/** Variables that make a client `principal` on the SASL_SSL listener. */
function envOf(principal: string, password?: string): Record<string, string> {
  return {
    KAFKA_BROKERS: listener.brokers ?? '',
    KAFKA_SECURITY_PROTOCOL: 'sasl_ssl',
    KAFKA_SSL_CA_FILE: listener.ca ?? '',
    KAFKA_SASL_USERNAME: principal,
    ...(password !== undefined
      ? { KAFKA_SASL_PASSWORD: password }
      : { KAFKA_SASL_PASSWORD_FILE: join(listener.credentials ?? '', `${principal}.password`) }),
  };
}

function clientAs(principal: string, password?: string) {
  return createKafkaClient(
    kafkaConnectionFromEnv(`security-test-${principal}`, envOf(principal, password)),
    silentLogger,
  );
}

/** Connects and lists topics once, without kafkajs' retries; resolves to the error, if any. */
async function attempt(kafka: ReturnType<typeof clientAs>): Promise<unknown> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.listTopics();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await admin.disconnect();
  }
}

/** The broker's error code behind a kafkajs error, e.g. TOPIC_AUTHORIZATION_FAILED. */
function errorType(error: unknown): string {
  const e = error as { type?: string; cause?: { type?: string } };
  return e.type ?? e.cause?.type ?? String(error);
}

/** One send without retries; resolves to the error's type, if any. */
async function sendAs(principal: string, topic: string): Promise<string | undefined> {
  const producer = clientAs(principal).producer({ retry: { retries: 0 } });
  await producer.connect();
  try {
    await producer.send({ topic, messages: [{ key: 'M-1', value: '{}' }] });
    return undefined;
  } catch (error) {
    return errorType(error);
  } finally {
    await producer.disconnect();
  }
}

/** Subscribes and joins `groupId`; resolves to the error's type, or undefined once it reads. */
async function consumeAs(
  principal: string,
  topic: string,
  groupId: string,
): Promise<string | undefined> {
  const consumer = clientAs(principal).consumer({ groupId, retry: { retries: 0 } });
  const outcome = new Promise<string | undefined>((resolve) => {
    consumer.on(consumer.events.CRASH, (event) => resolve(errorType(event.payload.error)));
    consumer.on(consumer.events.GROUP_JOIN, () => resolve(undefined));
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async () => undefined });
    return await outcome;
  } catch (error) {
    return errorType(error);
  } finally {
    await consumer.disconnect();
  }
}

/** `probe()` until it answers `expected` (ACL changes reach the authorizer a moment later). */
async function settlesTo<T>(expected: T, probe: () => Promise<T>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer === expected || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the project broker without SASL_SSL settings', () => {
  it('is never the case: infra/up.sh exports them for its own broker', () => {
    expect(configured || !ownBroker).toBe(true);
  });
});

(configured ? describe : describe.skip)('Kafka over SASL_SSL with the catalog ACLs', () => {
  it('has the generated CA and a password for every principal', () => {
    expect(existsSync(listener.ca ?? '')).toBe(true);
    for (const p of ['authorization-routing', 'integrator', 'source-pa-portals', 'eligibility'])
      expect(existsSync(join(listener.credentials ?? '', `${p}.password`))).toBe(true);
  });

  describe('the platform end to end', () => {
    let h: Harness;

    beforeAll(async () => {
      // authorization-routing itself logs in as its own principal over TLS.
      h = await startHarness(envOf('authorization-routing'));
    });

    afterAll(async () => {
      await h.stop();
    });

    it('routes a PA portal request and the integrator reads the decision', async () => {
      const memberId = newMember();
      const coverage = new RawPublisher(clientAs('eligibility'));
      const portal = new RawPublisher(clientAs('source-pa-portals'));
      const decisions = await TopicProbe.start(
        clientAs('integrator'),
        [topics.paRoutingDecisions.name],
        'integrator',
      );
      try {
        await coverage.publish(topics.memberCoverage.name, [
          {
            type: topics.memberCoverage.eventType,
            key: memberId,
            data: { memberId, spans: [span()], version: 1 },
          },
        ]);
        const request = paRequest(memberId);
        await portal.publish(topics.paRequests.name, [
          { type: topics.paRequests.eventType, key: memberId, data: request },
        ]);
        const [decision] = await decisions.waitFor(
          (r) => (r.value as { requestId?: string } | null)?.requestId === request.requestId,
          { timeoutMs: 60000 },
        );
        expect(decision?.value).toMatchObject({
          requestId: request.requestId,
          outcome: 'routed',
          vendor: { id: 'aim-specialty-health' },
        });
      } finally {
        await decisions.stop();
        await portal.close();
        await coverage.close();
      }
    });
  });

  describe('the interop gateway as its own principal', () => {
    let gateway: GatewayHarness;

    beforeAll(async () => {
      // It may write its topics and create none, so it runs without provisioning them: the topics
      // exist first, as the services that create them would have made them (whatever suite ran
      // before this one).
      await ensureTopics(
        createKafkaClient(kafkaConnectionFromEnv('security-test-topics'), silentLogger),
        { partitions: Number(process.env['KAFKA_PARTITIONS'] ?? 6) },
        silentLogger,
      );
      gateway = await startGatewayHarness({
        ...envOf('interop-gateway'),
        KAFKA_PROVISION_TOPICS: 'false',
      });
    });

    afterAll(async () => {
      await gateway.stop();
    });

    it('publishes an admission it received over MLLP to adt.stays.v1', async () => {
      const memberId = newMember();
      const stays = await TopicProbe.start(
        createKafkaClient(kafkaConnectionFromEnv('security-test-stays'), silentLogger),
        [topics.adtStays.name],
      );
      const client = await MllpClient.open(gateway.service.app.get(MllpListener).port);
      try {
        const controlId = newId();
        const ack = await client.send(await sample('adt-a01-admission.hl7', memberId, controlId));
        expect(ack[1]).toBe(`MSA|AA|${controlId}`);
        const [event] = await stays.waitFor((r) => r.key === memberId, { timeoutMs: 60000 });
        expect(event?.value).toMatchObject({ memberId, change: 'admitted' });
      } finally {
        client.close();
        await stays.stop();
      }
    });
  });

  it('refuses a client that does not log in', async () => {
    const { sasl: _sasl, ...tlsOnly } = kafkaConnectionFromEnv(
      'security-test-anonymous',
      envOf('integrator'),
    );
    const error = await attempt(createKafkaClient(tlsOnly, silentLogger));
    expect(error).toBeDefined();
  });

  it('refuses a wrong password', async () => {
    const error = await attempt(clientAs('integrator', 'not-the-password'));
    expect(error).toMatchObject({ name: 'KafkaJSSASLAuthenticationError' });
  });

  it('refuses a plaintext client on the TLS port', async () => {
    const error = await attempt(
      createKafkaClient(
        kafkaConnectionFromEnv('security-test-plaintext', {
          KAFKA_BROKERS: listener.brokers ?? '',
        }),
        silentLogger,
      ),
    );
    expect(error).toBeDefined();
  });

  it('accepts the right password (the refusals above are the ACLs and logins, not the setup)', async () => {
    expect(await attempt(clientAs('integrator'))).toBeUndefined();
  });

  it('refuses a service writing a topic it does not own', async () => {
    expect(await sendAs('authorization-routing', topics.ccmCases.name)).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );
    expect(await sendAs('source-pa-portals', topics.paRoutingDecisions.name)).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );
  });

  it('lets the integrator join its own groups on the decisions', async () => {
    expect(
      await consumeAs('integrator', topics.paRoutingDecisions.name, `integrator-${newMember()}`),
    ).toBeUndefined();
  });

  it('lets the integrator write nothing, not even the topic it reads', async () => {
    for (const topic of [topics.paRoutingDecisions.name, topics.paRequests.name])
      expect(await sendAs('integrator', topic)).toBe('TOPIC_AUTHORIZATION_FAILED');
    const admin = clientAs('integrator').admin({ retry: { retries: 0 } });
    await admin.connect();
    try {
      await expect(
        admin.createTopics({ topics: [{ topic: `integrator-made-${newMember()}` }] }),
      ).rejects.toThrow();
    } finally {
      await admin.disconnect();
    }
  });

  it('keeps the integrator out of topics and groups it was not given', async () => {
    const group = (prefix: string): string => `${prefix}-${newMember()}`;
    // The broker answers FindCoordinator with GROUP_AUTHORIZATION_FAILED; kafkajs drops that code
    // and reports the coordinator as not found (the same topic in an `integrator-` group joins,
    // in the test above).
    expect(await consumeAs('integrator', topics.paRoutingDecisions.name, group('other'))).toMatch(
      /GROUP_AUTHORIZATION_FAILED|KafkaJSGroupCoordinatorNotFound/,
    );
    expect(await consumeAs('integrator', topics.paRequests.name, group('integrator'))).toBe(
      'TOPIC_AUTHORIZATION_FAILED',
    );
  });

  it('repairs drifted ACLs: a grant added by hand is removed, a deleted one comes back', async () => {
    const kafka = clientAs('admin');
    const principals = kafkaPrincipals()
      .filter((p) => p.role !== 'admin')
      .map((p) => p.name);
    const grants = kafkaAclGrants();
    // A stray grant: the integrator may write PA requests.
    await syncAcls(
      kafka,
      [
        ...grants,
        {
          principal: 'integrator',
          resourceType: 'TOPIC',
          resourceName: topics.paRequests.name,
          patternType: 'LITERAL',
          operation: 'WRITE',
        },
      ],
      principals,
    );
    expect(await settlesTo(undefined, () => sendAs('integrator', topics.paRequests.name))).toBe(
      undefined,
    );
    // And one missing: the PA portals may not write their topic.
    const withoutPortal = grants.filter((g) => g.principal !== 'source-pa-portals');
    await syncAcls(kafka, withoutPortal, principals);
    const refused = 'TOPIC_AUTHORIZATION_FAILED';
    expect(
      await settlesTo(refused, () => sendAs('source-pa-portals', topics.paRequests.name)),
    ).toBe(refused);
    const repaired = await syncAcls(kafka, grants, principals);
    expect(repaired).toEqual({ created: 1, removed: 0, unchanged: grants.length - 1 });
    expect(await settlesTo(refused, () => sendAs('integrator', topics.paRequests.name))).toBe(
      refused,
    );
    expect(
      await settlesTo(undefined, () => sendAs('source-pa-portals', topics.paRequests.name)),
    ).toBeUndefined();
  });
});
