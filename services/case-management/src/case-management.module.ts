import { CaseManagementMetrics } from './metrics/case-management.metrics';
import { CaseMetricsRepository } from './metrics/case-metrics.repository';
import { Module, type DynamicModule } from '@nestjs/common';
import { MemberCoverageReadModel1732000000100 } from '@careflow/coverage-read-model';
import { PlatformModule, StreamTicketRepository, StreamTickets } from '@careflow/platform';
import type { CaseManagementConfig } from './config';
import { CASE_MANAGEMENT_CONFIG } from './tokens';
import { CaseManagementTables1732000001000 } from './migrations/1732000001000-case-management-tables';
import { StoredDocumentsAsJson1732000001001 } from './migrations/1732000001001-stored-documents-as-json';
import { ReferralSubmitters1732000001002 } from './migrations/1732000001002-referral-submitters';
import { CaseClosureReason1732000001003 } from './migrations/1732000001003-case-closure-reason';
import { OutreachAttempts1732000001070 } from './migrations/1732000001070-outreach-attempts';
import { MemberDemographicsAndPcpTasks1797300002800 } from './migrations/1797300002800-member-demographics-and-pcp-tasks';
import { CaseloadRiskColumns1797300002801 } from './migrations/1797300002801-caseload-risk-columns';
import { MemberDemographicsRepository } from './members/member-demographics.repository';
import { PcpNotificationEventsController } from './pcp-tasks/pcp-notification-events.controller';
import { PcpTaskRepository } from './pcp-tasks/pcp-task.repository';
import { RecordPcpNotifications } from './pcp-tasks/use-cases/record-pcp-notifications.use-case';
import { CaseloadEntries } from './workspace/caseload-entries';
import { ViewWorkspaceCase } from './workspace/use-cases/view-workspace-case.use-case';
import { AdherenceController } from './adherence/adherence.controller';
import { AdherenceProgram } from './adherence/adherence.service';
import { AdherenceRepository } from './adherence/adherence.repository';
import { RecordPharmacyFills } from './adherence/use-cases/record-pharmacy-fills.use-case';
import { PlanToday } from './common/plan-today';
import { AssessmentsController } from './cases/assessments.controller';
import { CaseChanges } from './cases/case-changes';
import { CaseHistoryRepository } from './cases/case-history.repository';
import { CaseManagersController } from './cases/case-managers.controller';
import { CaseManagerRepository } from './cases/case-managers.repository';
import { CaseManagers } from './cases/case-managers.service';
import { CasesController } from './cases/cases.controller';
import { CaseRepository } from './cases/cases.repository';
import { CasesService } from './cases/cases.service';
import { HospitalStayPrompts } from './cases/hospital-stays';
import { AssignCase } from './cases/use-cases/assign-case.use-case';
import { CloseCase } from './cases/use-cases/close-case.use-case';
import { RecordAssessment } from './cases/use-cases/record-assessment.use-case';
import { RecordStatusUpdate } from './cases/use-cases/record-status-update.use-case';
import { ReviewCase } from './cases/use-cases/review-case.use-case';
import { ClinicalEventsController } from './identification/clinical-events.controller';
import { CoverageEventsController } from './identification/coverage-events.controller';
import { ClinicalProfileRepository } from './identification/clinical-profile.repository';
import { EvaluationSettlement } from './identification/evaluation-settlement';
import { Identification } from './identification/identification.service';
import { ApplyCoverageChanges } from './identification/use-cases/apply-coverage-changes.use-case';
import { EvaluateClinicalEvents } from './identification/use-cases/evaluate-clinical-events.use-case';
import { MembersController } from './identification/members.controller';
import { ReferralEventsController } from './referrals/referral-events.controller';
import { ReferralsController } from './referrals/referrals.controller';
import { ReferralRepository } from './referrals/referrals.repository';
import { Referrals } from './referrals/referrals.service';
import { ReferMember } from './referrals/use-cases/refer-member.use-case';
import { MonthlyReviewRepository } from './reviews/monthly-review.repository';
import { MonthlyReview } from './reviews/monthly-review.service';
import { StartMonthlyReview } from './reviews/use-cases/start-monthly-review.use-case';
import { ReviewsController } from './reviews/reviews.controller';
import { Schedules } from './reviews/schedules';
import { CaseManagementJobQueues1797200000100 } from './migrations/1797200000100-case-management-job-queues';
import { ListCaseload } from './workspace/use-cases/list-caseload.use-case';
import { LogOutreachAttempt } from './workspace/use-cases/log-outreach-attempt.use-case';
import { SupervisorOverviewRepository } from './workspace/supervisor-overview.repository';
import { SupervisorViewController } from './workspace/supervisor-view.controller';
import { ViewSupervisorOverview } from './workspace/use-cases/view-supervisor-overview.use-case';
import { WorkspaceController } from './workspace/workspace.controller';
import { WorkspaceStream } from './workspace/workspace-stream';
import { WorkspaceStreamController } from './workspace/workspace-stream.controller';
import { WorkspaceStreamTickets1797300000100 } from './migrations/1797300000100-workspace-stream-tickets';
import { WorkspacePageController } from './workspace/workspace-page.controller';
import { WorkspaceRepository } from './workspace/workspace.repository';

