import {
  SignJWT,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import { z } from 'zod';
import { DEVELOPMENT_ISSUER, type AuthSettings } from './auth-config';
import { roleList, type Principal } from './principal';

/** Why a token was refused; the message is safe to answer (it never quotes the token). */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

const ASYMMETRIC_ALGORITHMS = ['RS256', 'ES256'];
const REQUIRED_CLAIMS = ['iss', 'aud', 'exp', 'iat', 'sub'];

const identity = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().min(1).max(200).optional(),
  preferred_username: z.string().min(1).max(200).optional(),
  client_id: z.string().min(1).max(200).optional(),
});
const vendorList = z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).max(50);

/** A claim by name, or by a dotted path into nested objects (Keycloak's `realm_access.roles`). */
export function claimAt(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The principal a verified token names; the roles and vendors claims are configurable. */
export function principalOf(
  payload: JWTPayload,
  settings: Pick<AuthSettings, 'rolesClaim' | 'vendorsClaim'>,
): Principal {
  const who = identity.safeParse(payload);
  if (!who.success) throw new InvalidTokenError('token has no valid subject (sub)');
  const roles = roleList.safeParse(claimAt(payload, settings.rolesClaim) ?? []);
  if (!roles.success) {
    throw new InvalidTokenError(`token claim ${settings.rolesClaim} names no Careflow role`);
  }
  const vendorsClaim = claimAt(payload, settings.vendorsClaim);
  const vendors = vendorList.safeParse(vendorsClaim ?? []);
  if (!vendors.success)
    throw new InvalidTokenError(`token claim ${settings.vendorsClaim} is not a list of vendor ids`);
  const { sub, name, preferred_username: username, client_id: clientId } = who.data;
  return {
    id: sub,
    name: name ?? username ?? clientId ?? sub,
    roles: roles.data,
    ...(vendors.data.length > 0 ? { vendors: vendors.data } : {}),
  };
}

function refusal(error: unknown): InvalidTokenError {
  if (error instanceof InvalidTokenError) return error;
  if (error instanceof errors.JWTExpired) {
    return new InvalidTokenError(
      error.claim === 'iat' ? 'token is older than the maximum token age' : 'token expired',
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return new InvalidTokenError('token is not issued for this service (aud)');
      case 'iss':
        return new InvalidTokenError('token issuer is not trusted (iss)');
      default:
        return new InvalidTokenError(`token claim ${error.claim} is missing or not valid`);
    }
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new InvalidTokenError('token is signed with a key the issuer does not publish');
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new InvalidTokenError('token signing algorithm is not accepted');
  }
  return new InvalidTokenError('token is not valid');
}

/**
 * When a token the guard has already verified stops being accepted (e.g. to end what the token
 * opened, such as a live stream, and to bound its stream tickets): its `exp`, or sooner
 * `iat + AUTH_MAX_TOKEN_AGE_SECONDS`, since the verifier refuses an older token whatever its `exp`.
 * Never use it on an unverified token.
 */
export function verifiedTokenExpiry(token: string, maxTokenAgeSeconds: number): Date {
  const { exp, iat } = decodeJwt(token);
  if (typeof exp !== 'number')
    throw new InvalidTokenError('token claim exp is missing or not valid');
  if (typeof iat !== 'number')
    throw new InvalidTokenError('token claim iat is missing or not valid');
  return new Date(Math.min(exp, iat + maxTokenAgeSeconds) * 1000);
}

/** Thrown when the issuer's keys cannot be fetched: the service, not the token, is at fault. */
export class IssuerUnavailableError extends Error {
  override readonly name = 'IssuerUnavailableError';
}

/**
 * Verifies access tokens: signature (the issuer's JWKS, or the development secret), `iss`, `aud`,
 * `exp`, `iat` within the maximum age, and the subject and roles claims.
 */
export class AccessTokenVerifier {
  private keys: JWTVerifyGetKey | Uint8Array | undefined;

  constructor(
    readonly settings: AuthSettings,
    private readonly fetchJson: (url: string) => Promise<unknown> = defaultFetchJson,
  ) {
    if (settings.mode === 'development-hs256')
      this.keys = new TextEncoder().encode(settings.secret);
  }

  async verify(token: string): Promise<Principal> {
    const keys = await this.signingKeys();
    try {
      const options = {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: REQUIRED_CLAIMS,
        maxTokenAge: this.settings.maxTokenAgeSeconds,
        clockTolerance: this.settings.clockToleranceSeconds,
      };
      const { payload } =
        keys instanceof Uint8Array
          ? await jwtVerify(token, keys, { ...options, algorithms: ['HS256'] })
          : await jwtVerify(token, keys, { ...options, algorithms: ASYMMETRIC_ALGORITHMS });
      return principalOf(payload, this.settings);
    } catch (error) {
      // A network failure reading the JWKS is not jose's verdict on the token: answer 503, not 401.
      const unreadableKeys =
        error instanceof errors.JWKSTimeout ||
        !(error instanceof errors.JOSEError || error instanceof InvalidTokenError);
      if (unreadableKeys)
        throw new IssuerUnavailableError('the identity provider keys could not be read');
      throw refusal(error);
    }
  }

  private async signingKeys(): Promise<JWTVerifyGetKey | Uint8Array> {
    if (this.keys) return this.keys;
    if (this.settings.mode !== 'oidc')
      throw new Error('unreachable: development keys are set at construction');
    const jwksUrl = this.settings.jwksUrl ?? (await this.discoverJwksUrl(this.settings.issuer));
    // jose caches the set, refetches on an unknown `kid` (key rotation) at most every 30 s.
    this.keys = createRemoteJWKSet(new URL(jwksUrl), {
      cacheMaxAge: 10 * 60_000,
      cooldownDuration: 30_000,
    });
    return this.keys;
  }

  private async discoverJwksUrl(issuer: string): Promise<string> {
    const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let document: unknown;
    try {
      document = await this.fetchJson(url);
    } catch {
      throw new IssuerUnavailableError(
        'the identity provider discovery document could not be read',
      );
    }
    const parsed = z.object({ issuer: z.string(), jwks_uri: z.url() }).safeParse(document);
    if (!parsed.success)
      throw new IssuerUnavailableError('the identity provider discovery document has no jwks_uri');
    if (parsed.data.issuer !== issuer) {
      throw new IssuerUnavailableError(
        'the discovery document names another issuer than AUTH_ISSUER',
      );
    }
    return parsed.data.jwks_uri;
  }
}

async function defaultFetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

export interface DevelopmentTokenOptions {
  /** Audiences the token is for; default every service's. */
  readonly audience?: string | readonly string[];
  /** Seconds until expiry (negative: already expired); default 3600. */
  readonly expiresInSeconds?: number;
  readonly issuer?: string;
}

export const SERVICE_AUDIENCES = [
  'careflow-eligibility',
  'careflow-authorization-routing',
  'careflow-case-management',
  'careflow-pcp-notification',
  'careflow-interop-gateway',
] as const;

/** How a locally signed token is signed: the development secret, or a test kit's private key. */
export interface TokenSigningKey {
  readonly key: KeyLike | Uint8Array;
  readonly alg: 'HS256' | 'RS256' | 'ES256';
  readonly kid?: string;
}

/**
 * Signs a token naming the principal, with the claims the verifier reads (tests and local tools
 * only; production tokens come from the identity provider).
 */
export async function signPrincipalToken(
  principal: Principal,
  signing: TokenSigningKey,
  options: DevelopmentTokenOptions = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const lifetime = options.expiresInSeconds ?? 3600;
  const issuedAt = lifetime < 0 ? now + lifetime - 60 : now;
  return new SignJWT({
    name: principal.name,
    roles: [...principal.roles],
    ...(principal.vendors ? { careflow_vendors: [...principal.vendors] } : {}),
  })
    .setProtectedHeader({
      alg: signing.alg,
      typ: 'JWT',
      ...(signing.kid ? { kid: signing.kid } : {}),
    })
    .setSubject(principal.id)
    .setIssuer(options.issuer ?? DEVELOPMENT_ISSUER)
    .setAudience(
      typeof options.audience === 'string'
        ? options.audience
        : [...(options.audience ?? SERVICE_AUDIENCES)],
    )
    .setIssuedAt(issuedAt)
    .setExpirationTime(now + lifetime)
    .sign(signing.key);
}

/** Issues an HS256 token for the development mode (tests and local tools only). */
export async function issueDevelopmentToken(
  principal: Principal,
  secret: string,
  options: DevelopmentTokenOptions = {},
): Promise<string> {
  return signPrincipalToken(
    principal,
    { key: new TextEncoder().encode(secret), alg: 'HS256' },
    options,
  );
}
