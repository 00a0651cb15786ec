import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { memberId } from '@careflow/contracts';
import type { MemberCoverageSnapshot } from '@careflow/coverage-read-model';
import type { ConsumedEvent, UnitOfWork } from '@careflow/messaging';
import { parseCommand } from '@careflow/platform';
import { CLINICAL_TOPICS, type ClinicalEventMessage } from '../clinical-topics';
import { Identification } from '../identification.service';

/**
 * The envelope of each event this operation reads (id, topic, member). Each event's data was
 * validated against its topic's schema when it was consumed; it is checked for its member and
 * passed on as it is (a copy of every event's data would cost more than the rest of the check).
 */
const clinicalEventsCommand = z.object({
  events: z.array(
    z.object({
      id: z.string().min(1),
      topic: z.enum(CLINICAL_TOPICS),
      data: z.custom<ClinicalEventMessage['data']>(
        (data) =>
          typeof data === 'object' &&
          data !== null &&
          memberId.safeParse((data as { memberId?: unknown }).memberId).success,
        'an object with a valid memberId',
      ),
    }),
  ),
});

export interface EvaluateClinicalEventsCommand {
  /** A chunk of any of the six clinical topics, in the order consumed. */
  readonly events: readonly ConsumedEvent[];
}

/**
 * Evaluates the members of a chunk of clinical events (claims, discharges, pharmacy fills,
 * encounters, lab results, MTM reviews): folds each event into its member's profile, evaluates
 * the criteria and settles each member (publishes, opens and closes cases), in the caller's unit
 * of work. Answers the coverage it looked up, for the adherence program to reuse.
 */
@Injectable()
export class EvaluateClinicalEvents {
  constructor(@Inject(Identification) private readonly identification: Identification) {}

  async execute(
    uow: UnitOfWork,
    command: EvaluateClinicalEventsCommand,
  ): Promise<ReadonlyMap<string, MemberCoverageSnapshot>> {
    const { events } = parseCommand(clinicalEventsCommand, command, 'clinical events');
    return this.identification.applyClinicalEvents(uow, events);
  }
}
