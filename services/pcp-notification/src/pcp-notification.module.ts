import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  MemberCoverageReadModel,
  MemberCoverageReadModel1732000000100,
} from '@careflow/coverage-read-model';
import {
  corsAllowlist,
  PlatformModule,
  StreamTicketRepository,
  StreamTickets,
} from '@careflow/platform';
import { CaseRepository } from './cases/case.repository';
import type { PcpNotificationConfig } from './config';
import {
  DELIVERY_CHANNEL,
  RecordingDeliveryChannel,
  type DeliveryChannel,
} from './delivery/delivery-channel';
import { DeliveryRepository } from './delivery/delivery.repository';
import { DeliveryWorker } from './delivery/delivery.worker';
import { EventsController } from './events/events.controller';
import { FeedController } from './feed/feed.controller';
import { FeedHub } from './feed/feed-hub';
import { FeedRepository } from './feed/feed.repository';
import { AcknowledgeFeedItemUseCase } from './feed/use-cases/acknowledge-feed-item.use-case';
import { LETTER_KINDS, TEMPLATE_DIRECTORY } from './letters/letter-template';
import { LetterTemplateRepository } from './letters/letter-template.repository';
import { LetterTemplatesController } from './letters/letter-templates.controller';
import { LetterPreviewController } from './letters/letter-preview.controller';
import { PreviewStatusUpdateLetterUseCase } from './letters/use-cases/preview-status-update-letter.use-case';
import { RenderLetterUseCase } from './letters/use-cases/render-letter.use-case';
import { UpdateLetterTemplateUseCase } from './letters/use-cases/update-letter-template.use-case';
import { MemberIdentityRepository } from './members/member-identity.repository';
import { PcpNotificationTables1732000000200 } from './migrations/1732000000200-pcp-notification-tables';
import { FeedItemsByCase1732000000201 } from './migrations/1732000000201-feed-items-by-case';
import { StreamTickets1732000000202 } from './migrations/1732000000202-stream-tickets';
import { MemberIdentities1732000000203 } from './migrations/1732000000203-member-identities';
import { PcpNotificationJobQueues1797200000100 } from './migrations/1797200000100-pcp-notification-job-queues';
import { LetterFacts1732000000204 } from './migrations/1732000000204-letter-facts';
import { NotificationMetrics } from './metrics/notification.metrics';
import { NotificationMetricsRepository } from './metrics/notification-metrics.repository';
import { EscalationWorker } from './notifications/escalation.worker';
import { NotificationRepository } from './notifications/notification.repository';
import { NotificationsController } from './notifications/notifications.controller';
import { PcpOutreach } from './notifications/pcp-outreach';
import { CancelCaseNotificationsUseCase } from './notifications/use-cases/cancel-case-notifications.use-case';
import { IssueEnrollmentNoticeUseCase } from './notifications/use-cases/issue-enrollment-notice.use-case';
import { IssueStatusUpdateNoticesUseCase } from './notifications/use-cases/issue-status-update-notices.use-case';
import { RecordCaseChangesUseCase } from './notifications/use-cases/record-case-changes.use-case';
import { RecordCoverageChangesUseCase } from './notifications/use-cases/record-coverage-changes.use-case';
import { RecordPcpCallUseCase } from './notifications/use-cases/record-pcp-call.use-case';
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
  LetterFacts1732000000204,
  PcpNotificationJobQueues1797200000100,
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
    @Inject(LetterTemplateRepository) private readonly templates: LetterTemplateRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const kind of LETTER_KINDS) {
      const body = await readFile(join(TEMPLATE_DIRECTORY, `${kind}.txt`), 'utf8');
      await this.templates.seed(this.dataSource.manager, kind, body);
    }
  }
}

@Module({})
export class PcpNotificationModule implements NestModule {
  constructor(@Inject(PCP_NOTIFICATION_CONFIG) private readonly config: PcpNotificationConfig) {}

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
        CaseRepository,
        DeliveryRepository,
        FeedRepository,
        LetterTemplateRepository,
        MemberIdentityRepository,
        NotificationRepository,
        StreamTicketRepository,
        {
          provide: StreamTickets,
          inject: [StreamTicketRepository],
          useFactory: (repository: StreamTicketRepository) => new StreamTickets(repository),
        },
        { provide: MemberCoverageReadModel, useValue: new MemberCoverageReadModel() },
        {
          provide: DELIVERY_CHANNEL,
          useValue: overrides.deliveryChannel ?? channelFor(config),
        },
        PcpOutreach,
        CancelCaseNotificationsUseCase,
        IssueEnrollmentNoticeUseCase,
        IssueStatusUpdateNoticesUseCase,
        RecordCaseChangesUseCase,
        RecordCoverageChangesUseCase,
        RecordPcpCallUseCase,
        AcknowledgeFeedItemUseCase,
        RenderLetterUseCase,
        PreviewStatusUpdateLetterUseCase,
        UpdateLetterTemplateUseCase,
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
        LetterPreviewController,
        WebController,
        WebConfigController,
      ],
    };
  }

  /** Other pages' origins (CORS_ALLOWED_ORIGINS) may call the API: preflights included. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(corsAllowlist(this.config.CORS_ALLOWED_ORIGINS))
      .forRoutes({ path: '*path', method: RequestMethod.ALL });
  }
}
