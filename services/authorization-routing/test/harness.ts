import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  deadLetterTopicOf,
  topics,
  type CoverageSpan,
  type PaRequested,
  type PaRoutingDecision,
} from '@careflow/contracts';
import {
  createKafkaClient,
  RawPublisher,
  silentLogger,
  TopicProbe,
  type ProbedRecord,
} from '@careflow/messaging';
import { kafkaConnectionFromEnv, startTestService, type TestService } from '@careflow/platform';
import { AuthorizationRoutingModule } from '../src/authorization-routing.module';
import { loadAuthorizationRoutingConfig } from '../src/config';

/** An integrator for the vendor the tests' requests are routed to (AIM Specialty Health). */
export const integrator = {
  id: 'int-1',
  name: 'Integration Partner',
  roles: ['integrator'] as const,
  vendors: ['aim-specialty-health'],
};
export const admin = { id: 'admin-1', name: 'Platform Admin', roles: ['admin'] as const };
export const supervisor = { id: 'sup-1', name: 'UM Supervisor', roles: ['supervisor'] as const };
/** Integrators the tests' requests are not routed to: another vendor's, and one of none. */
export const otherVendor = {
  id: 'int-2',
  name: 'Other vendor',
  roles: ['integrator'] as const,
  vendors: ['accredo'],
};
export const noVendors = { id: 'int-3', name: 'No vendors', roles: ['integrator'] as const };
export const caseManager = {
  id: 'cm-0001',
  name: 'Case Manager',
  roles: ['case-manager'] as const,
};

export interface Harness {
  readonly service: TestService;
  readonly dataSource: DataSource;
  readonly publisher: RawPublisher;
  readonly probe: TopicProbe;
  stop(): Promise<void>;
}

/** The service in-process against the real broker and database, a publisher and a probe. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const config = loadAuthorizationRoutingConfig({ ...process.env, ...env });
  const service = await startTestService(AuthorizationRoutingModule.register(config));
  // The harness's own client reads and writes every topic: the test environment's connection,
  // not the service's (which `env` may point at another listener with a narrower principal).
  const kafka = createKafkaClient(
    kafkaConnectionFromEnv(`ar-test-${randomUUID().slice(0, 8)}`),
    silentLogger,
  );
  const publisher = new RawPublisher(kafka);
  const probe = await TopicProbe.start(kafka, [
    topics.paRoutingDecisions.name,
    topics.paRequestStatus.name,
    deadLetterTopicOf(topics.paRequests.name),
  ]);
  return {
    service,
    dataSource: service.app.get(DataSource),
    publisher,
    probe,
    async stop() {
      await probe.stop();
      await publisher.close();
      await service.stop();
    },
  };
}

export const newMember = (): string => `M-AR-${randomUUID().slice(0, 12)}`;
export const newRequestId = (): string => `PA-T-${randomUUID().slice(0, 12)}`;

export function span(over: Partial<CoverageSpan> = {}): CoverageSpan {
  return {
    lineOfBusiness: 'blue-cross-commercial',
    fundingType: 'fully-insured',
    group: { id: 'acme-manufacturing', name: 'Acme Manufacturing' },
    effectiveDate: '2025-01-01',
    terminationDate: null,
    pharmacyBenefitAdministrator: null,
    pcp: null,
    state: 'MI',
    sourceEventId: `cov-${randomUUID()}`,
    sourceEventTime: '2025-01-01T00:00:00Z',
    ...over,
  };
}

export async function publishCoverage(
  h: Harness,
  memberId: string,
  spans: CoverageSpan[],
  version = 1,
): Promise<void> {
  await h.publisher.publish(topics.memberCoverage.name, [
    {
      type: topics.memberCoverage.eventType,
      key: memberId,
      data: { memberId, spans, version },
    },
  ]);
}

export function paRequest(memberId: string, over: Partial<PaRequested> = {}): PaRequested {
  return {
    requestId: newRequestId(),
    memberId,
    benefit: 'medical',
    drug: { code: 'J9271', codeSystem: 'HCPCS', name: 'pembrolizumab' },
    dateOfService: '2026-01-15',
    urgency: 'standard',
    requestingProvider: { npi: '1588667705', name: 'Karmanos Cancer Institute', state: 'MI' },
    diagnosisCodes: ['C18.7'],
    ...over,
  };
}

export async function publishRequest(
  h: Harness,
  request: unknown,
  options: { id?: string; time?: string; key?: string; mode?: 'binary' | 'structured' } = {},
): Promise<string> {
  const r = request as { memberId?: string };
  const [id] = await h.publisher.publish(topics.paRequests.name, [
    {
      type: topics.paRequests.eventType,
      key: options.key ?? r.memberId ?? 'unknown',
      data: request,
      ...(options.id ? { id: options.id } : {}),
      ...(options.time ? { time: options.time } : {}),
      ...(options.mode ? { mode: options.mode } : {}),
    },
  ]);
  return id!;
}

export const isDecisionFor =
  (requestId: string) =>
  (r: ProbedRecord): boolean =>
    r.topic === topics.paRoutingDecisions.name &&
    (r.value as PaRoutingDecision | null)?.requestId === requestId;

/** The decisions of a request in publishing order, once `count` have arrived. */
export async function decisionsOf(
  h: Harness,
  requestId: string,
  count: number,
  timeoutMs = 30000,
): Promise<PaRoutingDecision[]> {
  const records = await h.probe.waitFor(isDecisionFor(requestId), { count, timeoutMs });
  return records.map((r) => r.value as PaRoutingDecision);
}

export async function decisionOf(
  h: Harness,
  requestId: string,
  timeoutMs = 30000,
): Promise<PaRoutingDecision> {
  const [record] = await h.probe.waitFor(isDecisionFor(requestId), { timeoutMs });
  return record!.value as PaRoutingDecision;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(200);
  }
}

/** Waits until the service's read model holds the member's coverage. */
export async function coverageArrived(h: Harness, member: string): Promise<void> {
  await waitUntil(
    async () =>
      (await h.dataSource.query(`SELECT 1 FROM member_coverage WHERE member_id = $1`, [member]))
        .length === 1,
    // The service may first catch up on coverage other suites published.
    60000,
  );
}

/**
 * A new member with coverage (`spans`) and one PA request decided for them, received at
 * `time` (default now); the decision as published.
 */
export async function decidedRequest(
  h: Harness,
  spans: CoverageSpan[] = [span()],
  time?: string,
): Promise<{ memberId: string; request: PaRequested; decision: PaRoutingDecision }> {
  const memberId = newMember();
  await publishCoverage(h, memberId, spans);
  await coverageArrived(h, memberId);
  const request = paRequest(memberId);
  await publishRequest(h, request, time ? { time } : {});
  return { memberId, request, decision: await decisionOf(h, request.requestId) };
}
