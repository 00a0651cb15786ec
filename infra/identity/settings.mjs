// The development identity provider's settings: environment variables, validated at start. A
// wrong value stops the provider with a message naming the variable.
import { join, resolve } from 'node:path';
import { z } from 'zod';

const seconds = (min, max, fallback, description) =>
  z.coerce.number().int().min(min).max(max).default(fallback).describe(description);

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export const settingsShape = {
  AUTH_IDP_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Interface the provider listens on.'),
  AUTH_IDP_PORT: z.coerce.number().int().min(1).max(65535).default(9400).describe('HTTP port.'),
  AUTH_IDP_ISSUER: z
    .url()
    .optional()
    .describe('The issuer URL (`iss`); default http://<AUTH_IDP_HOST>:<AUTH_IDP_PORT>.'),
  AUTH_IDP_DATA_DIR: z
    .string()
    .min(1)
    .default(join(REPO_ROOT, '.data', 'identity'))
    .describe(
      'Signing keys, client secrets and seeded passwords (generated once, never committed).',
    ),
  AUTH_IDP_ACCESS_TOKEN_TTL_SECONDS: seconds(
    60,
    3600,
    900,
    'Lifetime of access tokens issued to signed-in users and to integrators.',
  ),
  AUTH_IDP_DEV_TOKEN_TTL_SECONDS: seconds(
    60,
    3600,
    3600,
    'Lifetime of the development tools tokens (`npm run token`, tests); at most the services’ AUTH_MAX_TOKEN_AGE_SECONDS.',
  ),
  AUTH_IDP_SESSION_TTL_SECONDS: seconds(
    300,
    7 * 86400,
    8 * 3600,
    'Lifetime of a sign-in session at the provider (and of the worklist’s refresh tokens, which end with it).',
  ),
  AUTH_IDP_WORKLIST_REDIRECT_URIS: z
    .string()
    .default('http://127.0.0.1:3004/')
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.url()).min(1))
    .describe(
      'Redirect URIs of the worklist (pcp-notification’s page), comma separated. Loopback URIs match any port (RFC 8252), so test instances on random ports sign in too.',
    ),
  AUTH_IDP_WORKSPACE_REDIRECT_URIS: z
    .string()
    .default('http://127.0.0.1:3003/workspace/')
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.url()).min(1))
    .describe(
      'Redirect URIs of the case managers’ workspace (case-management’s page), comma separated; loopback URIs match any port, as for the worklist.',
    ),
  AUTH_IDP_INTEGRATOR_VENDORS: z
    .string()
    .default('bcbsm-bcn-pharmacy,aim-specialty-health,accredo,express-scripts,optumrx')
    .transform((value) => value.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).max(50))
    .describe('The `careflow_vendors` of the careflow-integrator client, comma separated.'),
};

export function loadSettings(env = process.env) {
  const parsed = z.object(settingsShape).safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid identity provider configuration:\n${lines.join('\n')}`);
  }
  const settings = parsed.data;
  return {
    ...settings,
    issuer: (
      settings.AUTH_IDP_ISSUER ?? `http://${settings.AUTH_IDP_HOST}:${settings.AUTH_IDP_PORT}`
    ).replace(/\/$/, ''),
  };
}
