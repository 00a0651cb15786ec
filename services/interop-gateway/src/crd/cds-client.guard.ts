import {
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { AuditLog, auditRefusal, type AuthenticatedRequest } from '@careflow/platform';
import {
  CdsClientAuthenticator,
  CdsClientRefused,
  type CdsClient,
} from './cds-client-authenticator';

/** The OpenAPI security scheme of the CDS Hooks routes. */
export const CDS_CLIENT_JWT = 'cds-hooks-client-jwt';

export interface CdsClientRequest extends AuthenticatedRequest {
  cdsClient?: CdsClient;
}

/**
 * Lets in only CDS clients whose JWT verifies for the URL called; every refusal is a 401 saying
 * why, written to the audit log (the claimed issuer is not trusted, so the actor is anonymous).
 */
@Injectable()
export class CdsClientGuard implements CanActivate {
  constructor(
    @Inject(CdsClientAuthenticator) private readonly authenticator: CdsClientAuthenticator,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CdsClientRequest>();
    try {
      request.cdsClient = await this.authenticator.authenticate(
        request.headers.authorization,
        request.path,
      );
      request.principal = {
        id: `cds-client:${request.cdsClient.issuer}`.slice(0, 200),
        name: request.cdsClient.issuer,
        roles: [],
      };
      return true;
    } catch (error) {
      if (!(error instanceof CdsClientRefused)) throw error;
      await auditRefusal(
        this.audit,
        request,
        { id: 'anonymous', name: 'anonymous', roles: [] },
        'auth.unauthenticated',
      );
      throw new UnauthorizedException(`CDS client not authenticated: ${error.message}`);
    }
  }
}
