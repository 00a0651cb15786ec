import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  AuditLog,
  hasRole,
  type AuditEntry,
  type Principal,
  OperationConflictError,
  parseCommand,
  ResourceNotFoundError,
} from '@careflow/platform';
import type { Caller } from '../../common/caller';
import { inVendorScope, vendorScopeOf } from '../../common/vendor-scope';
import { determinationInput, type Determination } from '../determination';
import { DeterminationRepository } from '../determination.repository';

export const recordDeterminationCommand = determinationInput.extend({
  requestId: z.string().min(1).max(100),
});
export type RecordDeterminationCommand = z.input<typeof recordDeterminationCommand>;

export interface DeterminationRecorded {
  readonly requestId: string;
  readonly determination: Determination;
  readonly date: string;
  /** A recorded determination was replaced (by a supervisor, with a reason). */
  readonly replaced: boolean;
  readonly reason?: string;
  readonly recordedBy: string;
}

type Outcome =
  | { readonly kind: 'not-found' }
  | {
      readonly kind: 'out-of-scope' | 'not-eligible' | 'already-recorded';
      readonly memberId: string;
    }
  | { readonly kind: 'recorded'; readonly memberId: string; readonly replaced: boolean };

/**
 * Records the vendor's determination of a routed or manual-review request. The first one is
 * recorded by an integrator of the request's vendor (or an admin or supervisor); a recorded one is
 * never overwritten, except by a supervisor who gives a reason: the replaced determination and the
 * reason are kept. Every attempt is audited, a replacement under its own action.
 */
@Injectable()
export class RecordDeterminationUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(DeterminationRepository) private readonly determinations: DeterminationRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async execute(input: RecordDeterminationCommand, caller: Caller): Promise<DeterminationRecorded> {
    const command = parseCommand(recordDeterminationCommand, input, 'determination');
    const { requestId, determination, date, reason } = command;
    const { principal } = caller;
    // The determination and its audit entry commit together; a refusal commits its entry alone.
    const outcome = await this.dataSource.transaction(async (manager): Promise<Outcome> => {
      const decided = await this.decide(manager, command, principal);
      await this.audit.record(auditEntryOf(decided, requestId, caller), manager);
      return decided;
    });
    switch (outcome.kind) {
      case 'not-found':
      case 'out-of-scope':
        // Another vendor's request answers like an unknown one: its existence is not confirmed.
        throw new ResourceNotFoundError(
          'No decision is stored for this request (unknown, or still held for coverage).',
        );
      case 'not-eligible':
        throw new OperationConflictError(
          'decided-not-eligible',
          'The request was decided not-eligible: there is no vendor determination to record.',
        );
      case 'already-recorded':
        throw new OperationConflictError(
          'determination-already-recorded',
          'A determination is already recorded for this request; only a supervisor giving a reason may replace it.',
        );
      case 'recorded': {
        const { replaced } = outcome;
        return {
          requestId,
          determination,
          date,
          ...(replaced && reason ? { reason } : {}),
          recordedBy: principal.id,
          replaced,
        };
      }
    }
  }

  /** Reads the request locked and records the determination if the caller may. */
  private async decide(
    manager: EntityManager,
    command: z.output<typeof recordDeterminationCommand>,
    principal: Principal,
  ): Promise<Outcome> {
    const { requestId, determination, date, reason } = command;
    const target = await this.determinations.lockTarget(manager, requestId);
    if (!target) return { kind: 'not-found' };
    const { memberId } = target;
    if (!inVendorScope(vendorScopeOf(principal), target.vendorId))
      return { kind: 'out-of-scope', memberId };
    if (target.outcome === 'not-eligible') return { kind: 'not-eligible', memberId };
    const previous = target.recorded;
    if (previous) {
      if (!hasRole(principal, 'supervisor') || !reason)
        return { kind: 'already-recorded', memberId };
      await this.determinations.recordOverride(manager, {
        requestId,
        previous,
        determination,
        date,
        reason,
        overriddenBy: principal.id,
      });
    }
    await this.determinations.record(manager, requestId, {
      determination,
      date,
      recordedBy: principal.id,
    });
    return { kind: 'recorded', memberId, replaced: previous !== null };
  }
}

function auditEntryOf(outcome: Outcome, requestId: string, caller: Caller): AuditEntry {
  return {
    actor: caller.principal,
    // An override has its own action, so the accounting shows every replacement.
    action:
      outcome.kind === 'recorded' && outcome.replaced
        ? 'pa-determination.override'
        : 'pa-determination.record',
    resourceType: 'pa-request',
    resourceId: requestId,
    memberId: outcome.kind === 'not-found' ? null : outcome.memberId,
    outcome:
      outcome.kind === 'recorded'
        ? 'allowed'
        : outcome.kind === 'not-found'
          ? 'not-found'
          : 'denied',
    ...caller.origin,
  };
}
