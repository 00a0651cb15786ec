import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  topics,
  type CaseManagerContact,
  type CcmCaseChanged,
  type ClinicalStatusUpdated,
  type CoverageSpan,
  type MemberCoverageChanged,
  type PrimaryCareProvider,
} from '@careflow/contracts';
import {
  createKafkaClient,
  RawPublisher,
  silentLogger,
  TopicProbe,
  type ProbedRecord,
} from '@careflow/messaging';
import {
  kafkaConnectionFromEnv,
  startTestService,
  type Principal,
  type TestService,
} from '@careflow/platform';
import { loadPcpNotificationConfig } from '../src/config';
import {
  PcpNotificationModule,
  type PcpNotificationOverrides,
} from '../src/pcp-notification.module';
import type { FeedItemView } from '../src/feed/feed-model';

export const SUPERVISOR: Principal = {
  id: 'sup-001',
  name: 'Sam Supervisor',
  roles: ['supervisor'],
};
export const ADMIN: Principal = { id: 'adm-001', name: 'Ada Admin', roles: ['admin'] };
export const INTEGRATOR: Principal = {
  id: 'int-001',
  name: 'Integration Partner',
  roles: ['integrator'],
};

export const newMember = (): string => `M-${randomUUID().slice(0, 12)}`;
export const newId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 12)}`;

/** A case manager with a fresh id (so each test owns its caseload) and their contact. */
export function newCaseManager(): { principal: Principal; contact: CaseManagerContact } {
  const id = newId('cm');
  const name = `Casey Manager ${id.slice(3, 8)}, RN`;
  return {
    principal: { id, name, roles: ['case-manager'] },
    contact: { id, name, phone: '248-555-0199', email: `${id}@careflow.example` },
  };
}

export function pcp(npi: string, name: string): PrimaryCareProvider {
  return {
    npi,
    name,
    phone: '313-555-0142',
    fax: '313-555-0143',
    address: {
      line1: '4160 John R St',
      line2: 'Suite 200',
      city: 'Detroit',
      state: 'MI',
      postalCode: '48201',
    },
  };
}

export const randomNpi = (): string =>
  `1${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

export function coverage(
  memberId: string,
  version: number,
  primaryCare: PrimaryCareProvider | null,
): MemberCoverageChanged {
  const span: CoverageSpan = {
    lineOfBusiness: 'medicare-plus-blue',
    fundingType: 'self-funded',
    group: { id: 'uaw-retiree-trust', name: 'UAW Retiree Medical Benefits Trust' },
    effectiveDate: '2024-01-01',
    terminationDate: null,
    pharmacyBenefitAdministrator: 'express-scripts',
    pcp: primaryCare,
    state: 'MI',
    sourceEventId: newId('cov'),
    sourceEventTime: new Date().toISOString(),
  };
  return { memberId, spans: [span], version };
}

export function caseEvent(
  memberId: string,
  caseId: string,
  status: CcmCaseChanged['status'],
  caseManager: CaseManagerContact | null,
): CcmCaseChanged {
  return {
    caseId,
    memberId,
    status,
    identificationSources: ['adt-discharges', 'medical-claims'],
    criteriaMet: ['readmission-30-days-same-condition'],
    caseManager,
  };
}

export function statusUpdate(
  memberId: string,
  caseId: string,
  caseManager: CaseManagerContact,
  conditionChanged: boolean,
  summary: string,
): ClinicalStatusUpdated {
  return {
    updateId: newId('CSU'),
    caseId,
    memberId,
    conditionChanged,
    summary,
    recordedBy: { id: caseManager.id, name: caseManager.name },
    recordedAt: new Date().toISOString(),
    caseManager,
  };
}

export interface Harness {
  readonly service: TestService;
  readonly publisher: RawPublisher;
  readonly probe: TopicProbe;
  readonly dataSource: DataSource;
  publishCoverage(data: MemberCoverageChanged): Promise<void>;
  publishCase(data: CcmCaseChanged, id?: string): Promise<string>;
  publishStatusUpdate(data: ClinicalStatusUpdated, id?: string): Promise<string>;
  notificationsOf(memberId: string, count?: number, timeoutMs?: number): Promise<ProbedRecord[]>;
  feed(principal: Principal, query?: string): Promise<FeedItemView[]>;
  waitForFeed(
    principal: Principal,
    query: string,
    predicate: (items: FeedItemView[]) => boolean,
    timeoutMs?: number,
  ): Promise<FeedItemView[]>;
  stop(): Promise<void>;
}

export const testEnv = {
  CALL_DUE_HOURS: String(3 / 3600), // three seconds
  ESCALATION_CHECK_MS: '300',
  DELIVERY_POLL_MS: '200',
  OUTBOX_POLL_MS: '200',
  FEED_STREAM_HEARTBEAT_MS: '5000',
};

/** The service in-process against the real broker and database, a publisher and a probe. */
export async function startHarness(
  options: {
    overrides?: PcpNotificationOverrides;
    env?: Record<string, string>;
    /** A port named in advance (another service's configuration points at it); else any. */
    port?: number;
  } = {},
): Promise<Harness> {
  const config = loadPcpNotificationConfig({ ...process.env, ...testEnv, ...options.env });
  const service = await startTestService(
    PcpNotificationModule.register(config, options.overrides),
    undefined,
    { port: options.port },
  );
  const kafka = createKafkaClient(
    kafkaConnectionFromEnv(`pcp-test-${randomUUID().slice(0, 6)}`),
    silentLogger,
  );
  const publisher = new RawPublisher(kafka);
  const probe = await TopicProbe.start(kafka, [topics.pcpNotifications.name]);
  const dataSource = service.app.get(DataSource);

  const harness: Harness = {
    service,
    publisher,
    probe,
    dataSource,
    async publishCoverage(data) {
      await publisher.publish(topics.memberCoverage.name, [
        { type: topics.memberCoverage.eventType, key: data.memberId, data },
      ]);
      await waitUntil(async () => {
        const rows: { version: string }[] = await dataSource.query(
          `SELECT version FROM member_coverage WHERE member_id = $1`,
          [data.memberId],
        );
        return Number(rows[0]?.version ?? 0) >= data.version;
      }, 90000); // the shared coverage topic may carry a backlog from other suites
    },
    async publishCase(data, id) {
      const [eventId] = await publisher.publish(topics.ccmCases.name, [
        { ...(id ? { id } : {}), type: topics.ccmCases.eventType, key: data.memberId, data },
      ]);
      return eventId!;
    },
    async publishStatusUpdate(data, id) {
      const [eventId] = await publisher.publish(topics.clinicalStatusUpdates.name, [
        {
          ...(id ? { id } : {}),
          type: topics.clinicalStatusUpdates.eventType,
          key: data.memberId,
          data,
        },
      ]);
      return eventId!;
    },
    notificationsOf(memberId, count = 1, timeoutMs = 30000) {
      return probe.waitFor((r) => r.key === memberId, { count, timeoutMs });
    },
    async feed(principal, query = '') {
      const response = await service.request('GET', `/feed${query}`, { principal });
      if (response.status !== 200)
        throw new Error(`GET /feed${query}: ${response.status} ${response.text}`);
      return (response.body as { items: FeedItemView[] }).items;
    },
    async waitForFeed(principal, query, predicate, timeoutMs = 30000) {
      let items: FeedItemView[] = [];
      await waitUntil(async () => {
        items = await harness.feed(principal, query);
        return predicate(items);
      }, timeoutMs);
      return items;
    },
    async stop() {
      await probe.stop();
      await publisher.close();
      await service.stop();
    },
  };
  return harness;
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The text of a PDF (pdf-parse's library entry: the package index runs a self-test on import).
 * pdf-parse gets a plain Uint8Array copy: its pdf.js (1.10) misreads a Node Buffer's objects at
 * shifted offsets ("bad XRef entry") in some processes and not in others.
 */
export async function pdfText(pdf: Buffer): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const parse = require('pdf-parse/lib/pdf-parse.js') as (
    data: Uint8Array,
  ) => Promise<{ text: string }>;
  return (await parse(new Uint8Array(pdf))).text;
}

/** GET a letter as bytes. */
export async function fetchLetter(
  service: TestService,
  url: string,
  principal: Principal,
): Promise<{ status: number; contentType: string | null; body: Buffer }> {
  const token = await service.token(principal);
  const response = await fetch(`${service.baseUrl}${url}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** A ticket for the live stream, asked for with this token (or the principal's). */
export async function streamTicket(
  service: TestService,
  principal: Principal,
  token?: string,
): Promise<{ status: number; ticket: string; body: unknown }> {
  const response = await service.request('POST', '/feed/stream-tickets', {
    ...(token ? { token } : { principal }),
  });
  const ticket = (response.body as { ticket?: string } | undefined)?.ticket ?? '';
  return { status: response.status, ticket, body: response.body };
}

export interface OpenStream {
  readonly status: number;
  readonly contentType: string | null;
  text(): string;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

/** GET /feed/stream with a ticket, reading what it sends until closed. */
export async function openStream(service: TestService, ticket: string): Promise<OpenStream> {
  const controller = new AbortController();
  const response = await fetch(`${service.baseUrl}/feed/stream?ticket=${ticket}`, {
    signal: controller.signal,
  });
  const contentType = response.headers.get('content-type');
  if (response.status !== 200 || !response.body) {
    const text = await response.text();
    return {
      status: response.status,
      contentType,
      text: () => text,
      ended: Promise.resolve(),
      close: async () => undefined,
    };
  }
  const reader = response.body.getReader();
  let text = '';
  const ended = (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        text += Buffer.from(value).toString('utf8');
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    status: response.status,
    contentType,
    text: () => text,
    ended,
    close: async () => {
      controller.abort();
      await ended;
    },
  };
}
