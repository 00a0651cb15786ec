import { z } from 'zod';
import {
  CASE_CLOSURE_REASONS,
  CASE_STATUSES,
  caseManagerContact,
  ccmCriterionId,
  IDENTIFICATION_SOURCES,
  identifier,
  memberId,
  timestamp,
  type CaseManagerContact,
} from '@careflow/contracts';
import { storedEvaluationAnswer } from '../identification/evaluation-answer';
import type { EntityManager } from 'typeorm';
import type { Case, RecordedCaseStep } from './case';
import type { CaseManagerRepository } from './case-managers.repository';

// What the case routes answer: documented in OpenAPI from these schemas, and the handlers' types.

export const caseAnswer = z.object({
  caseId: identifier,
  memberId,
  status: z.enum(CASE_STATUSES),
  identificationSources: z.array(z.enum(IDENTIFICATION_SOURCES)),
  criteriaMet: z.array(ccmCriterionId),
  caseManager: caseManagerContact.nullable().describe('Null until the case is assigned.'),
  openedAt: timestamp,
  assessmentDueAt: timestamp,
  assessmentOverdue: z.boolean(),
  assessmentOutcome: z.string().nullable(),
  assessedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  closureReason: z
    .enum(CASE_CLOSURE_REASONS)
    .nullable()
    .describe('Why the service closed the case (coverage-ended …); null otherwise.'),
  updatedAt: timestamp,
});
export type CaseView = z.input<typeof caseAnswer>;

export const casePageAnswer = z.object({
  cases: z.array(caseAnswer),
  next: z.string().nullable().describe('Pass as `after` for the next page; null on the last.'),
});

const caseHistoryEntry = z.object({
  at: timestamp,
  actor: z.object({ id: z.string(), name: z.string() }),
  kind: z.string().describe('What happened: opened, assessment, status-update, closed, …'),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type CaseHistoryEntry = z.input<typeof caseHistoryEntry>;

export const caseDetailAnswer = caseAnswer.extend({
  history: z.array(caseHistoryEntry).describe('Oldest first: who did what, when.'),
  latestEvaluation: storedEvaluationAnswer.nullable(),
});
export type CaseDetailView = z.input<typeof caseDetailAnswer>;

export const statusUpdateAnswer = z.object({
  updateId: identifier,
  caseId: identifier,
  conditionChanged: z.boolean(),
  recordedAt: timestamp,
});
export type StatusUpdateView = z.input<typeof statusUpdateAnswer>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function caseView(c: Case, contacts: ReadonlyMap<string, CaseManagerContact>): CaseView {
  return {
    caseId: c.caseId,
    memberId: c.memberId,
    status: c.status,
    identificationSources: c.identificationSources,
    criteriaMet: c.criteriaMet,
    caseManager: c.caseManagerId ? (contacts.get(c.caseManagerId) ?? null) : null,
    openedAt: c.openedAt.toISOString(),
    assessmentDueAt: c.assessmentDueAt.toISOString(),
    assessmentOverdue: c.assessmentOverdue,
    assessmentOutcome: c.assessmentOutcome,
    assessedAt: iso(c.assessedAt),
    closedAt: iso(c.closedAt),
    closureReason: c.closureReason,
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function caseHistoryEntryOf(step: RecordedCaseStep): CaseHistoryEntry {
  return {
    at: step.occurredAt.toISOString(),
    actor: step.actor,
    kind: step.kind,
    fromStatus: step.from,
    toStatus: step.to,
    detail: step.detail,
  };
}

/** The cases as answered, with their case managers' contact details. */
export async function caseViewsOf(
  caseManagers: CaseManagerRepository,
  manager: EntityManager,
  cases: readonly Case[],
): Promise<CaseView[]> {
  const contacts = await caseManagers.contacts(
    manager,
    cases.flatMap((c) => (c.caseManagerId ? [c.caseManagerId] : [])),
  );
  return cases.map((c) => caseView(c, contacts));
}
