import type {
  CaseClosureReason,
  CaseStatus,
  CcmCriterionId,
  IdentificationSource,
} from '@careflow/contracts';
import type { Actor } from '../common/actor';

/** A case as the service works with it (the `cases` table, read by `CaseRepository`). */
export interface Case {
  readonly caseId: string;
  readonly memberId: string;
  readonly status: CaseStatus;
  readonly identificationSources: IdentificationSource[];
  readonly criteriaMet: CcmCriterionId[];
  readonly caseManagerId: string | null;
  readonly openedAt: Date;
  readonly assessmentDueAt: Date;
  readonly assessmentOverdue: boolean;
  readonly assessmentOutcome: string | null;
  readonly assessedAt: Date | null;
  readonly closedAt: Date | null;
  readonly closureReason: CaseClosureReason | null;
  readonly updatedAt: Date;
}

/** One step of a case's history (`case_events`): who did what, when. */
export interface CaseStep {
  readonly caseId: string;
  readonly actor: Actor;
  /** What happened: opened, reviewed, assessment-recorded, assigned, closed, … */
  readonly kind: string;
  readonly from: CaseStatus | null;
  readonly to: CaseStatus | null;
  readonly detail: Record<string, unknown>;
}

/** A recorded step, as the case's history answers it. */
export interface RecordedCaseStep extends Omit<CaseStep, 'caseId'> {
  readonly occurredAt: Date;
}
