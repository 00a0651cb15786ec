import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { isoDate } from '@careflow/contracts';
import {
  AuditLog,
  CommandValidationError,
  OperationConflictError,
  parseCommand,
  ResourceNotFoundError,
} from '@careflow/platform';
import type { Caller } from '../../common/caller';
import { PolicyStore } from '../policy-store';
import { PolicyVersionRepository, type PolicyVersionRow } from '../policy-version.repository';
import { recordPolicyChange } from './policy-change-audit';

export const activatePolicyVersionCommand = z.object({
  version: z.string().min(1).max(100),
  effectiveFrom: isoDate
    .optional()
    .describe(
      "First day decisions use the version (its adoption); default the document's adoptedOn, else its effectiveFrom.",
    ),
});
export type ActivatePolicyVersionCommand = z.input<typeof activatePolicyVersionCommand>;

/**
 * Puts a version in force from a day within its own effective period, not before the document's
 * own adoption day (default that day, else its first day): decisions made from that day use it for
 * the dates of service of its window, and it supersedes a version activated earlier for the same
 * first date of service (one activated from the same day or later for them is a 409). Two active versions may not start on the same day
 * (which one is in force would be ambiguous): activations of every instance are serialised and a
 * clash is refused (audited as denied).
 */
@Injectable()
export class ActivatePolicyVersionUseCase {
  constructor(
    @Inject(PolicyVersionRepository) private readonly versions: PolicyVersionRepository,
    @Inject(PolicyStore) private readonly policies: PolicyStore,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async execute(input: ActivatePolicyVersionCommand, caller: Caller): Promise<PolicyVersionRow> {
    const { version, effectiveFrom } = parseCommand(
      activatePolicyVersionCommand,
      input,
      'policy activation',
    );
    const found = await this.versions.get(version);
    if (!found) throw new ResourceNotFoundError(`No policy version ${version}.`);
    const { policy } = found;
    const from = effectiveFrom ?? policy.adoptedOn ?? policy.effectiveFrom;
    if (from < policy.effectiveFrom || (policy.effectiveTo !== null && from > policy.effectiveTo)) {
      throw new CommandValidationError(
        `effectiveFrom ${from} is outside the version's own effective period (${policy.effectiveFrom} to ${policy.effectiveTo ?? 'open-ended'}).`,
        ['effectiveFrom: outside the policy document period'],
      );
    }
    if (policy.adoptedOn !== undefined && from < policy.adoptedOn) {
      throw new CommandValidationError(
        `effectiveFrom ${from} is before the version's adoption day ${policy.adoptedOn}: decisions made before it keep the version they name.`,
        ['effectiveFrom: before the policy document adoptedOn'],
      );
    }
    const result = await this.versions.inActivationLock(
      async (
        manager,
      ): Promise<{ row: PolicyVersionRow } | { clashWith: string; reason: string }> => {
        // In the activation's transaction: no activation commits without its audit entry.
        const audit = (applied: boolean): Promise<void> =>
          recordPolicyChange(
            this.audit,
            caller,
            'policy.activate',
            `${version}@${from}`,
            applied,
            manager,
          );
        const sameDay = await this.versions.activeFromSameDay(manager, from, version);
        // A version for the same dates of service activated from this day or later would keep
        // deciding: a new activation supersedes, it never slips in behind.
        const later = await this.versions.latestActiveForWindow(
          manager,
          policy.effectiveFrom,
          version,
        );
        const clash =
          sameDay !== null
            ? {
                clashWith: sameDay,
                reason: `Version ${sameDay} is already active from ${from}: the version in force would be ambiguous.`,
              }
            : later !== null && later.activeFrom >= from
              ? {
                  clashWith: later.version,
                  reason: `Version ${later.version}, for the same dates of service (from ${policy.effectiveFrom}), is active from ${later.activeFrom}: ${version} activated from ${from} would not supersede it.`,
                }
              : null;
        if (clash !== null) {
          await audit(false);
          return clash;
        }
        const row = await this.versions.markActive(manager, version, from, caller.principal.id);
        if (!row) throw new Error('a policy version vanished during its activation');
        await audit(true);
        return { row };
      },
    );
    await this.policies.refresh();
    if ('clashWith' in result)
      throw new OperationConflictError('policy-activation-clash', result.reason);
    return result.row;
  }
}
