import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  coverageUpdatedSamples,
  deadLetterTopicOf,
  topics,
  type CoverageUpdated,
  type MemberCoverageChanged,
} from '@careflow/contracts';
import {
  createKafkaClient,
  RawPublisher,
  silentLogger,
  TopicProbe,
  type PublishableEvent,
} from '@careflow/messaging';
import {
  kafkaConnectionFromEnv,
  startTestService,
  type Principal,
  type TestService,
} from '@careflow/platform';
import { loadEligibilityConfig } from '../src/config';
import type { CoverageAnswer } from '../src/coverage-history/coverage.controller';
import { EligibilityModule } from '../src/eligibility.module';

/** The service in-process against the real broker and database, a publisher and a probe. */
export interface Harness {
  readonly service: TestService;
  readonly publisher: RawPublisher;
  readonly probe: TopicProbe;
  readonly db: DataSource;
  stop(): Promise<void>;
}

export const supervisor: Principal = { id: 'sup-1', name: 'Sam Supervisor', roles: ['supervisor'] };
export const integrator: Principal = { id: 'int-1', name: 'ePA gateway', roles: ['integrator'] };

export async function startHarness(): Promise<Harness> {
  const service = await startTestService(EligibilityModule.register(loadEligibilityConfig()));
  const kafka = createKafkaClient(kafkaConnectionFromEnv('eligibility-test'), silentLogger);
  const publisher = new RawPublisher(kafka);
  const probed = [topics.memberCoverage.name, deadLetterTopicOf(topics.eligibilityCoverage.name)];
  const probe = await TopicProbe.start(kafka, probed);
  await caughtUp(kafka, probe, probed);
  const db = service.app.get(DataSource);
  return {
    service,
    publisher,
    probe,
    db,
    async stop() {
      await probe.stop();
      await publisher.close();
      await service.stop();
    },
  };
}

/**
 * The probe reads its topics from the beginning, and in a shared environment they may hold many
 * records (benchmarks, other runs): wait until it has read up to today's end of every partition,
 * so that a test's own wait only covers the records it caused.
 */
async function caughtUp(
  kafka: ReturnType<typeof createKafkaClient>,
  probe: TopicProbe,
  names: readonly string[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const targets: { topic: string; partition: number; last: number }[] = [];
  try {
    for (const topic of names) {
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (Number(p.offset) > Number(p.low)) {
          targets.push({ topic, partition: p.partition, last: Number(p.offset) - 1 });
        }
      }
    }
  } finally {
    await admin.disconnect();
  }
  await waitUntil(async () => {
    const seen = new Map<string, number>();
    for (const r of probe.records) {
      const key = `${r.topic}/${r.partition}`;
      seen.set(key, Math.max(seen.get(key) ?? -1, Number(r.offset)));
    }
    return targets.every((t) => (seen.get(`${t.topic}/${t.partition}`) ?? -1) >= t.last);
  }, 100_000);
}

export const newMemberId = (): string => `T${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** A coverage.updated for `memberId`, based on the state-employee sample. */
export function coverageData(
  memberId: string,
  overrides: Partial<CoverageUpdated> = {},
): CoverageUpdated {
  return { ...coverageUpdatedSamples[1]!, memberId, ...overrides };
}

export function coverageEvent(
  memberId: string,
  overrides: Partial<CoverageUpdated>,
  meta: { time: string; id?: string; mode?: 'binary' | 'structured' },
): PublishableEvent {
  return {
    id: meta.id ?? randomUUID(),
    type: topics.eligibilityCoverage.eventType,
    key: memberId,
    time: meta.time,
    data: coverageData(memberId, overrides),
    ...(meta.mode ? { mode: meta.mode } : {}),
  };
}

export async function publishCoverage(h: Harness, events: PublishableEvent[]): Promise<string[]> {
  return h.publisher.publish(topics.eligibilityCoverage.name, events);
}

/** The member-coverage events published for a member so far. */
export function publishedFor(h: Harness, memberId: string): MemberCoverageChanged[] {
  return h.probe.records
    .filter((r) => r.topic === topics.memberCoverage.name && r.key === memberId)
    .map((r) => r.value as MemberCoverageChanged);
}

/** Waits for the member-coverage event of `version` and returns it. */
export async function waitForVersion(
  h: Harness,
  memberId: string,
  version: number,
): Promise<MemberCoverageChanged> {
  const [record] = await h.probe.waitFor(
    (r) =>
      r.topic === topics.memberCoverage.name &&
      r.key === memberId &&
      (r.value as MemberCoverageChanged).version === version,
    { timeoutMs: 60_000 },
  );
  return record!.value as MemberCoverageChanged;
}

/** Waits until the service has handled (or dropped as a duplicate) these event ids. */
export async function waitForHandled(h: Harness, ids: readonly string[]): Promise<void> {
  await waitUntil(async () => {
    const rows: { n: string }[] = await h.db.query(
      `SELECT count(*) AS n FROM inbox_events WHERE event_id = ANY($1::text[])`,
      [ids],
    );
    return Number(rows[0]!.n) === new Set(ids).size;
  });
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A 200 answer, or (statusCode, reason, message) on an error: tests read what they expect. */
export type CoverageBody = CoverageAnswer & {
  statusCode?: number;
  reason?: string;
  message?: string | string[];
  issues?: { path: string; message: string }[];
};

/** GET /members/{id}/coverage as `principal`. */
export async function getCoverage(
  h: Harness,
  memberId: string,
  asOf?: string,
  principal: Principal = supervisor,
): Promise<{ status: number; body: CoverageBody }> {
  const query = asOf === undefined ? '' : `?asOf=${encodeURIComponent(asOf)}`;
  const { status, body } = await h.service.request('GET', `/members/${memberId}/coverage${query}`, {
    principal,
  });
  return { status, body: body as CoverageBody };
}

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `YYYY-MM-DD` `days` from today (UTC calendar; tests keep a margin of days around "today"). */
export function daysFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
