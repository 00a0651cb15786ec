import type { ExecutionContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import type { AuthenticatedRequest } from '../auth/auth.guard';

export interface HttpHardeningConfig {
  readonly NODE_ENV: 'development' | 'test' | 'production';
  readonly HTTP_TRUST_PROXY: false | number | string[];
  readonly HTTP_DOCS: 'auto' | 'on' | 'off';
  readonly HTTP_RATE_LIMIT: number;
  readonly HTTP_RATE_WINDOW_MS: number;
}

/**
 * For answers without a policy of their own (the API, /docs). JSON answers load nothing; Swagger
 * UI needs its own scripts and its inline style. The pages (the worklist, the workspace) set a
 * stricter one (`pageCspOf`).
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    fontSrc: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
  },
};

/** Security headers, no caching of answers, and whose X-Forwarded-For is believed. */
export function hardenHttp(app: NestExpressApplication, config: HttpHardeningConfig): void {
  app.set('trust proxy', config.HTTP_TRUST_PROXY);
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  app.use(noStore);
}

/**
 * Answers carry member data: no browser, proxy or CDN may keep a copy. A route that serves
 * nothing personal (the worklist page's files) sets its own Cache-Control after this.
 */
function noStore(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Pragma', 'no-cache');
  next();
}

export function docsEnabled(config: HttpHardeningConfig): boolean {
  return (
    config.HTTP_DOCS === 'on' || (config.HTTP_DOCS === 'auto' && config.NODE_ENV !== 'production')
  );
}

/**
 * Rate limits per principal: the token subject once the auth guard has run (it runs first), else
 * the client address (public routes). Event handlers are not HTTP and pass.
 */
export function throttlerOptions(config: HttpHardeningConfig): ThrottlerModuleOptions {
  const seconds = Math.ceil(config.HTTP_RATE_WINDOW_MS / 1000);
  return {
    throttlers: [
      // 'default': its headers carry no suffix (Retry-After, X-RateLimit-*).
      { name: 'default', ttl: config.HTTP_RATE_WINDOW_MS, limit: config.HTTP_RATE_LIMIT },
    ],
    skipIf: (context: ExecutionContext) =>
      config.HTTP_RATE_LIMIT === 0 || context.getType() !== 'http',
    getTracker: (request: Record<string, unknown>) => {
      const principal = (request as unknown as AuthenticatedRequest).principal;
      return principal ? `principal:${principal.id}` : `ip:${String(request['ip'])}`;
    },
    errorMessage: (_context, detail) =>
      `too many requests: at most ${detail.limit} per ${seconds} s; retry in ${detail.timeToBlockExpire} s`,
  };
}
