import { Inject, Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
} from 'jose';
import type { InteropGatewayConfig } from '../config';
import { INTEROP_GATEWAY_CONFIG } from '../interop-gateway.tokens';
import { CrdClientTokenRepository } from './crd-client-token.repository';

/** Why a CDS client's token was refused: said in the 401, never a value of the token. */
export class CdsClientRefused extends Error {}

/** A CDS client whose JWT verified. */
export interface CdsClient {
  readonly issuer: string;
  readonly tenant: string | null;
}

/** Asymmetric algorithms only: CDS Hooks forbids `none` and shared-secret (HMAC) signatures. */
const ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
];

/**
 * Verifies the JWT a CDS client (an EHR) signs for each call (CDS Hooks 2.0, "Trusting CDS
 * Clients"): its issuer is a configured client, signed by a key of that client's registered JWK
 * Set (fetched and cached with jose's remote key set; a `jku` header must name that same URL),
 * `aud` the URL called, `exp` and `iat` present and at most CRD_MAX_TOKEN_LIFETIME_SECONDS apart
 * and from now, and its `jti` never seen before from that issuer.
 */
@Injectable()
export class CdsClientAuthenticator {
  private readonly keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

  constructor(
    @Inject(INTEROP_GATEWAY_CONFIG) private readonly config: InteropGatewayConfig,
    @Inject(CrdClientTokenRepository) private readonly tokens: CrdClientTokenRepository,
  ) {}

  /** The URL a JWT must name in `aud` to call `path` (`/cds-services` or `/cds-services/<id>`). */
  audienceOf(path: string): string {
    return `${this.config.CRD_SERVICE_BASE_URL}${path}`;
  }

  async authenticate(authorization: string | undefined, path: string): Promise<CdsClient> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new CdsClientRefused('no bearer token: a CDS client JWT is required');
    let claimed: JWTPayload;
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      claimed = decodeJwt(token);
      header = decodeProtectedHeader(token);
    } catch {
      throw new CdsClientRefused('the bearer token is not a JWT');
    }
    const issuer = typeof claimed.iss === 'string' ? claimed.iss : '';
    const jwksUrl = this.config.CRD_TRUSTED_CLIENTS[issuer];
    if (jwksUrl === undefined) throw new CdsClientRefused('iss is not a trusted CDS client');
    if (header.jku !== undefined && header.jku !== jwksUrl)
      throw new CdsClientRefused('jku is not the JWK Set URL registered for iss');
    const payload = await this.verify(token, issuer, jwksUrl, path);
    const lifetime = this.config.CRD_MAX_TOKEN_LIFETIME_SECONDS;
    const now = Math.floor(Date.now() / 1000);
    if (payload.exp! - payload.iat! > lifetime || payload.exp! - now > lifetime)
      throw new CdsClientRefused(`exp is more than ${lifetime} seconds after iat or from now`);
    if (!(await this.tokens.claim(issuer, payload.jti!, new Date(payload.exp! * 1000))))
      throw new CdsClientRefused('jti was used before: a token is good for one call');
    return { issuer, tenant: typeof payload['tenant'] === 'string' ? payload['tenant'] : null };
  }

  private async verify(token: string, issuer: string, jwksUrl: string, path: string) {
    try {
      const { payload } = await jwtVerify(token, this.keySetOf(jwksUrl), {
        issuer,
        audience: this.audienceOf(path),
        algorithms: ALGORITHMS,
        typ: 'JWT',
        requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        clockTolerance: 5,
      });
      return payload;
    } catch (error) {
      throw new CdsClientRefused(refusalOf(error));
    }
  }

  private keySetOf(url: string): ReturnType<typeof createRemoteJWKSet> {
    let keySet = this.keySets.get(url);
    if (!keySet) {
      keySet = createRemoteJWKSet(new URL(url), {
        cacheMaxAge: this.config.CRD_JWKS_CACHE_MS,
        cooldownDuration: 30_000,
        timeoutDuration: 5_000,
      });
      this.keySets.set(url, keySet);
    }
    return keySet;
  }
}

function refusalOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired (exp)';
  if (error instanceof errors.JWTClaimValidationFailed)
    return error.claim === 'aud'
      ? "aud is not this CDS service's URL"
      : `claim ${error.claim} is missing or invalid`;
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'alg is not an asymmetric signature algorithm';
  if (error instanceof errors.JWKSNoMatchingKey)
    return "no key of the client's JWK Set has its kid";
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return "the signature does not verify with the client's JWK Set";
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid)
    return "the client's JWK Set could not be fetched";
  if (error instanceof errors.JOSEError) return 'the token is invalid';
  return "the client's JWK Set could not be fetched";
}
