import { z } from 'zod';
import {
  CASE_STATUSES,
  ccmCriterionId,
  identifier,
  isoDate,
  memberId,
  timestamp,
} from '@careflow/contracts';
import type { CaseloadEntry } from './caseload-entries';
import type { CaseloadPage } from './use-cases/list-caseload.use-case';
import type { OutreachRecord } from './use-cases/log-outreach-attempt.use-case';
import { OUTREACH_CHANNELS, OUTREACH_OUTCOMES, type OutreachAttempt } from './workspace.repository';
import type { RecordedCaseStep } from '../cases/case';

// What the workspace routes answer: documented in OpenAPI from these schemas, and the handlers' types.

const FROM_COVERAGE_EVENTS =
  "From the optional `member` of eligibility's member-coverage events (table member_demographics); null until one has carried the member's name.";

const sourceRef = z.object({ kind: z.string(), id: z.string() });

const riskAnswer = z.object({
  version: z.string().describe('The risk score configuration (libs/risk-scores).'),
  total: z.int().describe('Charlson points plus recent-admission points.'),
  summary: z.string(),
  charlson: z.object({
    score: z.int().describe('Quan 2011 weights, 0 to 24.'),
    window: z.object({ from: isoDate, to: isoDate }),
    conditions: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        weight: z.int(),
        points: z.int().describe('0 when a severer form supersedes it.'),
        supersededBy: z.string().nullable(),
        evidence: z.array(
          z.object({
            code: z.string().describe('ICD-10-CM as held, without the dot.'),
            matched: z.string().describe('The Quan 2005 Table 1 spec it matched.'),
            date: isoDate,
            source: sourceRef.describe('The claim, discharge or encounter that carried it.'),
          }),
        ),
      }),
    ),
  }),
  admissions: z.object({
    count: z.int(),
    points: z.int(),
    window: z.object({ from: isoDate, to: isoDate }),
    admissions: z.array(
      z.object({
        admissionDate: isoDate,
        dischargeDate: isoDate,
        transfer: z.boolean(),
        reportedBy: z.array(sourceRef),
      }),
    ),
  }),
});

export const caseloadEntryAnswer = z.object({
  caseId: identifier,
  memberId,
  status: z.enum(CASE_STATUSES),
  criteriaMet: z.array(ccmCriterionId),
  openedAt: timestamp,
  name: z.string().nullable().describe(`First and last name. ${FROM_COVERAGE_EVENTS}`),
  age: z
    .int()
    .nullable()
    .describe(`Whole years on \`asOf\` (the plan's calendar). ${FROM_COVERAGE_EVENTS}`),
  plan: z
    .object({ lineOfBusiness: z.string(), fundingType: z.string(), group: z.string().nullable() })
    .nullable()
    .describe("Coverage in effect today (eligibility's published coverage); null when none."),
  pcp: z
    .object({ npi: z.string(), name: z.string(), phone: z.string().nullable() })
    .nullable()
    .describe("The PCP of today's coverage; null when none is on file."),
  risk: riskAnswer,
  due: z.object({
    assessmentDueAt: timestamp.describe(
      'By the end of the plan day ASSESSMENT_DUE_DAYS (30: NCQA CM timeliness) calendar days after identification.',
    ),
    assessmentPending: z
      .boolean()
      .describe('The case still waits for its first assessment (identified, assessment pending).'),
    assessmentOverdue: z.boolean().describe('Pending and past its due time.'),
    callsDue: z
      .int()
      .describe(
        'Calls to the PCP pcp-notification requires that are not yet recorded (pending `condition-change-call`s on pcp.notifications.v1).',
      ),
    nextCallDueBy: timestamp.nullable().describe('The earliest due time of those calls.'),
    lettersFailed: z
      .int()
      .describe(
        'Letters to the PCP whose delivery failed after every attempt (pcp.notifications.v1 `delivery.status` failed): send them another way.',
      ),
  }),
});
export type CaseloadEntryView = z.input<typeof caseloadEntryAnswer>;

export const caseloadPageAnswer = z.object({
  asOf: isoDate.describe('The plan date the risk scores and coverage are computed for.'),
  total: z.int().describe('Open cases in the caseload.'),
  offset: z.int(),
  members: z
    .array(caseloadEntryAnswer)
    .describe('Highest risk first, then the assessment due soonest.'),
  nextOffset: z.int().nullable().describe('Pass as `offset` for the next page; null on the last.'),
});
export type CaseloadPageView = z.input<typeof caseloadPageAnswer>;

