import type { AuditLog } from '@careflow/platform';
import type { Caller } from '../../common/caller';

/**
 * Who changed the routing policy, which version (activation: `version@first day`), when (the
 * entry's time), and whether it took effect: a refused change leaves a `denied` entry.
 */
export async function recordPolicyChange(
  audit: AuditLog,
  caller: Caller,
  action: 'policy.add' | 'policy.activate',
  resourceId: string,
  applied: boolean,
): Promise<void> {
  await audit.record({
    actor: caller.principal,
    action,
    resourceType: 'routing-policy',
    resourceId,
    outcome: applied ? 'allowed' : 'denied',
    ...caller.origin,
  });
}
