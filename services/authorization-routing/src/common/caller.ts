import type { AuditEntry, Principal } from '@careflow/platform';

/** Who asks for an operation over HTTP and from where: what its audit entry records. */
export interface Caller {
  readonly principal: Principal;
  readonly origin: Pick<AuditEntry, 'clientIp' | 'userAgent' | 'requestId'>;
}
