import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@careflow/platform';
import { CaseloadEvents } from './caseload/caseload.events';
import { CaseloadRepository } from './caseload/caseload.repository';
import { RecordCaseAssignmentsUseCase } from './caseload/use-cases/record-case-assignments.use-case';
import type { EligibilityConfig } from './config';
import { CoverageController } from './coverage-history/coverage.controller';
import { CoverageEvents } from './coverage-history/coverage.events';
import { CoverageRepository } from './coverage-history/coverage.repository';
import { IngestCoverageUseCase } from './coverage-history/use-cases/ingest-coverage.use-case';
import { ELIGIBILITY_CONFIG } from './eligibility.tokens';
import { EligibilityTables1732100000000 } from './migrations/1732100000000-eligibility-tables';
import { StoredDocumentsAsJson1797300002900 } from './migrations/1797300002900-stored-documents-as-json';
import { RoomForHotUpdates1797300003000 } from './migrations/1797300003000-room-for-hot-updates';
import { SpansDerivedOnRead1797300004000 } from './migrations/1797300004000-spans-derived-on-read';

export { ELIGIBILITY_CONFIG } from './eligibility.tokens';

/** Eligibility's SQL lives in its repositories, over its migrated tables; no TypeORM entities. */
export const eligibilityEntities = [];
export const eligibilityMigrations = [
  EligibilityTables1732100000000,
  StoredDocumentsAsJson1797300002900,
  RoomForHotUpdates1797300003000,
  SpansDerivedOnRead1797300004000,
];

@Module({})
export class EligibilityModule {
  static register(config: EligibilityConfig): DynamicModule {
    return {
      module: EligibilityModule,
      imports: [
        PlatformModule.forService({
          serviceName: 'eligibility',
          schema: 'eligibility',
          config,
          entities: eligibilityEntities,
          migrations: eligibilityMigrations,
        }),
      ],
      providers: [
        { provide: ELIGIBILITY_CONFIG, useValue: config },
        CoverageRepository,
        CaseloadRepository,
        IngestCoverageUseCase,
        RecordCaseAssignmentsUseCase,
      ],
      controllers: [CoverageEvents, CaseloadEvents, CoverageController],
    };
  }
}
