import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importJWK, type JWK, type KeyLike } from 'jose';
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import { signPrincipalToken, type DevelopmentTokenOptions } from '../auth/tokens';
import { errorText } from '@careflow/contracts';

/**
 * The development identity provider (infra/identity) as a source of tokens for tools and tests.
 * Tokens come from its development grant, authenticated as the `careflow-dev-tools` client; the
 * client secret and the signing keys are in its data directory (AUTH_IDP_DATA_DIR, written to
 * .data/infra.env by infra/up.sh).
 */
export const DEVELOPMENT_GRANT = 'urn:careflow:params:oauth:grant-type:development-token';
export const DEV_TOOLS_CLIENT = 'careflow-dev-tools';

export interface IdentityProviderLocation {
  /** The issuer; default AUTH_ISSUER, else the development provider at 127.0.0.1:AUTH_IDP_PORT (9400). */
  readonly issuer?: string;
  /** The provider's data directory; default AUTH_IDP_DATA_DIR, else .data/identity here. */
  readonly dataDir?: string;
}

const secretsFile = z.object({ clients: z.object({ [DEV_TOOLS_CLIENT]: z.string().min(16) }) });
const keysFile = z.object({
  keys: z
    .array(z.object({ kid: z.string(), alg: z.string(), kty: z.string() }).passthrough())
    .min(1),
});
const tokenAnswer = z.object({ access_token: z.string().min(1), expires_in: z.number() });
const discovery = z.object({ token_endpoint: z.url() });

function locate(location: IdentityProviderLocation): { issuer: string; dataDir: string } {
  // Default: where infra/identity/identity.sh starts the provider, so `npm run token` works in a
  // shell that never sourced .data/infra.env.
  const issuer =
    location.issuer ??
    process.env.AUTH_ISSUER ??
    `http://127.0.0.1:${process.env.AUTH_IDP_PORT ?? '9400'}`;
  const dataDir =
    location.dataDir ?? process.env.AUTH_IDP_DATA_DIR ?? join(process.cwd(), '.data', 'identity');
  return { issuer: issuer.replace(/\/$/, ''), dataDir };
}

function readJson<T>(path: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new Error(
      `cannot read ${path} (is AUTH_IDP_DATA_DIR the development provider's data directory?): ${errorText(error)}`,
    );
  }
}

/** A client of the provider's development grant: one token for any principal and audiences. */
export class DevelopmentTokenClient {
  private tokenEndpoint: Promise<string> | undefined;
  private readonly secret: string;
  readonly issuer: string;

  constructor(location: IdentityProviderLocation = {}) {
    const { issuer, dataDir } = locate(location);
    this.issuer = issuer;
    this.secret = readJson(join(dataDir, 'secrets.json'), secretsFile).clients[DEV_TOOLS_CLIENT];
  }

  /** A token and its lifetime in seconds; default audience: every service of the platform. */
  async request(
    principal: Principal,
    audience?: string | readonly string[],
  ): Promise<{ token: string; expiresIn: number }> {
    const body = new URLSearchParams({
      grant_type: DEVELOPMENT_GRANT,
      sub: principal.id,
      name: principal.name,
      roles: principal.roles.join(' '),
    });
    if (principal.vendors?.length) body.set('careflow_vendors', principal.vendors.join(' '));
    if (audience !== undefined) {
      body.set('audience', typeof audience === 'string' ? audience : audience.join(' '));
    }
    const response = await fetch(await this.endpoint(), {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${DEV_TOOLS_CLIENT}:${this.secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const answer: unknown = await response.json();
    if (!response.ok) {
      throw new Error(`the identity provider refused a token: ${JSON.stringify(answer)}`);
    }
    const parsed = tokenAnswer.parse(answer);
    return { token: parsed.access_token, expiresIn: parsed.expires_in };
  }

  private endpoint(): Promise<string> {
    this.tokenEndpoint ??= fetch(`${this.issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(10_000),
    })
      .then((r) => r.json())
      .then((document) => discovery.parse(document).token_endpoint);
    return this.tokenEndpoint;
  }
}

/**
 * Signs a token with the provider's own RS256 key, for what the provider will not issue: an
 * expired token, or one naming another issuer. Legitimately signed, so the services refuse it for
 * its claims only. Test kit only.
 */
export class ProviderKeySigner {
  private key: Promise<{ key: KeyLike | Uint8Array; kid: string }> | undefined;
  private readonly dataDir: string;

  constructor(location: IdentityProviderLocation = {}) {
    this.dataDir = locate(location).dataDir;
  }

  async sign(principal: Principal, options: DevelopmentTokenOptions): Promise<string> {
    this.key ??= (async () => {
      const { keys } = readJson(join(this.dataDir, 'keys.json'), keysFile);
      const jwk = keys.find((k) => k.alg === 'RS256');
      if (!jwk) throw new Error('the provider has no RS256 key');
      return { key: await importJWK(jwk as JWK, 'RS256'), kid: jwk.kid };
    })();
    const { key, kid } = await this.key;
    return signPrincipalToken(principal, { key, alg: 'RS256', kid }, options);
  }
}
/** Tokens are reused while they have this long to live (tests ask for the same ones often). */
const REUSE_MARGIN_MS = 5 * 60_000;

/**
 * Test tokens from the development identity provider: a token for the principal and audience
 * from its development grant (cached while valid), or, for an expired token or another issuer,
 * one signed with the provider's key.
 */
export function identityProviderTokenIssuer(
  location: IdentityProviderLocation = {},
): (principal: Principal, options?: DevelopmentTokenOptions) => Promise<string> {
  let client: DevelopmentTokenClient | undefined;
  let signer: ProviderKeySigner | undefined;
  const cache = new Map<string, { token: string; expiresAt: number }>();
  return async (principal, options = {}) => {
    client ??= new DevelopmentTokenClient(location);
    if (options.expiresInSeconds !== undefined || options.issuer !== undefined) {
      signer ??= new ProviderKeySigner(location);
      return signer.sign(principal, { issuer: client.issuer, ...options });
    }
    const key = JSON.stringify([principal, options.audience ?? null]);
    const cached = cache.get(key);
    if (cached && cached.expiresAt - Date.now() > REUSE_MARGIN_MS) return cached.token;
    const { token, expiresIn } = await client.request(principal, options.audience);
    cache.set(key, { token, expiresAt: Date.now() + expiresIn * 1000 });
    return token;
  };
}
