import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AuditLog,
  JsonLogger,
  LiveStreamHub,
  seesCase,
  StreamTickets,
  type AuditEntry,
  type LiveStreamClient,
} from '@careflow/platform';
import type { CaseManagementConfig } from '../config';
import { CASE_CHANNEL, parseAnnouncement } from '../cases/case-announcement';
import { CASE_MANAGEMENT_CONFIG } from '../tokens';
import { WorkspaceRepository, type CaseOwnership } from './workspace.repository';

/** `event: case`: a case the viewer may see changed (reload it). */
export interface CaseChangedEvent {
  caseId: string;
  memberId: string;
  status: CaseOwnership['status'];
  caseManagerId: string | null;
}

/**
 * The workspace live, on the platform's `LiveStreamHub`: every change of a case is announced on
 * `CASE_CHANNEL` when it commits; this reads who holds each announced case NOW and sends
 * `event: case` to the streams whose principal may see it (the caseload rule: its case manager,
 * supervisors and admins), audited as `workspace.stream`, and `event: case-left` (the case id
 * only) to the case manager a reassignment took it from.
 */
@Injectable()
export class WorkspaceStream implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly hub: LiveStreamHub;

  constructor(
    @Inject(CASE_MANAGEMENT_CONFIG) config: CaseManagementConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WorkspaceRepository) private readonly workspace: WorkspaceRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
    @Inject(StreamTickets) tickets: StreamTickets,
    @Inject(JsonLogger) logger: JsonLogger,
  ) {
    this.hub = new LiveStreamHub(
      {
        name: 'workspace stream',
        databaseUrl: config.DATABASE_URL,
        channel: CASE_CHANNEL,
        heartbeatMs: config.WORKSPACE_STREAM_HEARTBEAT_MS,
        ticketTtlSeconds: config.WORKSPACE_STREAM_TICKET_TTL_SECONDS,
        maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE_SECONDS,
        streamsPerUser: config.WORKSPACE_STREAMS_PER_USER,
        streamsMax: config.WORKSPACE_STREAMS_MAX,
        ticketRoute: 'POST /workspace/stream-tickets',
      },
      { dataSource, tickets, audit, logger },
      (payloads, clients) => this.push(payloads, clients),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.hub.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.hub.stop();
  }

  private async push(payloads: readonly string[], clients: readonly LiveStreamClient[]) {
    const announced = payloads.flatMap((p) => parseAnnouncement(p) ?? []);
    const owners = new Map(
      (
        await this.workspace.caseOwnerships(this.dataSource.manager, [
          ...new Set(announced.map((a) => a.caseId)),
        ])
      ).map((c) => [c.caseId, c]),
    );
    const shown = new Map<string, { theCase: CaseOwnership; to: LiveStreamClient[] }>();
    const left: { caseId: string; to: LiveStreamClient[] }[] = [];
    for (const a of announced) {
      const theCase = owners.get(a.caseId);
      if (!theCase) continue;
      // Checked now, not when the change was made: a reassigned case follows its new owner.
      const to = clients.filter((c) => seesCase(c.principal, theCase));
      if (to.length > 0) shown.set(theCase.caseId, { theCase, to });
      const former = a.formerCaseManagerId;
      if (former && former !== theCase.caseManagerId) {
        const them = clients.filter((c) => c.principal.id === former && !to.includes(c));
        if (them.length > 0) left.push({ caseId: a.caseId, to: them });
      }
    }
    const entries: AuditEntry[] = [...shown.values()].flatMap(({ theCase, to }) =>
      to.map((client) => ({
        actor: client.principal,
        action: 'workspace.stream',
        resourceType: 'case',
        resourceId: theCase.caseId,
        memberId: theCase.memberId,
        outcome: 'allowed' as const,
        ...client.origin,
      })),
    );
    // Audited before it is shown: a push that cannot be audited is not made.
    if (entries.length > 0) await this.audit.recordMany(entries);
    for (const { theCase, to } of shown.values()) {
      const event: CaseChangedEvent = {
        caseId: theCase.caseId,
        memberId: theCase.memberId,
        status: theCase.status,
        caseManagerId: theCase.caseManagerId,
      };
      for (const client of to) client.send('case', event);
    }
    for (const { caseId, to } of left)
      for (const client of to) client.send('case-left', { caseId });
  }
}
