// The development OpenID Connect identity provider (oidc-provider): sign-in with the seeded
// users, JWT access tokens with one audience per service, the worklist's authorization code +
// PKCE flow with refresh tokens, client credentials for integrators, and the development tools
// grant. `node infra/identity/provider.mjs`; infra/identity/identity.sh starts and stops it.
// `node infra/identity/provider.mjs rotate-keys|prune-keys` rotates the signing keys; `users`
// prints the seeded users' development passwords and the integrator's client secret.
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';
import { SEEDED_USERS, seededUser } from './accounts.mjs';
import { clientsOf, isLoopback } from './clients.mjs';
import {
  developmentClaimsOf,
  jwtResourceServer,
  registerDevelopmentGrant,
  SERVICE_AUDIENCES,
} from './development-grant.mjs';
import { handleInteraction } from './interactions.mjs';
import { loadSettings } from './settings.mjs';
import { loadState, rotateKeys } from './state.mjs';
import { logoutPage, messagePage, sendPage } from './views.mjs';

const log = (level, message, fields = {}) =>
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`,
  );
const logger = { info: (m, f) => log('info', m, f), warn: (m, f) => log('warn', m, f) };

/** Resource indicators: urn:careflow:<service> → audience careflow-<service>. */
const RESOURCES = new Map(
  SERVICE_AUDIENCES.map((aud) => [`urn:careflow:${aud.slice('careflow-'.length)}`, aud]),
);

function configuration(settings, { jwks, secrets }) {
  const accessTokenTTL = settings.AUTH_IDP_ACCESS_TOKEN_TTL_SECONDS;
  return {
    clients: clientsOf(settings, secrets),
    jwks,
    cookies: { keys: secrets.cookieKeys },
    claims: { openid: ['sub'], profile: ['name'] },
    scopes: ['openid', 'profile', 'offline_access'],
    extraClientMetadata: {
      properties: [
        'careflow_first_party',
        'careflow_roles',
        'careflow_vendors',
        'careflow_default_resource',
      ],
    },
    async findAccount(_ctx, sub) {
      const user = seededUser(sub);
      return user && { accountId: sub, claims: async () => ({ sub, name: user.name }) };
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          sendPage(ctx.res, 200, 'Sign out', logoutPage(form));
          ctx.respond = false;
        },
        async postLogoutSuccessSource(ctx) {
          sendPage(
            ctx.res,
            200,
            'Signed out',
            messagePage('Signed out', 'You are signed out of Careflow.'),
          );
          ctx.respond = false;
        },
      },
      resourceIndicators: {
        enabled: true,
        async defaultResource(_ctx, client, oneOf) {
          return oneOf ?? client['careflow_default_resource'];
        },
        async useGrantedResource() {
          return true;
        },
        async getResourceServerInfo(_ctx, indicator, client) {
          const audience = RESOURCES.get(indicator);
          if (!audience)
            throw new errors.InvalidTarget(
              'unknown resource; one of ' + [...RESOURCES.keys()].join(', '),
            );
          // Integrator tokens are ES256, user tokens RS256: the services accept both.
          const server = jwtResourceServer(indicator, audience, 'api', accessTokenTTL);
          if (client.grantTypeAllowed('client_credentials'))
            server.jwt = { sign: { alg: 'ES256' } };
          const { identifier: _i, scopes: _s, ...info } = server;
          return info;
        },
      },
    },
    async extraTokenClaims(_ctx, token) {
      const development = developmentClaimsOf(token);
      if (development) return development.claims;
      if (token.accountId) {
        const user = seededUser(token.accountId);
        return user ? { name: user.name, roles: user.roles } : undefined;
      }
      const client = token.client;
      return client?.['careflow_roles']
        ? { roles: client['careflow_roles'], careflow_vendors: client['careflow_vendors'] ?? [] }
        : undefined;
    },
    formats: {
      customizers: {
        async jwt(_ctx, token, jwt) {
          const development = developmentClaimsOf(token);
          if (development)
            jwt.payload.aud =
              development.audiences.length === 1 ? development.audiences[0] : development.audiences;
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    responseTypes: ['code'],
    // Refresh tokens for the worklist without offline_access: they end with the sign-in session,
    // so signing out at the provider (or the session expiring) signs the worklist out.
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    clientBasedCORS(_ctx, origin, client) {
      // The worklist is a browser page on a loopback origin (any port, as its redirect URIs).
      return (
        client.clientAuthMethod === 'none' &&
        isLoopback(origin) &&
        client.redirectUris.some((uri) => new URL(uri).hostname === new URL(origin).hostname)
      );
    },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? accessTokenTTL,
      ClientCredentials: () => accessTokenTTL,
      AuthorizationCode: 60,
      IdToken: accessTokenTTL,
      Interaction: 600,
      Session: settings.AUTH_IDP_SESSION_TTL_SECONDS,
      Grant: settings.AUTH_IDP_SESSION_TTL_SECONDS,
      RefreshToken: settings.AUTH_IDP_SESSION_TTL_SECONDS,
    },
    async renderError(ctx, out) {
      // The error code only: descriptions may echo request parameters.
      sendPage(
        ctx.res,
        ctx.status || 400,
        'Sign-in error',
        messagePage('Sign-in error', out.error ?? 'server_error'),
      );
      ctx.respond = false;
    },
  };
}

function main() {
  const settings = loadSettings();
  const [command] = process.argv.slice(2);
  if (command === 'rotate-keys' || command === 'prune-keys') {
    const kids = rotateKeys(
      settings.AUTH_IDP_DATA_DIR,
      command === 'rotate-keys' ? 'rotate' : 'prune',
    );
    process.stdout.write(`published keys (first of each algorithm signs): ${kids.join(', ')}\n`);
    return;
  }
  const state = loadState(settings.AUTH_IDP_DATA_DIR);
  if (command === 'users') {
    for (const user of SEEDED_USERS) {
      process.stdout.write(
        `  ${user.sub.padEnd(12)} ${state.secrets.users[user.sub].password.padEnd(18)} ${user.roles.join(',')} (${user.name})\n`,
      );
    }
    process.stdout.write(
      `  integrator client: careflow-integrator / ${state.secrets.clients['careflow-integrator']}\n`,
    );
    return;
  }
  const provider = new Provider(settings.issuer, configuration(settings, state));
  registerDevelopmentGrant(provider, settings);
  provider.on('server_error', (_ctx, error) =>
    logger.warn('provider error', { error: error.message }),
  );
  provider.on('grant.error', (_ctx, error) =>
    logger.info('token request refused', { error: error.error ?? error.message }),
  );
  const callback = provider.callback();
  const server = createServer((req, res) => {
    handleInteraction(provider, state.secrets.users, req, res, logger)
      .then((handled) => {
        if (!handled) callback(req, res);
      })
      .catch((error) => {
        logger.warn('interaction failed', {
          error: error instanceof Error ? error.message : String(error),
        });
        if (!res.headersSent)
          sendPage(res, 500, 'Error', messagePage('Error', 'Sign-in failed; start again.'));
      });
  });
  server.listen(settings.AUTH_IDP_PORT, settings.AUTH_IDP_HOST, () => {
    logger.info('identity provider ready', { issuer: settings.issuer });
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

try {
  main();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
