// A grant type registered only in this development provider: the development tools client
// (`npm run token`, integration tests) asks for a token naming any principal, for one or more
// audiences (default: all four services). It stands in for signing in through the browser where
// no browser is. Real identity providers have no such grant.
import { errors } from 'oidc-provider';
import { z } from 'zod';

export const DEVELOPMENT_GRANT = 'urn:careflow:params:oauth:grant-type:development-token';
export const SERVICE_AUDIENCES = [
  'careflow-eligibility',
  'careflow-authorization-routing',
  'careflow-case-management',
  'careflow-pcp-notification',
  'careflow-interop-gateway',
];
const ROLES = ['case-manager', 'supervisor', 'integrator', 'admin', 'auditor'];
const words = (value) => (value ?? '').split(' ').filter(Boolean);

const request = z.object({
  sub: z.string().regex(/^[\w.@:-]{1,200}$/),
  name: z.string().min(1).max(200).optional(),
  roles: z
    .string()
    .transform(words)
    .pipe(z.array(z.enum(ROLES)).min(1).max(ROLES.length)),
  careflow_vendors: z
    .string()
    .optional()
    .transform(words)
    .pipe(z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).max(50)),
  audience: z
    .string()
    .optional()
    .transform(words)
    .pipe(z.array(z.string().regex(/^[\w.:/-]{1,200}$/)).max(10)),
});

/** Principal claims and audiences of the tokens this grant issued, read when they are signed. */
const issued = new WeakMap();

export function developmentClaimsOf(token) {
  return issued.get(token);
}

export function registerDevelopmentGrant(provider, settings) {
  const handler = async (ctx) => {
    const parsed = request.safeParse(ctx.oidc.params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new errors.InvalidRequest(
        `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'not valid'}`,
      );
    }
    const { sub, name, roles, careflow_vendors: vendors, audience } = parsed.data;
    const audiences = audience.length > 0 ? audience : SERVICE_AUDIENCES;
    const token = new provider.AccessToken({
      accountId: sub,
      client: ctx.oidc.client,
      gty: DEVELOPMENT_GRANT,
      expiresIn: settings.AUTH_IDP_DEV_TOKEN_TTL_SECONDS,
      // A JWT needs a resource server to be signed; the customizer sets every audience.
      resourceServer: jwtResourceServer(DEVELOPMENT_GRANT, audiences[0]),
    });
    issued.set(token, {
      claims: {
        name: name ?? sub,
        roles,
        ...(vendors.length > 0 ? { careflow_vendors: vendors } : {}),
      },
      audiences,
    });
    ctx.oidc.entity('AccessToken', token);
    const value = await token.save();
    ctx.body = { access_token: value, token_type: 'Bearer', expires_in: token.expiration };
  };
  provider.registerGrantType(DEVELOPMENT_GRANT, handler, [
    'sub',
    'name',
    'roles',
    'careflow_vendors',
    'audience',
  ]);
}

/** What oidc-provider needs to issue a signed JWT access token for one audience. */
export function jwtResourceServer(identifier, audience, scope = 'api', accessTokenTTL = undefined) {
  return {
    identifier: () => identifier,
    audience,
    scope,
    scopes: new Set(scope.split(' ')),
    accessTokenTTL,
    accessTokenFormat: 'jwt',
    jwt: { sign: { alg: 'RS256' } },
  };
}
