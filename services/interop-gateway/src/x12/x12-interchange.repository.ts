import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ReceivedInterchange {
  readonly contentSha256: string;
  readonly senderId: string;
  readonly controlNumber: string;
  readonly channel: 'http' | 'drop-folder';
  readonly receivedAt: Date;
}

export interface ReceivedTransactionSet {
  readonly setSha256: string;
  readonly interchangeSha256: string;
  readonly groupControl: string;
  readonly setControl: string;
  readonly setType: string;
  readonly fileKind: string | null;
  readonly eventsPublished: number;
  readonly receivedAt: Date;
}

/** What the gateway remembers of the X12 it received (schema interop_gateway). */
@Injectable()
export class X12InterchangeRepository {
  /**
   * Records an interchange; false when one with the same content is already recorded (a
   * concurrent copy waits here for the first to commit, then sees it).
   */
  async recordInterchange(
    manager: EntityManager,
    interchange: ReceivedInterchange,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO x12_interchanges (content_sha256, sender_id, control_number, channel, received_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (content_sha256) DO NOTHING
       RETURNING content_sha256`,
      [
        interchange.contentSha256,
        interchange.senderId,
        interchange.controlNumber,
        interchange.channel,
        interchange.receivedAt,
      ],
    );
    return rows.length === 1;
  }

  /** The acknowledgment an interchange of this content was answered, if it was received. */
  async acknowledgmentOf(
    manager: EntityManager,
    contentSha256: string,
  ): Promise<string | undefined> {
    const rows: { acknowledgment: string | null }[] = await manager.query(
      `SELECT acknowledgment FROM x12_interchanges WHERE content_sha256 = $1`,
      [contentSha256],
    );
    return rows[0]?.acknowledgment ?? undefined;
  }

  /** True when the sender already used this ISA13 control number (for other content). */
  async controlNumberUsed(
    manager: EntityManager,
    senderId: string,
    controlNumber: string,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM x12_interchanges WHERE sender_id = $1 AND control_number = $2`,
      [senderId, controlNumber],
    );
    return rows.length > 0;
  }

  async storeAcknowledgment(
    manager: EntityManager,
    contentSha256: string,
    acknowledgment: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE x12_interchanges SET acknowledgment = $2 WHERE content_sha256 = $1`,
      [contentSha256, acknowledgment],
    );
  }

  /** Claims a transaction set for publishing; false when the same set was already received. */
  async claimTransactionSet(manager: EntityManager, set: ReceivedTransactionSet): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO x12_transaction_sets
         (set_sha256, interchange_sha256, group_control, set_control, set_type, file_kind, events_published, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (set_sha256) DO NOTHING
       RETURNING set_sha256`,
      [
        set.setSha256,
        set.interchangeSha256,
        set.groupControl,
        set.setControl,
        set.setType,
        set.fileKind,
        set.eventsPublished,
        set.receivedAt,
      ],
    );
    return rows.length === 1;
  }

  /** The control number (ISA13 and GS06) of the next acknowledgment. */
  async nextAcknowledgmentNumber(manager: EntityManager): Promise<number> {
    const rows: { value: string }[] = await manager.query(
      `SELECT nextval('acknowledgment_control_numbers') AS value`,
    );
    return Number(rows[0]?.value ?? 1);
  }
}
