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
import type { CaseRow } from './cases.service';

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

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function caseView(
  row: CaseRow,
  contacts: ReadonlyMap<string, CaseManagerContact>,
): CaseView {
  return {
    caseId: row.case_id,
    memberId: row.member_id,
    status: row.status,
    identificationSources: row.identification_sources,
    criteriaMet: row.criteria_met,
    caseManager: row.case_manager_id ? (contacts.get(row.case_manager_id) ?? null) : null,
    openedAt: iso(row.opened_at)!,
    assessmentDueAt: iso(row.assessment_due_at)!,
    assessmentOverdue: row.assessment_overdue,
    assessmentOutcome: row.assessment_outcome,
    assessedAt: iso(row.assessed_at),
    closedAt: iso(row.closed_at),
    closureReason: row.closure_reason,
    updatedAt: iso(row.updated_at)!,
  };
}
