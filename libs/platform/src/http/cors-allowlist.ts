import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';

/** Origins (scheme://host[:port]) a service answers cross-origin calls from, comma-separated. */
export const corsOriginsSetting = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const origins = text
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
    for (const origin of origins) {
      let parsed: URL | null = null;
      try {
        parsed = new URL(origin);
      } catch {
        parsed = null;
      }
      if (!parsed || parsed.origin !== origin || !/^https?:$/.test(parsed.protocol)) {
        ctx.addIssue({
          code: 'custom',
          message: 'each entry must be an origin (https://host:port)',
        });
        return z.NEVER;
      }
    }
    return origins;
  });

const ALLOWED_HEADERS = 'Authorization, Content-Type, traceparent';

/**
 * CORS for an allowlist of origins (another service's page calling this API with a bearer
 * token): the allowed origin is echoed, preflights are answered here (before authentication, as
 * browsers send them without the token), and any other origin gets no CORS header at all, so
 * the browser keeps the answer from its page. No cookies are involved: no credentials header.
 */
export function corsAllowlist(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (allowed.size > 0) response.vary('Origin');
    const origin = request.headers.origin;
    if (!origin || !allowed.has(origin)) {
      next();
      return;
    }
    response.setHeader('Access-Control-Allow-Origin', origin);
    response.setHeader('Access-Control-Expose-Headers', 'Content-Disposition');
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
      response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT');
      response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      response.setHeader('Access-Control-Max-Age', '600');
      response.status(204).end();
      return;
    }
    next();
  };
}
