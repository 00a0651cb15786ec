import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  MemberCoverageReadModel,
  MemberCoverageReadModel1732000000100,
} from '@careflow/coverage-read-model';
import { PlanCalendar, type Clock } from '@careflow/contracts';
import { CLOCK, PlatformModule } from '@careflow/platform';
import type { PcpNotificationConfig } from './config';
import {
  DELIVERY_CHANNEL,
  RecordingDeliveryChannel,
  type DeliveryChannel,
} from './delivery/delivery-channel';
import { DeliveryWorker } from './delivery/delivery.worker';
import { EventsController } from './events/events.controller';
import { FeedController } from './feed/feed.controller';
import { FeedHub } from './feed/feed-hub';
import { FeedRepository } from './feed/feed.repository';
import { StreamTickets } from './feed/stream-tickets';
import { LetterTemplatesController } from './letters/letter-templates.controller';
import { LetterTemplates } from './letters/letter-templates.service';
import { PcpNotificationTables1732000000200 } from './migrations/1732000000200-pcp-notification-tables';
import { FeedItemsByCase1732000000201 } from './migrations/1732000000201-feed-items-by-case';
import { StreamTickets1732000000202 } from './migrations/1732000000202-stream-tickets';
import { MemberIdentities1732000000203 } from './migrations/1732000000203-member-identities';
import { NotificationMetrics } from './metrics/notification.metrics';
import { NotificationMetricsRepository } from './metrics/notification-metrics.repository';
import { EscalationWorker } from './notifications/escalation.worker';
import { NotificationIssuer } from './notifications/notification-issuer';
import { NotificationsController } from './notifications/notifications.controller';
import { PCP_NOTIFICATION_CONFIG } from './tokens';
import { WebConfigController, WebController } from './web/web.controller';

export { PCP_NOTIFICATION_CONFIG } from './tokens';

export const pcpNotificationEntities = [];
export const pcpNotificationMigrations = [
  MemberCoverageReadModel1732000000100,
  PcpNotificationTables1732000000200,
  FeedItemsByCase1732000000201,
  StreamTickets1732000000202,
  MemberIdentities1732000000203,
];

export interface PcpNotificationOverrides {
  /** Replaces the configured delivery channel (tests of failing deliveries, real channels). */
  readonly deliveryChannel?: DeliveryChannel;
}

function channelFor(config: PcpNotificationConfig): DeliveryChannel {
  switch (config.DELIVERY_CHANNEL) {
    case 'record':
      return new RecordingDeliveryChannel();
  }
}

/** Seeds the letter templates from the service's files before any event is handled. */
class TemplateSeeder implements OnModuleInit {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LetterTemplates) private readonly templates: LetterTemplates,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.templates.seedFromFiles(this.dataSource.manager);
  }
}

@Module({})
export class PcpNotificationModule {
  static register(
    config: PcpNotificationConfig,
    overrides: PcpNotificationOverrides = {},
  ): DynamicModule {
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
      providers: [
        { provide: PCP_NOTIFICATION_CONFIG, useValue: config },
        { provide: LetterTemplates, useValue: new LetterTemplates() },
        { provide: FeedRepository, useValue: new FeedRepository() },
        { provide: StreamTickets, useValue: new StreamTickets() },
        { provide: MemberCoverageReadModel, useValue: new MemberCoverageReadModel() },
        {
          provide: DELIVERY_CHANNEL,
          useValue: overrides.deliveryChannel ?? channelFor(config),
        },
        {
          provide: NotificationIssuer,
          inject: [LetterTemplates, FeedRepository, MemberCoverageReadModel, PlanCalendar, CLOCK],
          useFactory: (
            templates: LetterTemplates,
            feed: FeedRepository,
            coverage: MemberCoverageReadModel,
            calendar: PlanCalendar,
            clock: Clock,
          ) => new NotificationIssuer(config, templates, feed, coverage, calendar, clock),
        },
        TemplateSeeder,
        NotificationMetricsRepository,
        NotificationMetrics,
        DeliveryWorker,
        EscalationWorker,
        FeedHub,
      ],
      controllers: [
        EventsController,
        FeedController,
        NotificationsController,
        LetterTemplatesController,
        WebController,
        WebConfigController,
      ],
    };
  }
}
