import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  applyDecorators,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension } from '@nestjs/swagger';
import type { Request } from 'express';
import { PUBLIC_EXTENSION, ROLES_EXTENSION } from '../http/openapi-document';
import { hasRole, type Principal, type Role } from './principal';
import { InvalidTokenError, verifyAccessToken } from './tokens';

const PUBLIC_ROUTE = 'careflow:public';
const REQUIRED_ROLES = 'careflow:roles';

/** Health and docs: no token. The OpenAPI document shows the route without security. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(PUBLIC_EXTENSION, true));

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

export const AUTH_SECRET = Symbol('AUTH_SECRET');

/**
 * Every HTTP route needs `Authorization: Bearer <JWT>` unless marked `@Public()`; event handlers
 * are not HTTP and pass.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly secret: string,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new UnauthorizedException('missing bearer token in the Authorization header');
    try {
      request.principal = await verifyAccessToken(match[1], this.secret);
    } catch (error) {
      throw new UnauthorizedException(
        error instanceof InvalidTokenError ? error.message : 'token is not valid',
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasRole(request.principal, ...roles)) {
      throw new ForbiddenException(`this route needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
