import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@careflow/platform';
import type { CaseManagementConfig } from './config';

export const caseManagementEntities = [];
export const caseManagementMigrations = [];

export const CASE_MANAGEMENT_CONFIG = Symbol('CASE_MANAGEMENT_CONFIG');

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
      providers: [{ provide: CASE_MANAGEMENT_CONFIG, useValue: config }],
      controllers: [],
    };
  }
}
