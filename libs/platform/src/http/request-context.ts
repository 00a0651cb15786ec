import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { parseTraceparent, traceIdOf } from '@careflow/messaging';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import type { AuditEntry } from '../audit/audit.service';

/**
 * Gives each request an id (answered as `x-request-id`, stored in audit entries, logged with its
 * errors) and its trace context for the events it publishes.
 */
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
  next();
}

/** The request's id and trace id, for its log lines. */
export function requestLogFields(request: Request): Record<string, string> {
  const fields: Record<string, string> = {};
  const requestId = (request as Request & { requestId?: string }).requestId;
  if (requestId) fields['requestId'] = requestId;
  const traceId = traceIdOf(traceparentOf(request));
  if (traceId) fields['traceId'] = traceId;
  return fields;
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
