import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  fundingType,
  groupRef,
  isoDate,
  lineOfBusiness,
  paRequestedData,
  pharmacyBenefitAdministrator,
  timestamp,
  type Clock,
} from '@careflow/contracts';
import { MemberCoverageReadModel } from '@careflow/coverage-read-model';
import { SYSTEM_RULE_IDS } from '@careflow/michigan-policy';
import { CLOCK, parseCommand } from '@careflow/platform';
import { AUTHORIZATION_ROUTING_CONFIG } from '../../tokens';
import type { AuthorizationRoutingConfig } from '../../config';
import type { CoverageFinding, DecisionRecord } from '../decide';
import { findingFor, RoutingService } from '../routing.service';

/** The coverage a simulation assumes instead of the read model's (null: no coverage at all). */
export const coverageOverride = z.object({
  lineOfBusiness,
  fundingType,
  group: groupRef.nullable(),
  pharmacyBenefitAdministrator: pharmacyBenefitAdministrator.nullable().default(null),
  effectiveDate: isoDate,
  terminationDate: isoDate.nullable().default(null),
});

export const simulateRoutingCommand = paRequestedData.extend({
  coverage: coverageOverride
    .nullable()
    .optional()
    .describe("Coverage to assume; absent: the member's coverage in the read model."),
  receivedAt: timestamp
    .optional()
    .describe(
      'When the request is taken as received and decided (policy version, deadline); default now.',
    ),
});
export type SimulateRoutingCommand = z.input<typeof simulateRoutingCommand>;

export interface Simulation {
  readonly record: DecisionRecord;
  readonly coverageSource: 'override' | 'read-model';
  /** With the read model: whether eligibility ever published the member (for the audit). */
  readonly memberKnown: boolean;
  /** No coverage was ever received: a real request would be held for it, then decided so. */
  readonly unknownMember: boolean;
}

/**
 * The decision a PA request would get, with the body's coverage or the member's coverage in the
 * read model; nothing is stored or published. A member eligibility never published is decided as
 * a real request would be once its coverage wait ran out, and the answer says so.
 */
@Injectable()
export class SimulateRoutingUseCase {
  private readonly readModel = new MemberCoverageReadModel();

  constructor(
    @Inject(RoutingService) private readonly routing: RoutingService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AUTHORIZATION_ROUTING_CONFIG) private readonly config: AuthorizationRoutingConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(input: SimulateRoutingCommand): Promise<Simulation> {
    const { coverage, receivedAt, ...request } = parseCommand(
      simulateRoutingCommand,
      input,
      'routing simulation',
    );
    const at = receivedAt ? new Date(receivedAt) : this.clock.now();
    if (coverage !== undefined) {
      const finding: CoverageFinding =
        coverage === null ? { status: 'no-coverage' } : { status: 'covered', coverage };
      return {
        record: this.routing.decide(request, at, finding, at),
        coverageSource: 'override',
        memberKnown: true,
        unknownMember: false,
      };
    }
    const snapshot = await this.readModel.snapshotOf(this.dataSource.manager, request.memberId);
    const finding = findingFor(snapshot ?? undefined, request.dateOfService);
    if (finding !== null) {
      return {
        record: this.routing.decide(request, at, finding, at),
        coverageSource: 'read-model',
        memberKnown: snapshot !== null,
        unknownMember: false,
      };
    }
    const record = this.routing.decide(
      request,
      at,
      { status: 'never-received', waitedMs: this.config.COVERAGE_WAIT_MS },
      at,
    );
    return {
      record: {
        ...record,
        decision: {
          ...record.decision,
          reasons: [
            `No coverage has been received for this member: a real request would be held for up to ${Math.round(this.config.COVERAGE_WAIT_MS / 60_000)} minutes for it, then decided as below.`,
            ...record.decision.reasons,
          ],
          ruleTrace: [SYSTEM_RULE_IDS.coverageUnknownMember, ...record.decision.ruleTrace],
        },
        deadline: null,
      },
      coverageSource: 'read-model',
      memberKnown: false,
      unknownMember: true,
    };
  }
}
