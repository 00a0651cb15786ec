import type { EntityManager } from 'typeorm';
import type { AuditLog } from '@careflow/platform';
import type { Caller } from '../../common/caller';

/**
 * Who changed the routing policy, which version (activation: `version@first day`), when (the
 * entry's time), and whether it took effect: a refused change leaves a `denied` entry. Written in
 * the change's transaction (`manager`): no change commits without its entry.
 */
export async function recordPolicyChange(
  audit: AuditLog,
  caller: Caller,
  action: 'policy.add' | 'policy.activate',
  resourceId: string,
  applied: boolean,
  manager: EntityManager,
): Promise<void> {
  await audit.record(
    {
      actor: caller.principal,
      action,
      resourceType: 'routing-policy',
      resourceId,
      outcome: applied ? 'allowed' : 'denied',
      ...caller.origin,
    },
    manager,
  );
}
