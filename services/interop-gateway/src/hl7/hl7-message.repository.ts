import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface ReceivedHl7Message {
  /** MSH-3 and MSH-4 (sending application and facility), the scope of MSH-10. */
  readonly sender: string;
  /** MSH-10, the message control id. */
  readonly controlId: string;
  readonly messageType: string;
  readonly eventsPublished: number;
  readonly receivedAt: Date;
}

/** What the gateway remembers of the HL7 v2 messages it published (schema interop_gateway). */
@Injectable()
export class Hl7MessageRepository {
  /**
   * Records a message; false when the sender's control id is already recorded (a concurrent copy
   * waits here for the first to commit, then sees it).
   */
  async recordMessage(manager: EntityManager, message: ReceivedHl7Message): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO hl7_messages (sender, control_id, message_type, events_published, received_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sender, control_id) DO NOTHING
       RETURNING control_id`,
      [
        message.sender,
        message.controlId,
        message.messageType,
        message.eventsPublished,
        message.receivedAt,
      ],
    );
    return rows.length === 1;
  }
}
