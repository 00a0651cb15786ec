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
    ...deliveryOf(notification),
  };
}

/** How a letter's delivery ended: delivered, or failed with no attempt left; null otherwise. */
function deliveryOf(n: Notification) {
  const written = n.kind !== 'condition-change-call';
  if (written && n.deliveryStatus === 'delivered')
    return { delivery: { status: 'delivered' as const, attempts: n.deliveryAttempts } };
  if (written && n.deliveryStatus === 'failed' && n.status === 'pending')
    return { delivery: { status: 'failed' as const, attempts: n.deliveryAttempts } };
  return { delivery: null };
}

/** Publishes the state of a notification on `pcp.notifications.v1` (one event id per state). */
export function publishNotification(uow: UnitOfWork, notification: Notification): void {
  uow.publish(topics.pcpNotifications, issuedEventOf(notification), {
    id: `${notification.notificationId}:${notification.status}`,
  });
}

/** Publishes a letter whose last allowed delivery attempt failed (once: its own event id). */
export function publishDeliveryFailed(uow: UnitOfWork, letter: Notification): void {
  uow.publish(topics.pcpNotifications, issuedEventOf(letter), {
    id: `${letter.notificationId}:delivery-failed`,
  });
}
