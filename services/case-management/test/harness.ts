import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addDays, addMonths } from '@careflow/ccm-criteria';
import {
  topics,
  type CoverageSpan,
  type EventDataInputOf,
  type FundingType,
  type LineOfBusiness,
} from '@careflow/contracts';
import {
  createKafkaClient,
  RawPublisher,
  silentLogger,
  TopicProbe,
  type ProbedRecord,
} from '@careflow/messaging';
import { michiganDateOf } from '@careflow/michigan-policy';
import { kafkaConnectionFromEnv, startTestService, type TestService } from '@careflow/platform';
import type { Principal } from '@careflow/platform';
import { CaseManagementModule } from '../src/case-management.module';
import { loadCaseManagementConfig } from '../src/config';

export const TODAY = michiganDateOf(new Date());
export const daysAgo = (n: number): string => addDays(TODAY, -n);
export const monthsAgo = (n: number): string => addMonths(TODAY, -n);
export { addDays };

export const SUPERVISOR: Principal = {
  id: 'sup-001',
  name: 'Sam Supervisor',
  roles: ['supervisor'],
};
export const INTEGRATOR: Principal = {
  id: 'int-001',
  name: 'Integration Partner',
  roles: ['integrator'],
};
export const caseManager = (id: string): Principal => ({
  id,
  name: `Case manager ${id}`,
  roles: ['case-manager'],
});

export const PCP_NPI = '1457389201';

