import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

// `libs/platform/static`: what the browser pages share, served by every service that has a page.
// From `src/web` and `dist/web` alike the folder is two levels up.
const shared = (name: string): string =>
  readFileSync(join(__dirname, '..', '..', 'static', name), 'utf8');

/** The pages' sign-in (authorization code + PKCE against AUTH_ISSUER), `sign-in.js`. */
export const SIGN_IN_SCRIPT = shared('sign-in.js');

/** The pages' shared style (type, colours, header), `page.css`. */
export const PAGE_STYLE = shared('page.css');

const SCOPES = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;

/** The `WEB_*` settings of a service that serves a signed-in page; defaults name its client. */
export function webSignInConfigShape(page: {
  readonly name: string;
  readonly clientId: string;
  readonly resource: string;
}) {
  return {
    WEB_OIDC_CLIENT_ID: z
      .string()
      .min(1)
      .max(200)
      .default(page.clientId)
      .describe(
        `The ${page.name}'s OpenID Connect client id (a public client: authorization code + PKCE S256) at AUTH_ISSUER.`,
      ),
    WEB_OIDC_SCOPE: z
      .string()
      .regex(SCOPES, 'space-separated scopes')
      .default('openid profile')
      .describe(
        'Scopes the page asks for. Okta and Entra ID issue refresh tokens to browsers with `offline_access` only; add it there.',
      ),
    WEB_OIDC_RESOURCE: z
      .union([z.literal('none'), z.url().max(300)])
      .default(page.resource)
      .describe(
        'The resource indicator (RFC 8707) the page asks its tokens for, whose audience is this service; `none`: none is sent (an IdP that picks the audience by scope, e.g. Entra ID `api://…/.default` in WEB_OIDC_SCOPE).',
      ),
    WEB_SESSION_CHECK_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(3600)
      .default(300)
      .describe(
        'How often the page renews its token with the refresh token (and always before it expires); a refused renewal (session ended at the identity provider) signs the page out.',
      ),
  };
}

export interface WebSignInConfig {
  readonly AUTH_MODE: string;
  readonly AUTH_ISSUER?: string | undefined;
  readonly WEB_OIDC_CLIENT_ID: string;
  readonly WEB_OIDC_SCOPE: string;
  readonly WEB_OIDC_RESOURCE: string;
  readonly WEB_SESSION_CHECK_SECONDS: number;
}

/** What a page needs to sign in (its `…/config` route); public, holds no secret. */
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

export function webConfigOf(config: WebSignInConfig): z.input<typeof webConfigAnswer> {
  return {
    issuer: config.AUTH_MODE === 'oidc' ? (config.AUTH_ISSUER ?? null) : null,
    clientId: config.WEB_OIDC_CLIENT_ID,
    scope: config.WEB_OIDC_SCOPE,
    resource: config.WEB_OIDC_RESOURCE === 'none' ? null : config.WEB_OIDC_RESOURCE,
    sessionCheckSeconds: config.WEB_SESSION_CHECK_SECONDS,
  };
}

/**
 * A page's Content-Security-Policy: its own scripts only, and calls to this service, to the
 * identity provider (discovery, token and revocation endpoints are on the issuer's origin) and
 * to the other services the page calls (`otherApis`, URLs: their origins are allowed).
 */
export function pageCspOf(config: WebSignInConfig, otherApis: readonly string[] = []): string {
  const issuer = webConfigOf(config).issuer;
  const origins = [...(issuer ? [issuer] : []), ...otherApis].map((url) => new URL(url).origin);
  const connect = ["'self'", ...new Set(origins)].join(' ');
  return (
    `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${connect}; ` +
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
  );
}