export { CASE_MANAGEMENT_CONFIG } from './tokens';

export const caseManagementEntities = [];
export const caseManagementMigrations = [
  MemberCoverageReadModel1732000000100,
  CaseManagementTables1732000001000,
  StoredDocumentsAsJson1732000001001,
  ReferralSubmitters1732000001002,
  CaseClosureReason1732000001003,
  OutreachAttempts1732000001070,
  CaseManagementJobQueues1797200000100,
  WorkspaceStreamTickets1797300000100,
  MemberDemographicsAndPcpTasks1797300002800,
  CaseloadRiskColumns1797300002801,
];

@Module({})
export class CaseManagementModule {
  static register(config: CaseManagementConfig): DynamicModule {
    return {
      module: CaseManagementModule,
      imports: [
        PlatformModule.forService({
          serviceName: 'case-management',
          schema: 'case_management',
          config,
          entities: caseManagementEntities,
          migrations: caseManagementMigrations,
        }),
      ],
      providers: [
        { provide: CASE_MANAGEMENT_CONFIG, useValue: config },
        PlanToday,
        CaseRepository,
        CaseHistoryRepository,
        CaseManagerRepository,
        ReferralRepository,
        CaseManagers,
        CaseChanges,
        CasesService,
        ReviewCase,
        RecordAssessment,
        CloseCase,
        RecordStatusUpdate,
        AssignCase,
        HospitalStayPrompts,
        ClinicalProfileRepository,
        EvaluationSettlement,
        Identification,
        EvaluateClinicalEvents,
        ApplyCoverageChanges,
        AdherenceRepository,
        AdherenceProgram,
        RecordPharmacyFills,
        Referrals,
        ReferMember,
        MonthlyReviewRepository,
        MonthlyReview,
        StartMonthlyReview,
        Schedules,
        CaseMetricsRepository,
        CaseManagementMetrics,
        WorkspaceRepository,
        WorkspaceStream,
        StreamTicketRepository,
        {
          provide: StreamTickets,
          inject: [StreamTicketRepository],
          useFactory: (repository: StreamTicketRepository) => new StreamTickets(repository),
        },
        ListCaseload,
        LogOutreachAttempt,
        MemberDemographicsRepository,
        PcpTaskRepository,
        RecordPcpNotifications,
        CaseloadEntries,
        ViewWorkspaceCase,
        SupervisorOverviewRepository,
        ViewSupervisorOverview,
      ],
      controllers: [
        ClinicalEventsController,
        CoverageEventsController,
        ReferralEventsController,
        PcpNotificationEventsController,
        CasesController,
        CaseManagersController,
        AssessmentsController,
        ReferralsController,
        MembersController,
        ReviewsController,
        AdherenceController,
        WorkspaceController,
        WorkspacePageController,
        WorkspaceStreamController,
        SupervisorViewController,
      ],
    };
  }
}
