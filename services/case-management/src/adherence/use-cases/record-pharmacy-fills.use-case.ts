import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { pharmacyClaimAdjudicatedData } from '@careflow/contracts';
import type { MemberCoverageSnapshot } from '@careflow/coverage-read-model';
import type { UnitOfWork } from '@careflow/messaging';
import { parseCommand } from '@careflow/platform';
import { AdherenceProgram, type PharmacyFill } from '../adherence.service';

/** The fields of each fill the program judges. */
const pharmacyFillsCommand = z.object({
  fills: z.array(
    pharmacyClaimAdjudicatedData.pick({
      claimId: true,
      memberId: true,
      status: true,
      fillDate: true,
      ndc: true,
      drugName: true,
      pharmacyChannel: true,
    }),
  ),
});

export interface RecordPharmacyFillsCommand {
  /** Adjudicated pharmacy claims (paid or reversed), in the order consumed. */
  readonly fills: readonly PharmacyFill[];
}

/**
 * Records pharmacy fills in the drug adherence discount program (Sempre Health): each fill is
 * judged by the policy library, and a member whose standing changes is published on
 * `care-programs.v1`. `knownCoverage`: coverage already looked up in this unit of work.
 */
@Injectable()
export class RecordPharmacyFills {
  constructor(@Inject(AdherenceProgram) private readonly adherence: AdherenceProgram) {}

  async execute(
    uow: UnitOfWork,
    command: RecordPharmacyFillsCommand,
    knownCoverage: ReadonlyMap<string, MemberCoverageSnapshot> = new Map(),
  ): Promise<void> {
    const { fills } = parseCommand(pharmacyFillsCommand, command, 'pharmacy fills');
    await this.adherence.applyFills(uow, fills, knownCoverage);
  }
}
