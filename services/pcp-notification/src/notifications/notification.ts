import {
  topics,
  type CaseManagerContact,
  type NotificationKind,
  type NotificationStatus,
  type PrimaryCareProvider,
} from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';

export type DeliveryStatus = 'queued' | 'delivered' | 'failed';

/** A letter or call task to a PCP, as the notification repository answers it. */
export interface Notification {
  readonly notificationId: string;
  readonly memberId: string;
  readonly caseId: string;
  readonly kind: NotificationKind;
  readonly status: NotificationStatus;
  readonly pcpNpi: string | null;
  readonly pcp: PrimaryCareProvider | null;
  readonly caseManager: CaseManagerContact | null;
  readonly dueBy: Date | null;
  readonly escalatedAt: Date | null;
  readonly completedAt: Date | null;
  readonly templateVersion: number | null;
  readonly deliveryStatus: DeliveryStatus | null;
  readonly deliveryAttempts: number;
  readonly createdAt: Date;
}

export const letterUrlOf = (notificationId: string): string =>
  `/notifications/${encodeURIComponent(notificationId)}/letter.pdf`;

/** The contract event for a notification in its current state. */
export function issuedEventOf(notification: Notification) {
  const written = notification.kind !== 'condition-change-call';
  return {
    notificationId: notification.notificationId,
    memberId: notification.memberId,
    caseId: notification.caseId,
    kind: notification.kind,
    pcp: notification.pcp ? { npi: notification.pcp.npi, name: notification.pcp.name } : null,
    caseManager: notification.caseManager,
    letterUrl: written ? letterUrlOf(notification.notificationId) : null,
    dueBy: !written && notification.dueBy ? notification.dueBy.toISOString() : null,
    status: notification.status,
  };
}

/** Publishes the state of a notification on `pcp.notifications.v1` (one event id per state). */
export function publishNotification(uow: UnitOfWork, notification: Notification): void {
  uow.publish(topics.pcpNotifications, issuedEventOf(notification), {
    id: `${notification.notificationId}:${notification.status}`,
  });
}
