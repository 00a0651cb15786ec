import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  identifier,
  topics,
  type CoverageSpan,
  type CoverageUpdated,
  type MemberCoverageChanged,
} from '@careflow/contracts';
import type { UnitOfWork } from '@careflow/messaging';
import { parseCommand } from '@careflow/platform';
import {
  CoverageRepository,
  type MemberDemographics,
  type PublishedVersion,
} from '../coverage.repository';
import {
  deriveSpans,
  factFromEvent,
  isNewer,
  mergeFacts,
  publishableSpans,
  type CoverageFact,
} from '../spans';

/**
 * A chunk of coverage.updated events. The event id and time become the published span's
 * `sourceEventId` and `sourceEventTime`, so they must fit the contract: an event whose id or time
 * never will is refused (dead-lettered) rather than retried forever. `data` is the contract's
 * `coverage.updated`, which the backbone has already validated against the topic's schema on the
 * event path; parsing it again would double the cost of the project's hottest path.
 */
export const ingestCoverageCommand = z.object({
  events: z.array(
    z.object({
      id: identifier,
      time: z
        .string()
        .refine((time) => !Number.isNaN(Date.parse(time)), 'must be an RFC 3339 timestamp'),
      data: z.custom<CoverageUpdated>(
        (data) => typeof data === 'object' && data !== null,
        'must be a coverage.updated event',
      ),
    }),
  ),
});
export type IngestCoverageCommand = z.input<typeof ingestCoverageCommand>;

/** Members merged and published between two turns of the event loop. */
const YIELD_EVERY_MEMBERS = 100;

/** What one chunk changed: the member-coverage events published, in member order. */
export interface IngestResult {
  readonly published: readonly MemberCoverageChanged[];
  readonly factsStored: number;
}

/** The deterministic id of a member-coverage event: a replayed transaction produces the same one. */
export function memberCoverageEventId(memberId: string, version: number): string {
  return `member-coverage-${memberId}-v${version}`;
}

/**
 * Applies a chunk of coverage.updated events in two statements, whatever its size: one read of
 * the facts and versions of the chunk's members, then one of set-based writes (demographics,
 * facts, spans) that rides with the outbox insert. Publishes one member-coverage snapshot per
 * member whose spans changed (or who had none published yet), with the next version, in the
 * caller's transaction.
 */
@Injectable()
export class IngestCoverageUseCase {
  constructor(@Inject(CoverageRepository) private readonly coverage: CoverageRepository) {}

  async execute(uow: UnitOfWork, input: IngestCoverageCommand): Promise<IngestResult> {
    const { events } = parseCommand(
      ingestCoverageCommand,
      input,
      'coverage.updated event id or time',
    );
    const incoming = new Map<string, CoverageFact[]>();
    const demographics = new Map<string, MemberDemographics>();
    for (const event of events) {
      const fact = factFromEvent(event.data, event.id, event.time);
      const list = incoming.get(fact.memberId);
      if (list) list.push(fact);
      else incoming.set(fact.memberId, [fact]);
      const person: MemberDemographics = {
        memberId: fact.memberId,
        firstName: event.data.firstName,
        lastName: event.data.lastName,
        birthDate: event.data.birthDate,
        eventId: event.id,
        eventTime: fact.eventTime,
      };
      const held = demographics.get(fact.memberId);
      if (!held || isNewer(person, held)) demographics.set(fact.memberId, person);
    }
    const memberIds = [...incoming.keys()];
    const { facts: heldFacts, versions } = await this.coverage.heldCoverageOf(
      uow.manager,
      memberIds,
    );

    const accepted: CoverageFact[] = [];
    const published: MemberCoverageChanged[] = [];
    const stored: PublishedVersion[] = [];
    for (const [i, memberId] of memberIds.entries()) {
      // A chunk of a thousand members is tens of milliseconds of work: give the event loop back
      // now and then, so as-of lookups are answered while a chunk is applied.
      if (i > 0 && i % YIELD_EVERY_MEMBERS === 0) await nextTurn();
      const held = heldFacts.get(memberId) ?? [];
      const merge = mergeFacts(held, incoming.get(memberId) ?? []);
      if (merge.accepted.length === 0) continue;
      accepted.push(...merge.accepted);
      const before = deriveSpans(held);
      const after = deriveSpans(merge.facts);
      const version = versions.get(memberId);
      if (version !== undefined && sameSpans(before, after)) continue;
      const next = (version ?? 0) + 1;
      const person = demographics.get(memberId);
      const snapshot = {
        memberId,
        spans: publishableSpans(after),
        version: next,
        // For the PCP's letters (pcp-notification); every published version is triggered by an
        // event of this member in the chunk, so its newest demographics are at hand.
        member: person
          ? { firstName: person.firstName, lastName: person.lastName, birthDate: person.birthDate }
          : null,
      };
      // Validated once, here: a snapshot the contract refuses throws OutputContractError, a
      // permanent error, so the event is dead-lettered with that reason instead of blocking the
      // partition (the backbone replays the chunk one event at a time to find which one).
      uow.publish(topics.memberCoverage, snapshot, {
        id: memberCoverageEventId(memberId, next),
      });
      stored.push({ memberId, version: next });
      published.push(snapshot);
    }

    this.coverage.writeWithOutbox(uow, [...demographics.values()], accepted, stored);
    return { published, factsStored: accepted.length };
  }
}

function sameSpans(a: readonly CoverageSpan[], b: readonly CoverageSpan[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
