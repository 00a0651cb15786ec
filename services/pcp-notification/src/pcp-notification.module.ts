import { Module, type DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@careflow/platform';
import type { PcpNotificationConfig } from './config';

export const pcpNotificationEntities = [];
export const pcpNotificationMigrations = [];

export const PCP_NOTIFICATION_CONFIG = Symbol('PCP_NOTIFICATION_CONFIG');

@Module({})
export class PcpNotificationModule {
  static register(config: PcpNotificationConfig): DynamicModule {
    return {
      module: PcpNotificationModule,
      imports: [
        PlatformModule.forService({
          serviceName: 'pcp-notification',
          schema: 'pcp_notification',
          config,
          entities: pcpNotificationEntities,
          migrations: pcpNotificationMigrations,
        }),
      ],
      providers: [{ provide: PCP_NOTIFICATION_CONFIG, useValue: config }],
      controllers: [],
    };
  }
}
