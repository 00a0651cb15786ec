import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { MemberCoverageReadModel1732000000100 } from '@careflow/coverage-read-model';
import { PlatformModule } from '@careflow/platform';
import type { CaseManagementConfig } from './config';
import { CASE_MANAGEMENT_CONFIG } from './tokens';
import { CaseManagementTables1732000001000 } from './migrations/1732000001000-case-management-tables';
import { StoredDocumentsAsJson1732000001001 } from './migrations/1732000001001-stored-documents-as-json';
import { ReferralSubmitters1732000001002 } from './migrations/1732000001002-referral-submitters';
import { CaseClosureReason1732000001003 } from './migrations/1732000001003-case-closure-reason';
import { OutreachAttempts1732000001070 } from './migrations/1732000001070-outreach-attempts';
import { AdherenceController } from './adherence/adherence.controller';
import { AdherenceProgram } from './adherence/adherence.service';
import { PlanToday } from './common/plan-today';
import { AssessmentsController } from './cases/assessments.controller';
import { CaseManagersController } from './cases/case-managers.controller';
import { CaseManagers } from './cases/case-managers.service';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { HospitalStayPrompts } from './cases/hospital-stays';
import { ClinicalEventsController } from './identification/clinical-events.controller';
import { CoverageEventsController } from './identification/coverage-events.controller';
import { Identification } from './identification/identification.service';
import { MembersController } from './identification/members.controller';
import { ReferralEventsController } from './referrals/referral-events.controller';
import { ReferralsController } from './referrals/referrals.controller';
import { Referrals } from './referrals/referrals.service';
import { MonthlyReview } from './reviews/monthly-review.service';
import { ReviewsController } from './reviews/reviews.controller';
import { Schedules } from './reviews/schedules';
import { ListCaseload } from './workspace/use-cases/list-caseload.use-case';
import { LogOutreachAttempt } from './workspace/use-cases/log-outreach-attempt.use-case';
import { SupervisorOverviewRepository } from './workspace/supervisor-overview.repository';
import { SupervisorViewController } from './workspace/supervisor-view.controller';
import { ViewSupervisorOverview } from './workspace/use-cases/view-supervisor-overview.use-case';
import { WorkspaceController } from './workspace/workspace.controller';
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
        ScheduleModule.forRoot(),
      ],
      providers: [
        { provide: CASE_MANAGEMENT_CONFIG, useValue: config },
        PlanToday,
        CaseManagers,
        CasesService,
        HospitalStayPrompts,
        Identification,
        AdherenceProgram,
        Referrals,
        MonthlyReview,
        Schedules,
        WorkspaceRepository,
        ListCaseload,
        LogOutreachAttempt,
        SupervisorOverviewRepository,
        ViewSupervisorOverview,
      ],
      controllers: [
        ClinicalEventsController,
        CoverageEventsController,
        ReferralEventsController,
        CasesController,
        CaseManagersController,
        AssessmentsController,
        ReferralsController,
        MembersController,
        ReviewsController,
        AdherenceController,
        WorkspaceController,
        SupervisorViewController,
      ],
    };
  }
}
