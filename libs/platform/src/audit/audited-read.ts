import type { Principal } from '../auth/principal';
import { ResourceNotFoundError } from '../use-case/command';
import type { AuditEntry, AuditLog } from './audit.service';

/** Where a request came from, as the audit log records it (`auditOrigin(request)` over HTTP). */
export type AuditOrigin = Pick<AuditEntry, 'clientIp' | 'userAgent' | 'requestId'>;

/** One read of member data: who reads what, how to load it and the caseload rule that applies. */
export interface AuditedRead<T> {
  readonly principal: Principal;
  /** What is done, e.g. `case.read`. */
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly origin?: AuditOrigin;
  /** The member the resource is about, when known before loading (e.g. from the path). */
  readonly memberId?: string | null;
  /**
   * The caseload rule checked before loading, for rules that need no record (e.g. "the member is
   * in the caller's caseload"): false refuses without reading anything.
   */
  readonly mayRead?: () => Promise<boolean>;
  /** Loads the resource: null or undefined when there is none. */
  readonly load: () => Promise<T | null | undefined>;
  /** The caseload rule on what was loaded (e.g. `seesCase`): false refuses. */
  readonly visible?: (found: T, principal: Principal) => boolean;
  /** The member a loaded resource is about, so a refused read names whose data was asked for. */
  readonly memberOf?: (found: T) => string | null;
  /**
   * The error for "none" and "refused" alike, so a refusal never confirms that the resource
   * exists. Default: `ResourceNotFoundError` (HTTP 404) naming the resource type only.
   */
  readonly notFound?: () => Error;
}

/**
 * A caseload-checked, audited read, the preamble every controller reading member data shares:
 * checks the caseload rule, writes one audit record (`allowed`, `denied` or `not-found`; refused
 * reads are audited too) and answers the resource, or throws the same not-found error for a
 * refusal as for an absence.
 */
export async function auditedRead<T>(
  audit: Pick<AuditLog, 'record'>,
  read: AuditedRead<T>,
): Promise<T> {
  const record = (outcome: AuditEntry['outcome'], memberId: string | null | undefined) =>
    audit.record({
      actor: read.principal,
      action: read.action,
      resourceType: read.resourceType,
      resourceId: read.resourceId,
      memberId: memberId ?? read.memberId ?? null,
      outcome,
      ...read.origin,
    });
  const refuse = (): Error =>
    read.notFound?.() ?? new ResourceNotFoundError(`${read.resourceType} not found`);

  if (read.mayRead && !(await read.mayRead())) {
    await record('denied', null);
    throw refuse();
  }
  const found = await read.load();
  if (found === null || found === undefined) {
    await record('not-found', null);
    throw refuse();
  }
  const memberId = read.memberOf?.(found);
  if (read.visible && !read.visible(found, read.principal)) {
    await record('denied', memberId);
    throw refuse();
  }
  await record('allowed', memberId);
  return found;
}
