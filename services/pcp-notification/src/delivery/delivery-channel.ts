import type { PrimaryCareProvider } from '@careflow/contracts';

/** How a letter reaches the practice. */
export type DeliveryMethod = 'fax' | 'portal' | 'mail';

export interface OutgoingLetter {
  /** Also the idempotency key a real channel passes on, so a retried hand-over is not a second letter. */
  readonly notificationId: string;
  readonly kind: string;
  readonly pcp: PrimaryCareProvider;
  readonly method: DeliveryMethod;
  /** The rendered letter; null only for a channel whose `sendsPdf` is false. */
  readonly pdf: Buffer | null;
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
  /**
   * Whether the channel sends the PDF (fax, portal, print vendor: the default). A channel that
   * sends no document (the development `record` channel) is handed letters before they are
   * rendered; each is then rendered from its recorded facts when first opened (the same bytes,
   * see RenderLetterUseCase), so a burst of letters does not pay for PDFs nobody receives.
   */
  readonly sendsPdf?: boolean;
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
  readonly sendsPdf = false;

  async deliver(letter: OutgoingLetter): Promise<DeliveryResult> {
    return {
      status: 'sent',
      reference: `record:${letter.method}:${letter.notificationId}`,
      detail: `recorded as sent by ${letter.method} (development channel)`,
    };
  }
}