export const newMember = (tag = 'M'): string => `${tag}-${randomUUID().slice(0, 12)}`;
export const newId = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 12)}`;

export interface Harness {
  service: TestService;
  publisher: RawPublisher;
  probe: TopicProbe;
  dataSource: DataSource;
  stop(): Promise<void>;
}

/** The service in-process against the real broker and database, a publisher and a probe. */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const config = loadCaseManagementConfig({
    ...process.env,
    MONTHLY_REVIEW_CRON: 'off',
    ASSESSMENT_OVERDUE_CRON: 'off',
    KAFKA_CHUNK_SIZE: '500',
    OUTBOX_POLL_MS: '100',
    ...env,
  });
  const service = await startTestService(CaseManagementModule.register(config));
  const kafka = createKafkaClient(
    kafkaConnectionFromEnv(`cm-test-${randomUUID().slice(0, 6)}`),
    silentLogger,
  );
  const publisher = new RawPublisher(kafka);
  const probe = await TopicProbe.start(kafka, [
    topics.ccmEvaluations.name,
    topics.ccmCases.name,
    topics.carePrograms.name,
    topics.clinicalStatusUpdates.name,
    `${topics.ccmReferrals.name}.dlq`,
  ]);
  const dataSource = service.app.get(DataSource);
  return {
    service,
    publisher,
    probe,
    dataSource,
    async stop() {
      await probe.stop();
      await publisher.close();
      await service.stop();
    },
  };
}

export function span(
  overrides: Partial<CoverageSpan> & {
    lineOfBusiness?: LineOfBusiness;
    fundingType?: FundingType;
  } = {},
): CoverageSpan {
  return {
    lineOfBusiness: 'blue-cross-commercial',
    fundingType: 'fully-insured',
    group: { id: 'acme-1', name: 'Acme Tooling' },
    effectiveDate: monthsAgo(30),
    terminationDate: null,
    pharmacyBenefitAdministrator: null,
    pcp: { npi: PCP_NPI, name: 'Alan Reyes, MD', phone: null, fax: null, address: null },
    state: 'MI',
    sourceEventId: newId('cov'),
    sourceEventTime: new Date().toISOString(),
    ...overrides,
  };
}

export async function publishCoverage(
  h: Harness,
  memberId: string,
  spans: CoverageSpan[] = [span()],
  version = 1,
): Promise<void> {
  await h.publisher.publish(topics.memberCoverage.name, [
    { type: topics.memberCoverage.eventType, key: memberId, data: { memberId, spans, version } },
  ]);
}

/** Publishes coverage and waits until the read model holds that version. */
export async function coverMember(
  h: Harness,
  memberId: string,
  spans: CoverageSpan[] = [span()],
  version = 1,
): Promise<void> {
  await publishCoverage(h, memberId, spans, version);
  const deadline = Date.now() + 30000;
  for (;;) {
    const rows: unknown[] = await h.dataSource.query(
      `SELECT 1 FROM member_coverage WHERE member_id = $1 AND version >= $2`,
      [memberId, version],
    );
    if (rows.length > 0) return;
    if (Date.now() > deadline) throw new Error(`coverage of ${memberId} not applied`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Topic = keyof typeof EVENT_TYPES;
const EVENT_TYPES = {
  'claims.medical.v1': topics.medicalClaims.eventType,
  'adt.discharges.v1': topics.adtDischarges.eventType,
  'adt.stays.v1': topics.adtStays.eventType,
  'claims.pharmacy.v1': topics.pharmacyClaims.eventType,
  'encounters.v1': topics.encounters.eventType,
  'labs.results.v1': topics.labResults.eventType,
  'mtm.events.v1': topics.mtmEvents.eventType,
  'ccm.referrals.v1': topics.ccmReferrals.eventType,
} as const;

/** Publishes events of one topic; answers their CloudEvent ids. */
export async function publish<T extends Topic>(
  h: Harness,
  topic: T,
  data: EventDataInputOf<T>[],
  ids?: string[],
): Promise<string[]> {
  return h.publisher.publish(
    topic,
    data.map((d, i) => ({
      ...(ids?.[i] ? { id: ids[i] } : {}),
      type: EVENT_TYPES[topic],
      key: (d as { memberId: string }).memberId,
      data: d,
    })),
  );
}

export const inpatientClaim = (
  memberId: string,
  admissionDate: string,
  dischargeDate: string,
  diagnosisCodes: string[],
  extra: Partial<EventDataInputOf<'claims.medical.v1'>> = {},
): EventDataInputOf<'claims.medical.v1'> => ({
  claimId: newId('CLM'),
  memberId,
  claimType: 'institutional-inpatient',
  status: 'paid',
  serviceFrom: admissionDate,
  serviceTo: dischargeDate,
  admissionDate,
  dischargeDate,
  facilityNpi: '1326041792',
  diagnosisCodes,
  ...extra,
});

export const professionalClaim = (
  memberId: string,
  serviceFrom: string,
  diagnosisCodes: string[],
  extra: Partial<EventDataInputOf<'claims.medical.v1'>> = {},
): EventDataInputOf<'claims.medical.v1'> => ({
  claimId: newId('CLM'),
  memberId,
  claimType: 'professional',
  status: 'paid',
  serviceFrom,
  diagnosisCodes,
  ...extra,
});

export const discharge = (
  memberId: string,
  admissionDate: string,
  dischargeDate: string,
  diagnosisCodes: string[],
  extra: Partial<EventDataInputOf<'adt.discharges.v1'>> = {},
): EventDataInputOf<'adt.discharges.v1'> => ({
  encounterId: newId('ADT'),
  memberId,
  facilityNpi: '1326041792',
  admissionDate,
  dischargeDate,
  diagnosisCodes,
  dischargeDisposition: '01',
  ...extra,
});

export const encounter = (
  memberId: string,
  serviceDate: string,
  diagnosisCodes: string[],
): EventDataInputOf<'encounters.v1'> => ({
  encounterId: newId('ENC'),
  memberId,
  serviceDate,
  diagnosisCodes,
});

export const fill = (
  memberId: string,
  fillDate: string,
  extra: Partial<EventDataInputOf<'claims.pharmacy.v1'>> = {},
): EventDataInputOf<'claims.pharmacy.v1'> => ({
  claimId: newId('RX'),
  memberId,
  status: 'paid',
  fillDate,
  ndc: '00093-7146-56',
  drugName: 'Metformin 500 mg tablet',
  daysSupply: 30,
  pharmacyChannel: 'retail',
  ...extra,
});

export interface MemberEvaluation {
  memberId: string;
  eventsApplied: number;
  evaluation: {
    evaluationId: string;
    criteriaMet: string[];
    eligible: boolean;
    covered: boolean | null;
    trigger: { source: string; eventId: string | null };
    evidence: {
      criterionId: string;
      count: number | null;
      claimIds: string[];
      encounterIds: string[];
    }[];
  } | null;
}

/** Waits until the service has applied `events` events of the member, then answers its evaluation. */
export async function evaluationAfter(
  h: Harness,
  memberId: string,
  events: number,
  timeoutMs = 30000,
): Promise<MemberEvaluation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await h.service.request('GET', `/members/${memberId}/evaluation`, {
      principal: SUPERVISOR,
    });
    const body = res.body as MemberEvaluation;
    if (res.status === 200 && body.eventsApplied >= events) return body;
    if (Date.now() > deadline)
      throw new Error(`member ${memberId}: ${JSON.stringify(res.body)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const valueOf = <T>(r: ProbedRecord): T => r.value as T;

export interface EvaluationEvent {
  evaluationId: string;
  memberId: string;
  trigger: { source: string; eventId: string | null };
  criteriaMet: string[];
  eligible: boolean;
  evidence: {
    criterionId: string;
    count: number | null;
    claimIds: string[];
    encounterIds: string[];
    stays: unknown[];
  }[];
  policyVersion: string;
}

export interface CaseEvent {
  caseId: string;
  memberId: string;
  status: string;
  identificationSources: string[];
  criteriaMet: string[];
  caseManager: { id: string; name: string; phone: string | null; email: string | null } | null;
  closureReason?: string | null;
}

/** Evaluations of a member that satisfy `predicate`, waiting for the first. */
export async function evaluationWhere(
  h: Harness,
  memberId: string,
  predicate: (e: EvaluationEvent) => boolean = () => true,
  timeoutMs = 30000,
): Promise<EvaluationEvent> {
  const [found] = await h.probe.waitFor(
    (r) =>
      r.topic === topics.ccmEvaluations.name &&
      r.key === memberId &&
      predicate(valueOf<EvaluationEvent>(r)),
    { timeoutMs },
  );
  return valueOf<EvaluationEvent>(found!);
}

export async function caseEventWhere(
  h: Harness,
  memberId: string,
  predicate: (e: CaseEvent) => boolean = () => true,
  timeoutMs = 30000,
): Promise<CaseEvent> {
  const [found] = await h.probe.waitFor(
    (r) =>
      r.topic === topics.ccmCases.name && r.key === memberId && predicate(valueOf<CaseEvent>(r)),
    { timeoutMs },
  );
  return valueOf<CaseEvent>(found!);
}

export function caseEventsOf(h: Harness, memberId: string): CaseEvent[] {
  return h.probe.records
    .filter((r) => r.topic === topics.ccmCases.name && r.key === memberId)
    .map((r) => valueOf<CaseEvent>(r));
}

export interface OpenedCase {
  memberId: string;
  caseId: string;
}

/** A covered member referred by themselves: answers the case the referral opened. */
export async function openCaseByReferral(h: Harness): Promise<OpenedCase> {
  const memberId = newMember();
  await coverMember(h, memberId);
  const referral = await h.service.request('POST', '/referrals', {
    principal: SUPERVISOR,
    body: {
      referralId: newId('REF'),
      memberId,
      source: 'member-self',
      submittedAt: new Date().toISOString(),
    },
  });
  if (referral.status !== 201) throw new Error(`referral answered ${referral.status}`);
  const opened = await caseEventWhere(h, memberId, (c) => c.status === 'identified');
  return { memberId, caseId: opened.caseId };
}

/**
 * Three admissions in six months (identified by the admissions criterion), coded with heart
 * failure (Quan 2011 weight 2) and end-stage renal disease (1): Charlson 3 + 3 admission points.
 */
export async function openHighRiskCase(h: Harness): Promise<OpenedCase> {
  const memberId = newMember();
  await coverMember(h, memberId);
  await publish(h, 'claims.medical.v1', [
    inpatientClaim(memberId, daysAgo(150), daysAgo(146), ['I5023', 'N186']),
    inpatientClaim(memberId, daysAgo(90), daysAgo(85), ['I5023']),
    inpatientClaim(memberId, daysAgo(30), daysAgo(27), ['I5033']),
  ]);
  const opened = await caseEventWhere(h, memberId, (c) => c.status === 'identified');
  return { memberId, caseId: opened.caseId };
}

/** A supervisor assigns the case to the case manager. */
export async function assignCase(h: Harness, caseManagerId: string, caseId: string): Promise<void> {
  const r = await h.service.request('POST', `/case-managers/${caseManagerId}/cases`, {
    principal: SUPERVISOR,
    body: { caseId },
  });
  if (r.status !== 200) throw new Error(`assignment answered ${r.status}`);
}
