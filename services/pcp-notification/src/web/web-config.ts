import { z } from 'zod';
import type { PcpNotificationConfig } from '../config';

/** What the worklist page needs to sign in (`GET /web/config`); public, holds no secret. */
export const webConfigAnswer = z.object({
  issuer: z
    .string()
    .nullable()
    .describe(
      'The OpenID Connect issuer the page signs in with (its discovery document is read from there); null when the service runs without one (AUTH_MODE=development-hs256), and the page cannot sign in.',
    ),
  clientId: z.string().describe('The public client the page is registered as.'),
  scope: z.string().describe('Scopes the page asks for.'),
  resource: z
    .string()
    .nullable()
    .describe('The resource indicator (RFC 8707) sent with the authorization and token requests.'),
  sessionCheckSeconds: z
    .number()
    .int()
    .describe('How often the page renews its token; a refused renewal signs it out.'),
});

export function webConfigOf(config: PcpNotificationConfig): z.input<typeof webConfigAnswer> {
  return {
    issuer: config.AUTH_MODE === 'oidc' ? (config.AUTH_ISSUER ?? null) : null,
    clientId: config.WEB_OIDC_CLIENT_ID,
    scope: config.WEB_OIDC_SCOPE,
    resource: config.WEB_OIDC_RESOURCE === 'none' ? null : config.WEB_OIDC_RESOURCE,
    sessionCheckSeconds: config.WEB_SESSION_CHECK_SECONDS,
  };
}

/**
 * The page's Content-Security-Policy: its own scripts only, and calls to this service and to the
 * identity provider (discovery, token and revocation endpoints are on the issuer's origin).
 */
export function pageCspOf(config: PcpNotificationConfig): string {
  const issuer = webConfigOf(config).issuer;
  const connect = issuer ? `'self' ${new URL(issuer).origin}` : `'self'`;
  return (
    `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${connect}; ` +
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
  );
}
