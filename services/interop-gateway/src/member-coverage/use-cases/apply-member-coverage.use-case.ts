import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { MemberCoverageChanged } from '@careflow/contracts';
import { MemberCoverageReadModel } from '@careflow/coverage-read-model';
import type { UnitOfWork } from '@careflow/messaging';
import { parseCommand } from '@careflow/platform';

/** Member-coverage snapshots (the contract's, validated by the backbone on the event path). */
export const applyMemberCoverageCommand = z.object({
  snapshots: z.array(
    z.custom<MemberCoverageChanged>(
      (data) => typeof data === 'object' && data !== null,
      'must be a member-coverage.changed event',
    ),
  ),
});

/** Keeps the gateway's copy of eligibility's published coverage, which CRD answers from. */
@Injectable()
export class ApplyMemberCoverageUseCase {
  private readonly readModel = new MemberCoverageReadModel();

  async execute(uow: UnitOfWork, input: unknown): Promise<void> {
    const { snapshots } = parseCommand(applyMemberCoverageCommand, input, 'member coverage');
    await this.readModel.applyMany(uow.manager, snapshots);
  }
}
