import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { MemberCoverageReadModel1732000000100 } from '@careflow/coverage-read-model';
import { PlatformModule } from '@careflow/platform';
import type { AuthorizationRoutingConfig } from './config';
import { DeterminationStore } from './determinations/determination-store';
import { RoutingEvents } from './events/routing.events';
import { Housekeeping } from './housekeeping/housekeeping';
import { PaRequestsController } from './http/pa-requests.controller';
import { PoliciesController } from './http/policies.controller';
import { SimulateController } from './http/simulate.controller';
import { AuthorizationRoutingTables1732000002000 } from './migrations/1732000002000-authorization-routing-tables';
import { DeterminationOverrides1732000002001 } from './migrations/1732000002001-determination-overrides';
import { NotEligibleDecisionsByMember1732000002300 } from './migrations/1732000002300-not-eligible-decisions-by-member';
import { RoutingMetrics } from './metrics/routing.metrics';
import { RoutingMetricsRepository } from './metrics/routing-metrics.repository';
import { PolicyStore } from './policies/policy-store';
import { RoutingService } from './routing/routing.service';
import { drugClassReferenceOf } from './routing/drug-reference';
import { AUTHORIZATION_ROUTING_CONFIG, DRUG_CLASS_REFERENCE } from './tokens';

export { AUTHORIZATION_ROUTING_CONFIG } from './tokens';

export const authorizationRoutingEntities = [];
export const authorizationRoutingMigrations = [
  MemberCoverageReadModel1732000000100,
  AuthorizationRoutingTables1732000002000,
  DeterminationOverrides1732000002001,
  NotEligibleDecisionsByMember1732000002300,
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
        PolicyStore,
        RoutingService,
        Housekeeping,
        DeterminationStore,
        RoutingMetricsRepository,
        RoutingMetrics,
      ],
      controllers: [RoutingEvents, PaRequestsController, PoliciesController, SimulateController],
    };
  }
}
