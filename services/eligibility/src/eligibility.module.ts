import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@careflow/platform';
import { CaseloadEvents } from './caseload/caseload.events';
import type { EligibilityConfig } from './config';
import { CoverageController } from './coverage-history/coverage.controller';
import { CoverageEvents } from './coverage-history/coverage.events';
import { CoverageReads } from './coverage-history/coverage.reads';
import { ELIGIBILITY_CONFIG } from './eligibility.tokens';
import { EligibilityTables1732100000000 } from './migrations/1732100000000-eligibility-tables';

export { ELIGIBILITY_CONFIG } from './eligibility.tokens';

/** Eligibility uses raw SQL over its migrated tables; no TypeORM entities. */
export const eligibilityEntities = [];
export const eligibilityMigrations = [EligibilityTables1732100000000];

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
      providers: [{ provide: ELIGIBILITY_CONFIG, useValue: config }, CoverageReads],
      controllers: [CoverageEvents, CaseloadEvents, CoverageController],
    };
  }
}
