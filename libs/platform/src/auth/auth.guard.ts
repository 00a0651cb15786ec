import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  ServiceUnavailableException,
  SetMetadata,
  UnauthorizedException,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import {
  EXTERNAL_AUTH_EXTENSION,
  PUBLIC_EXTENSION,
  ROLES_EXTENSION,
} from '../http/openapi-document';
import { AuditLog } from '../audit/audit.service';
import { auditOrigin } from '../http/request-context';
import { ANONYMOUS, hasRole, type Principal, type Role } from './principal';
import { AccessTokenVerifier, InvalidTokenError, IssuerUnavailableError } from './tokens';

export const PUBLIC_ROUTE = 'careflow:public';
export const REQUIRED_ROLES = 'careflow:roles';

/** Health and docs: no token. The OpenAPI document shows the route without security. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_EXTENSION, true));

/**
 * The route's callers are not Careflow users and authenticate with `scheme` (e.g. CDS Hooks
 * clients signing JWTs with their own keys), checked by the route's own guard: this guard lets
 * the request through, the OpenAPI document names the scheme, and the authorization matrix
 * checks that nothing without that credential, no Careflow token either, gets in.
 */
export const ExternallyAuthenticated = (scheme: string): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(EXTERNAL_AUTH_EXTENSION, scheme));

/** The route needs one of these roles; the OpenAPI document lists them (`x-required-roles`). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_ROLES, roles), ApiExtension(ROLES_EXTENSION, roles));

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The caller of an authenticated route. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
    if (!principal) throw new UnauthorizedException('authentication required');
    return principal;
  },
);

/**
 * Every HTTP route needs `Authorization: Bearer <access token>` unless marked `@Public()`; event
 * handlers are not HTTP and pass. Default deny: a route with neither `@Public()` nor `@Roles(...)`
 * is refused (403) to every caller, whatever their token (`startService` also refuses to start
 * with one). Every refusal (401, 403) is written to the audit log with the route (its template,
 * never the path's values) and the member the route names, if any.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly audit: AuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerTokenOf(request);
    if (!token) {
      await this.refuse(request, ANONYMOUS, 'auth.unauthenticated');
      throw new UnauthorizedException('missing bearer token in the Authorization header');
    }
    try {
      request.principal = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof IssuerUnavailableError) {
        throw new ServiceUnavailableException('the identity provider cannot be reached; try again');
      }
      await this.refuse(request, ANONYMOUS, 'auth.unauthenticated');
      throw new UnauthorizedException(
        error instanceof InvalidTokenError ? error.message : 'token is not valid',
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (!roles || roles.length === 0) {
      await this.refuse(request, request.principal, 'auth.forbidden');
      throw new ForbiddenException('this route declares no access rule, so it is refused to all');
    }
    if (!hasRole(request.principal, ...roles)) {
      await this.refuse(request, request.principal, 'auth.forbidden');
      throw new ForbiddenException(`this route needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private refuse(
    request: AuthenticatedRequest,
    actor: Principal,
    action: 'auth.unauthenticated' | 'auth.forbidden',
  ): Promise<void> {
    return auditRefusal(this.audit, request, actor, action);
  }
}

/**
 * Writes a refused request (401 `auth.unauthenticated`, 403 `auth.forbidden`) to the audit log:
 * the route's template, never the path's values, and the member the route names, if any. For the
 * guard, and for a public route that authenticates its caller itself (the ticketed stream).
 */
export function auditRefusal(
  audit: AuditLog,
  request: AuthenticatedRequest,
  actor: Principal,
  action: 'auth.unauthenticated' | 'auth.forbidden',
): Promise<void> {
  return audit.record({
    actor,
    action,
    resourceType: 'route',
    resourceId: routeOf(request),
    memberId: memberIdParamOf(request),
    outcome: 'denied',
    ...auditOrigin(request),
  });
}

/** The token of `Authorization: Bearer <token>`, if the header has that form. */
export function bearerTokenOf(request: Request): string | undefined {
  const header = request.headers.authorization ?? '';
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
}

/** `GET /cases/:caseId`: the route's template, so no identifier of the path reaches the audit. */
function routeOf(request: Request): string {
  const template = (request.route as { path?: unknown } | undefined)?.path;
  return `${request.method} ${typeof template === 'string' ? template : '(unmatched)'}`.slice(
    0,
    200,
  );
}

function memberIdParamOf(request: Request): string | null {
  const memberId = (request.params as Record<string, unknown> | undefined)?.['memberId'];
  return typeof memberId === 'string' && memberId.length <= 64 ? memberId : null;
}
