import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@careflow/platform';
import type { EligibilityConfig } from './config';

export const eligibilityEntities = [];
export const eligibilityMigrations = [];

export const ELIGIBILITY_CONFIG = Symbol('ELIGIBILITY_CONFIG');

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
      providers: [{ provide: ELIGIBILITY_CONFIG, useValue: config }],
      controllers: [],
    };
  }
}
