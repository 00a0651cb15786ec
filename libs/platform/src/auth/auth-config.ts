import { z } from 'zod';
import { ConfigError } from '../config/config-error';

const claimPath = z
  .string()
  .regex(
    /^[A-Za-z0-9_:/.-]+$/,
    'a claim name, dotted for a nested claim (e.g. realm_access.roles)',
  );

/**
 * How HTTP callers are authenticated. Production verifies OpenID Connect access tokens against the
 * issuer's JWKS; a shared HS256 secret is a development mode that must be asked for by name and is
 * refused under NODE_ENV=production.
 */
export const authConfigShape = {
  AUTH_MODE: z
    .enum(['oidc', 'development-hs256'])
    .default('oidc')
    .describe(
      '`oidc`: access tokens from an OpenID Connect issuer, verified against its JWKS (RS256, ES256). `development-hs256`: tokens signed with AUTH_JWT_SECRET, for local development and tests only; refused when NODE_ENV=production.',
    ),
  AUTH_ISSUER: z
    .url()
    .optional()
    .describe(
      'The OpenID Connect issuer (`iss` of every accepted token), e.g. https://login.example.org/realms/careflow. Required in `oidc` mode.',
    ),
  AUTH_JWKS_URL: z
    .url()
    .optional()
    .describe(
      "The issuer's JWKS; default: the `jwks_uri` of the issuer's discovery document (`/.well-known/openid-configuration`). Keys are cached and refetched when a token names an unknown key id (rotation).",
    ),
  AUTH_AUDIENCE: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'The audience (`aud`) this service accepts; default `careflow-<service name>` (e.g. careflow-eligibility). One audience per service, so a token for one service is refused by the others.',
    ),
  AUTH_ROLES_CLAIM: claimPath
    .default('roles')
    .describe(
      "The claim that lists the Careflow roles (case-manager, supervisor, integrator, admin, auditor); dotted for nested claims such as Keycloak's `realm_access.roles`. Other values in it are ignored.",
    ),
  AUTH_VENDORS_CLAIM: claimPath
    .default('careflow_vendors')
    .describe(
      'The claim that lists the vendor ids an integrator acts for; an integrator sees decisions of those vendors only.',
    ),
  AUTH_MAX_TOKEN_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(86_400)
    .default(3600)
    .describe('Oldest accepted token by its `iat`, whatever its `exp` says (`iat` is required).'),
  AUTH_CLOCK_TOLERANCE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(300)
    .default(30)
    .describe('Clock skew allowed when checking `exp`, `nbf` and `iat`.'),
  AUTH_JWT_SECRET: z
    .string()
    .min(32, 'at least 32 characters')
    .optional()
    .describe('HS256 secret of the `development-hs256` mode (required there, unused otherwise).'),
};

export type AuthConfig = z.output<z.ZodObject<typeof authConfigShape>> & {
  readonly NODE_ENV: 'development' | 'test' | 'production';
};

/** What a service's token verifier checks, resolved from its configuration. */
export type AuthSettings =
  | {
      readonly mode: 'oidc';
      readonly issuer: string;
      readonly jwksUrl: string | undefined;
      readonly audience: string;
      readonly rolesClaim: string;
      readonly vendorsClaim: string;
      readonly maxTokenAgeSeconds: number;
      readonly clockToleranceSeconds: number;
    }
  | {
      readonly mode: 'development-hs256';
      readonly issuer: string;
      readonly secret: string;
      readonly audience: string;
      readonly rolesClaim: string;
      readonly vendorsClaim: string;
      readonly maxTokenAgeSeconds: number;
      readonly clockToleranceSeconds: number;
    };

/** The issuer of development HS256 tokens (`npm run token` in development mode, tests). */
export const DEVELOPMENT_ISSUER = 'urn:careflow:development';

export function defaultAudienceOf(serviceName: string): string {
  return `careflow-${serviceName}`;
}

/** Checks the combinations a per-variable schema cannot, and resolves the audience. */
export function resolveAuthSettings(config: AuthConfig, serviceName: string): AuthSettings {
  const common = {
    audience: config.AUTH_AUDIENCE ?? defaultAudienceOf(serviceName),
    rolesClaim: config.AUTH_ROLES_CLAIM,
    vendorsClaim: config.AUTH_VENDORS_CLAIM,
    maxTokenAgeSeconds: config.AUTH_MAX_TOKEN_AGE_SECONDS,
    clockToleranceSeconds: config.AUTH_CLOCK_TOLERANCE_SECONDS,
  };
  if (config.AUTH_MODE === 'development-hs256') {
    if (config.NODE_ENV === 'production') {
      throw new ConfigError(
        'Invalid configuration:\n  AUTH_MODE: development-hs256 is refused when NODE_ENV=production; use oidc',
      );
    }
    if (!config.AUTH_JWT_SECRET) {
      throw new ConfigError(
        'Invalid configuration:\n  AUTH_JWT_SECRET (not set): required when AUTH_MODE=development-hs256',
      );
    }
    return {
      mode: 'development-hs256',
      issuer: config.AUTH_ISSUER ?? DEVELOPMENT_ISSUER,
      secret: config.AUTH_JWT_SECRET,
      ...common,
    };
  }
  if (!config.AUTH_ISSUER) {
    throw new ConfigError(
      'Invalid configuration:\n  AUTH_ISSUER (not set): required when AUTH_MODE=oidc (set AUTH_MODE=development-hs256 for local development only)',
    );
  }
  return { mode: 'oidc', issuer: config.AUTH_ISSUER, jwksUrl: config.AUTH_JWKS_URL, ...common };
}
