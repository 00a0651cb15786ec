import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { routingPolicySchema, type RoutingPolicy } from '@careflow/michigan-policy';
import {
  AuditLog,
  CommandValidationError,
  OperationConflictError,
  parseCommand,
} from '@careflow/platform';
import type { Caller } from '../../common/caller';
import { PolicyVersionRepository } from '../policy-version.repository';
import { recordPolicyChange } from './policy-change-audit';

/** A routing policy document (the library's schema; the HTTP route answers its own 400 first). */
export const addPolicyVersionCommand = z.object({ policy: routingPolicySchema });
export type AddPolicyVersionCommand = z.input<typeof addPolicyVersionCommand>;

/**
 * Stores a routing policy document as a candidate version (audited; a taken version id is 409). A
 * revision must name a stored version in `supersedes` (400 otherwise): its decisions say which.
 */
@Injectable()
export class AddPolicyVersionUseCase {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PolicyVersionRepository) private readonly versions: PolicyVersionRepository,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async execute(input: AddPolicyVersionCommand, caller: Caller): Promise<RoutingPolicy> {
    const { policy } = parseCommand(addPolicyVersionCommand, input, 'routing policy document');
    if (policy.supersedes !== undefined && !(await this.versions.get(policy.supersedes))) {
      throw new CommandValidationError(
        `Policy ${policy.version} supersedes ${policy.supersedes}, which is not a stored version.`,
        ['supersedes: not a stored policy version'],
      );
    }
    // The version and its audit entry commit together (a refused add leaves its `denied` entry).
    const added = await this.dataSource.transaction(async (manager) => {
      const stored = await this.versions.addCandidate(manager, policy, caller.principal.id);
      await recordPolicyChange(this.audit, caller, 'policy.add', policy.version, stored, manager);
      return stored;
    });
    if (!added)
      throw new OperationConflictError(
        'policy-version-exists',
        `Policy version ${policy.version} already exists.`,
      );
    return policy;
  }
}
