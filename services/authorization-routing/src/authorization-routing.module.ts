import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { MemberCoverageReadModel1732000000100 } from '@careflow/coverage-read-model';
import { PlatformModule } from '@careflow/platform';
import type { AuthorizationRoutingConfig } from './config';
import { DeterminationRepository } from './determinations/determination.repository';
import { RecordDeterminationUseCase } from './determinations/use-cases/record-determination.use-case';
import { RoutingEvents } from './events/routing.events';
import { Housekeeping } from './housekeeping/housekeeping';
import { PaRequestsController } from './http/pa-requests.controller';
import { PoliciesController } from './http/policies.controller';
import { SimulateController } from './http/simulate.controller';
import { AuthorizationRoutingTables1732000002000 } from './migrations/1732000002000-authorization-routing-tables';
import { DeterminationOverrides1732000002001 } from './migrations/1732000002001-determination-overrides';
import { NotEligibleDecisionsByMember1732000002300 } from './migrations/1732000002300-not-eligible-decisions-by-member';
import { AuthorizationRoutingJobQueues1797200000100 } from './migrations/1797200000100-authorization-routing-job-queues';
import { RoutingDecisionEventId1797200000200 } from './migrations/1797200000200-routing-decision-event-id';
import { PaRequestRepository } from './pa-requests/pa-request.repository';
import { ApplyMemberCoverageUseCase } from './pa-requests/use-cases/apply-member-coverage.use-case';
import { ExpireHeldRequestsUseCase } from './pa-requests/use-cases/expire-held-requests.use-case';
import { ReadDecisionUseCase } from './pa-requests/use-cases/read-decision.use-case';
import { RoutePaRequestsUseCase } from './pa-requests/use-cases/route-pa-requests.use-case';
import { RoutingMetrics } from './metrics/routing.metrics';
import { RoutingMetricsRepository } from './metrics/routing-metrics.repository';
import { PolicyStore } from './policies/policy-store';
import { PolicyVersionRepository } from './policies/policy-version.repository';
import { ActivatePolicyVersionUseCase } from './policies/use-cases/activate-policy-version.use-case';
import { AddPolicyVersionUseCase } from './policies/use-cases/add-policy-version.use-case';
import { RoutingService } from './routing/routing.service';
import { SimulateRoutingUseCase } from './routing/use-cases/simulate-routing.use-case';
import { drugClassReferenceOf } from './routing/drug-reference';
import { AUTHORIZATION_ROUTING_CONFIG, DRUG_CLASS_REFERENCE } from './tokens';

export { AUTHORIZATION_ROUTING_CONFIG } from './tokens';

export const authorizationRoutingEntities = [];
export const authorizationRoutingMigrations = [
  MemberCoverageReadModel1732000000100,
  AuthorizationRoutingTables1732000002000,
  DeterminationOverrides1732000002001,
  NotEligibleDecisionsByMember1732000002300,
  AuthorizationRoutingJobQueues1797200000100,
  RoutingDecisionEventId1797200000200,
];

@Module({})
export class AuthorizationRoutingModule {
  static register(config: AuthorizationRoutingConfig): DynamicModule {
    return {
      module: AuthorizationRoutingModule,
      imports: [
        PlatformModule.forService({
          serviceName: 'authorization-routing',
          schema: 'authorization_routing',
          config,
          entities: authorizationRoutingEntities,
          migrations: authorizationRoutingMigrations,
        }),
        ScheduleModule.forRoot(),
      ],
      providers: [
        { provide: AUTHORIZATION_ROUTING_CONFIG, useValue: config },
        {
          provide: DRUG_CLASS_REFERENCE,
          useValue: drugClassReferenceOf(config.DRUG_CLASS_REFERENCE_FILE),
        },
        // Repositories: the only SQL of the service.
        PaRequestRepository,
        DeterminationRepository,
        PolicyVersionRepository,
        PolicyStore,
        RoutingService,
        // One use case per operation, whoever asks (event, HTTP or timer).
        RoutePaRequestsUseCase,
        ApplyMemberCoverageUseCase,
        ExpireHeldRequestsUseCase,
        ReadDecisionUseCase,
        RecordDeterminationUseCase,
        SimulateRoutingUseCase,
        AddPolicyVersionUseCase,
        ActivatePolicyVersionUseCase,
        Housekeeping,
        RoutingMetricsRepository,
        RoutingMetrics,
      ],
      controllers: [RoutingEvents, PaRequestsController, PoliciesController, SimulateController],
    };
  }
}
