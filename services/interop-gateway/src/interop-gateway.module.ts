import {
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { text } from 'express';
import { MemberCoverageReadModel1732000000100 } from '@careflow/coverage-read-model';
import { PlatformModule } from '@careflow/platform';
import type { InteropGatewayConfig } from './config';
import { CoverageEventsController } from './member-coverage/coverage-events.controller';
import { ApplyMemberCoverageUseCase } from './member-coverage/use-cases/apply-member-coverage.use-case';
import { CdsClientAuthenticator } from './crd/cds-client-authenticator';
import { CdsClientGuard } from './crd/cds-client.guard';
import { CdsHooksController } from './crd/cds-hooks.controller';
import { CrdClientTokenRepository } from './crd/crd-client-token.repository';
import { CrdPolicy } from './crd/crd-policy';
import { AnswerOrderHookUseCase } from './crd/use-cases/answer-order-hook.use-case';
import {
  CLAIM_MAPPING,
  ENROLLMENT_MAPPING,
  INTEROP_GATEWAY_CONFIG,
} from './interop-gateway.tokens';
import { Hl7MessageRepository } from './hl7/hl7-message.repository';
import { MllpListener } from './hl7/mllp-listener';
import { InteropMetrics } from './metrics/interop.metrics';
import { ReceiveHl7MessageUseCase } from './hl7/use-cases/receive-hl7-message.use-case';
import { InteropGatewayTables1797100000000 } from './migrations/1797100000000-interop-gateway-tables';
import { Hl7Messages1797200000000 } from './migrations/1797200000000-hl7-messages';
import { CrdClientTokens1797345000000 } from './migrations/1797345000000-crd-client-tokens';
import { loadEnrollmentMapping } from './x12/enrollment-mapping.loader';
import { ReceiveX12InterchangeUseCase } from './x12/use-cases/receive-x12-interchange.use-case';
import { X12_CONTENT_TYPE, X12Controller } from './x12/x12.controller';
import { X12DropFolder } from './x12/x12-drop-folder';
import { X12InterchangeRepository } from './x12/x12-interchange.repository';

export { INTEROP_GATEWAY_CONFIG } from './interop-gateway.tokens';

/** The gateway uses raw SQL over its migrated tables; no TypeORM entities. */
export const interopGatewayEntities = [];
export const interopGatewayMigrations = [
  InteropGatewayTables1797100000000,
  Hl7Messages1797200000000,
  // CRD answers from the gateway's own copy of eligibility's published coverage.
  MemberCoverageReadModel1732000000100,
  CrdClientTokens1797345000000,
];

@Module({})
export class InteropGatewayModule implements NestModule {
  private static maxBytes = 64 * 1024 * 1024;

  static register(config: InteropGatewayConfig): DynamicModule {
    InteropGatewayModule.maxBytes = config.X12_MAX_BYTES;
    return {
      module: InteropGatewayModule,
      imports: [
        PlatformModule.forService({
          serviceName: 'interop-gateway',
          schema: 'interop_gateway',
          config,
          entities: interopGatewayEntities,
          migrations: interopGatewayMigrations,
        }),
      ],
      providers: [
        { provide: INTEROP_GATEWAY_CONFIG, useValue: config },
        {
          provide: ENROLLMENT_MAPPING,
          useValue: loadEnrollmentMapping(config.ENROLLMENT_MAPPING_FILE),
        },
        InteropMetrics,
        {
          provide: CLAIM_MAPPING,
          useValue: { inpatientBillTypes: config.X12_837_INPATIENT_BILL_TYPES },
        },
        X12InterchangeRepository,
        ReceiveX12InterchangeUseCase,
        X12DropFolder,
        Hl7MessageRepository,
        ReceiveHl7MessageUseCase,
        MllpListener,
        ApplyMemberCoverageUseCase,
        CrdClientTokenRepository,
        CdsClientAuthenticator,
        CdsClientGuard,
        CrdPolicy,
        AnswerOrderHookUseCase,
      ],
      controllers: [X12Controller, CdsHooksController, CoverageEventsController],
    };
  }

  /** X12 arrives as text, not JSON: its own body parser, with its own size limit. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(text({ type: X12_CONTENT_TYPE, limit: InteropGatewayModule.maxBytes }))
      .forRoutes(X12Controller);
  }
}
