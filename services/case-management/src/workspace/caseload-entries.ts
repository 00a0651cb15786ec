import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { criteriaVersionInEffect, statusesAccepting } from '@careflow/ccm-criteria';
import type { CoverageSpan } from '@careflow/contracts';
import { coverageOn } from '@careflow/coverage-read-model';
import { computeRiskScore, RISK_SCORE_2026_1, type RiskScore } from '@careflow/risk-scores';
import { ageOn } from '../members/age';
import { NO_OUTSTANDING_PCP_WORK, PcpTaskRepository } from '../pcp-tasks/pcp-task.repository';
import { WorkspaceRepository, type CaseloadCase } from './workspace.repository';

/** A case of the caseload with its risk score as of the plan date. */
export interface ScoredCase {
  case: CaseloadCase;
  risk: RiskScore;
}

/** What is due on a case: its first assessment, calls to the PCP, letters to send another way. */
export interface CaseloadDue {
  assessmentDueAt: Date;
  /** True while the case waits for its first assessment (identified, assessment pending). */
  assessmentPending: boolean;
  /** Pending and past its due time now. */
  assessmentOverdue: boolean;
  callsDue: number;
  nextCallDueBy: Date | null;
  lettersFailed: number;
}

export interface CaseloadEntry extends ScoredCase {
  /** The coverage span in effect today, or null (coverage ended or not yet received). */
  coverageToday: CoverageSpan | null;
  /** Name and age on the plan date; null until eligibility has sent the member's name. */
  member: { name: string; age: number } | null;
  due: CaseloadDue;
}

/** The statuses of a case still waiting for its first assessment (identified, pending). */
export const AWAITING_ASSESSMENT_STATUSES: readonly string[] = statusesAccepting(
  'record-assessment-enrolled',
);
const AWAITING_ASSESSMENT: ReadonlySet<string> = new Set(AWAITING_ASSESSMENT_STATUSES);

/** Whether a case in `status` still waits for its first assessment (it is due). */
const awaitsAssessment = (status: string): boolean => AWAITING_ASSESSMENT.has(status);

/**
 * Scores cases (risk as of the plan date) and completes the ones shown with coverage, name, age
 * and what is due. The caseload scores every open case of a case manager to order them, but reads
 * coverage, names and PCP work only for the page it answers.
 */
@Injectable()
export class CaseloadEntries {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkspaceRepository) private readonly workspace: WorkspaceRepository,
    @Inject(PcpTaskRepository) private readonly pcpTasks: PcpTaskRepository,
  ) {}

  score(cases: readonly CaseloadCase[], asOf: string): ScoredCase[] {
    const inpatient = criteriaVersionInEffect(asOf).inpatient;
    return cases.map((c) => ({
      case: c,
      risk: computeRiskScore(c, asOf, RISK_SCORE_2026_1, inpatient),
    }));
  }

  async complete(scored: readonly ScoredCase[], asOf: string, now: Date): Promise<CaseloadEntry[]> {
    const manager = this.dataSource.manager;
    const [details, work] = await Promise.all([
      this.workspace.memberDetailsOf(
        manager,
        scored.map((s) => s.case.memberId),
      ),
      this.pcpTasks.outstandingOf(
        manager,
        scored.map((s) => s.case.caseId),
      ),
    ]);
    return scored.map((s) => {
      const member = details.get(s.case.memberId);
      const pcpWork = work.get(s.case.caseId) ?? NO_OUTSTANDING_PCP_WORK;
      const pending = awaitsAssessment(s.case.status);
      const d = member?.demographics;
      return {
        ...s,
        coverageToday: coverageOn(member?.coverageSpans ?? [], asOf),
        member: d ? { name: `${d.firstName} ${d.lastName}`, age: ageOn(d.birthDate, asOf) } : null,
        due: {
          assessmentDueAt: s.case.assessmentDueAt,
          assessmentPending: pending,
          assessmentOverdue: pending && s.case.assessmentDueAt.getTime() < now.getTime(),
          ...pcpWork,
        },
      };
    });
  }
}