export function caseloadEntryView(e: CaseloadEntry): CaseloadEntryView {
  const span = e.coverageToday;
  const { charlson, admissions } = e.risk;
  return {
    caseId: e.case.caseId,
    memberId: e.case.memberId,
    status: e.case.status,
    criteriaMet: e.case.criteriaMet as CaseloadEntryView['criteriaMet'],
    openedAt: e.case.openedAt.toISOString(),
    name: e.member?.name ?? null,
    age: e.member?.age ?? null,
    plan: span
      ? {
          lineOfBusiness: span.lineOfBusiness,
          fundingType: span.fundingType,
          group: span.group?.name ?? null,
        }
      : null,
    pcp: span?.pcp ? { npi: span.pcp.npi, name: span.pcp.name, phone: span.pcp.phone } : null,
    risk: {
      version: e.risk.version,
      total: e.risk.total,
      summary: e.risk.summary,
      charlson: { score: charlson.score, window: charlson.window, conditions: charlson.conditions },
      admissions: {
        count: admissions.count,
        points: admissions.points,
        window: admissions.window,
        admissions: admissions.admissions.map((a) => ({
          admissionDate: a.admissionDate,
          dischargeDate: a.dischargeDate,
          transfer: a.transfer,
          reportedBy: a.stays.flatMap((s) => s.reportedBy),
        })),
      },
    },
    due: {
      assessmentDueAt: e.due.assessmentDueAt.toISOString(),
      assessmentPending: e.due.assessmentPending,
      assessmentOverdue: e.due.assessmentOverdue,
      callsDue: e.due.callsDue,
      nextCallDueBy: e.due.nextCallDueBy?.toISOString() ?? null,
      lettersFailed: e.due.lettersFailed,
    },
  };
}

export const workspaceCaseAnswer = z.object({
  asOf: isoDate.describe('The plan date the risk score, age and coverage are computed for.'),
  case: caseloadEntryAnswer,
});
export type WorkspaceCaseView = z.input<typeof workspaceCaseAnswer>;

export function workspaceCaseView(asOf: string, e: CaseloadEntry): WorkspaceCaseView {
  return { asOf, case: caseloadEntryView(e) };
}

export function caseloadPageView(page: CaseloadPage, offset: number): CaseloadPageView {
  const end = offset + page.entries.length;
  return {
    asOf: page.asOf,
    total: page.total,
    offset,
    members: page.entries.map(caseloadEntryView),
    nextOffset: end < page.total ? end : null,
  };
}

export const outreachRecordAnswer = z.object({
  attempts: z
    .array(
      z.object({
        attemptId: identifier,
        channel: z.enum(OUTREACH_CHANNELS),
        outcome: z.enum(OUTREACH_OUTCOMES),
        notes: z.string().nullable(),
        recordedBy: z.object({ id: z.string(), name: z.string() }),
        attemptedAt: timestamp,
      }),
    )
    .describe('Oldest first.'),
  required: z
    .int()
    .describe('Attempts without reaching the member before "unable to reach" (configurable).'),
  unableToReachAllowed: z.boolean(),
});
export type OutreachRecordView = z.input<typeof outreachRecordAnswer>;

export function outreachRecordView(r: OutreachRecord): OutreachRecordView {
  return {
    attempts: r.attempts.map((a) => ({
      attemptId: a.attemptId,
      channel: a.channel,
      outcome: a.outcome,
      notes: a.notes,
      recordedBy: a.recordedBy,
      attemptedAt: a.attemptedAt.toISOString(),
    })),
    required: r.required,
    unableToReachAllowed: r.unableToReachAllowed,
  };
}

export const timelineAnswer = z.object({
  caseId: identifier,
  steps: z
    .array(
      z.object({
        at: timestamp,
        kind: z
          .string()
          .describe('A case event (opened, reviewed, assessment-recorded, …) or outreach-attempt.'),
        actor: z.object({ id: z.string(), name: z.string() }),
        fromStatus: z.string().nullable(),
        toStatus: z.string().nullable(),
        detail: z.record(z.string(), z.unknown()),
      }),
    )
    .describe(
      "Oldest first. Letters sent and calls are pcp-notification's and are not in this timeline.",
    ),
});
export type TimelineView = z.input<typeof timelineAnswer>;

/** The case's steps and outreach attempts as one dated timeline, oldest first. */
export function timelineView(
  caseId: string,
  steps: readonly RecordedCaseStep[],
  attempts: OutreachAttempt[],
): TimelineView {
  const merged = [
    ...steps.map((s) => ({
      at: s.occurredAt,
      actor: s.actor,
      kind: s.kind,
      fromStatus: s.from,
      toStatus: s.to,
      detail: s.detail,
    })),
    ...attempts.map((a) => ({
      at: a.attemptedAt,
      actor: a.recordedBy,
      kind: 'outreach-attempt',
      fromStatus: null,
      toStatus: null,
      detail: { channel: a.channel, outcome: a.outcome, notes: a.notes },
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return { caseId, steps: merged.map((s) => ({ ...s, at: s.at.toISOString() })) };
}
