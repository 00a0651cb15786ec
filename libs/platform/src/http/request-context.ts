import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { parseTraceparent, traceIdOf } from '@careflow/messaging';
import { logContext } from '../logging/json-logger';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import type { AuditEntry } from '../audit/audit.service';

/** Gives each request an id and its trace context for logs and for the events it publishes. */
export function requestContextMiddleware(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const requestId = randomUUID();
  const traceparent = parseTraceparent(request.header('traceparent'));
  (request as Request & { requestId?: string; traceparent?: string }).requestId = requestId;
  if (traceparent) (request as Request & { traceparent?: string }).traceparent = traceparent;
  response.setHeader('x-request-id', requestId);
  const context: Record<string, string> = { requestId };
  const traceId = traceIdOf(traceparent);
  if (traceId) context['traceId'] = traceId;
  logContext.run(context, next);
}

/** Who is asking and from where, for an audit entry. */
export function auditOrigin(
  request: AuthenticatedRequest,
): Pick<AuditEntry, 'clientIp' | 'userAgent' | 'requestId'> {
  return {
    clientIp: request.ip ?? request.socket.remoteAddress ?? null,
    userAgent: request.header('user-agent') ?? null,
    requestId: (request as AuthenticatedRequest & { requestId?: string }).requestId ?? null,
  };
}

export function traceparentOf(request: Request): string | undefined {
  return (request as Request & { traceparent?: string }).traceparent;
}
