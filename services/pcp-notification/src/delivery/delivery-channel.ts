import type { PrimaryCareProvider } from '@careflow/contracts';

/** How a letter reaches the practice. */
export type DeliveryMethod = 'fax' | 'portal' | 'mail';

export interface OutgoingLetter {
  /** Also the idempotency key a real channel passes on, so a retried hand-over is not a second letter. */
  readonly notificationId: string;
  readonly kind: string;
  readonly pcp: PrimaryCareProvider;
  readonly method: DeliveryMethod;
  readonly pdf: Buffer;
  readonly attempt: number;
}

export interface DeliveryResult {
  readonly status: 'sent' | 'failed';
  /** The channel's reference (fax job id, portal message id, mail tracking). */
  readonly reference?: string | null;
  /** Why it failed, or a note; never member data. */
  readonly detail?: string | null;
}

/** A way letters leave the platform: fax, provider portal or mail vendor. */
export interface DeliveryChannel {
  readonly name: string;
  deliver(letter: OutgoingLetter): Promise<DeliveryResult>;
}

export const DELIVERY_CHANNEL = Symbol('DELIVERY_CHANNEL');

/** Fax when the practice has a fax number, else mail when it has an address, else the portal. */
export function deliveryMethodFor(pcp: PrimaryCareProvider): DeliveryMethod {
  if (pcp.fax) return 'fax';
  if (pcp.address) return 'mail';
  return 'portal';
}

/** Development default: records the letter as sent and sends nothing anywhere. */
export class RecordingDeliveryChannel implements DeliveryChannel {
  readonly name = 'record';

  async deliver(letter: OutgoingLetter): Promise<DeliveryResult> {
    return {
      status: 'sent',
      reference: `record:${letter.method}:${letter.notificationId}`,
      detail: `recorded as sent by ${letter.method} (development channel)`,
    };
  }
}
