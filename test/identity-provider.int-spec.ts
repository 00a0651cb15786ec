import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeProtectedHeader } from 'jose';
import { AccessTokenVerifier, resolveAuthSettings, type AuthConfig } from '@careflow/platform';

/**
 * The development identity provider that infra/up.sh starts (AUTH_ISSUER): its clients, grants
 * and tokens as the services see them. The worklist's browser flow is in pcp-notification's
 * browser test.
 */
const issuer = process.env.AUTH_ISSUER ?? '';
const dataDir = process.env.AUTH_IDP_DATA_DIR ?? join(process.cwd(), '.data', 'identity');
const secrets = (): { clients: Record<string, string> } =>
  JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as {
    clients: Record<string, string>;
  };

const verifierFor = (service: string): AccessTokenVerifier =>
  new AccessTokenVerifier(
    resolveAuthSettings(
      {
        NODE_ENV: 'test',
        AUTH_MODE: 'oidc',
        AUTH_ISSUER: issuer,
        AUTH_ROLES_CLAIM: 'roles',
        AUTH_VENDORS_CLAIM: 'careflow_vendors',
        AUTH_MAX_TOKEN_AGE_SECONDS: 3600,
        AUTH_CLOCK_TOLERANCE_SECONDS: 30,
      } satisfies AuthConfig,
      service,
    ),
  );

async function token(
  client: string,
  secret: string,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client}:${secret}`).toString('base64')}` },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the development identity provider', () => {
  beforeAll(() => {
    if (!issuer) throw new Error('AUTH_ISSUER is not set: run `eval "$(bash infra/up.sh)"` first');
  });

  it('gives the integrator an ES256 token for one service, with its vendors', async () => {
    const answer = await token('careflow-integrator', secrets().clients['careflow-integrator']!, {
      grant_type: 'client_credentials',
      resource: 'urn:careflow:authorization-routing',
    });
    expect(answer.status).toBe(200);
    const accessToken = String(answer.body['access_token']);
    expect(decodeProtectedHeader(accessToken).alg).toBe('ES256');
    const principal = await verifierFor('authorization-routing').verify(accessToken);
    expect(principal).toMatchObject({ id: 'careflow-integrator', roles: ['integrator'] });
    expect(principal.vendors).toContain('accredo');
    await expect(verifierFor('eligibility').verify(accessToken)).rejects.toThrow('(aud)');
  });

  it('refuses a wrong secret, an unknown resource and grants a client is not registered for', async () => {
    const { clients } = secrets();
    expect(
      (
        await token('careflow-integrator', 'wrong-secret', {
          grant_type: 'client_credentials',
          resource: 'urn:careflow:eligibility',
        })
      ).status,
    ).toBe(401);
    const unknown = await token('careflow-integrator', clients['careflow-integrator']!, {
      grant_type: 'client_credentials',
      resource: 'urn:careflow:nowhere',
    });
    expect(unknown.body['error']).toBe('invalid_target');
    const devGrant = await token('careflow-integrator', clients['careflow-integrator']!, {
      grant_type: 'urn:careflow:params:oauth:grant-type:development-token',
      sub: 'x',
      roles: 'admin',
    });
    expect(devGrant.body['error_description']).toBe(
      'requested grant type is not allowed for this client',
    );
    const credentials = await token('careflow-dev-tools', clients['careflow-dev-tools']!, {
      grant_type: 'client_credentials',
    });
    expect(credentials.body['error_description']).toBe(
      'requested grant type is not allowed for this client',
    );
  });

  it('issues development tokens every service accepts, and checks their parameters', async () => {
    const { clients } = secrets();
    const answer = await token('careflow-dev-tools', clients['careflow-dev-tools']!, {
      grant_type: 'urn:careflow:params:oauth:grant-type:development-token',
      sub: 'sup-001',
      name: 'Sam Supervisor',
      roles: 'supervisor',
    });
    expect(answer.status).toBe(200);
    for (const service of [
      'eligibility',
      'authorization-routing',
      'case-management',
      'pcp-notification',
      'interop-gateway',
    ]) {
      await expect(
        verifierFor(service).verify(String(answer.body['access_token'])),
      ).resolves.toEqual({ id: 'sup-001', name: 'Sam Supervisor', roles: ['supervisor'] });
    }
    const badRole = await token('careflow-dev-tools', clients['careflow-dev-tools']!, {
      grant_type: 'urn:careflow:params:oauth:grant-type:development-token',
      sub: 'x',
      roles: 'root',
    });
    expect(badRole.status).toBe(400);
    expect(badRole.body['error']).toBe('invalid_request');
  });

  it('requires PKCE S256 of the worklist and lets it sign in only at its redirect URIs', async () => {
    const authorize = (params: Record<string, string>) =>
      fetch(`${issuer}/auth?${new URLSearchParams(params).toString()}`, { redirect: 'manual' });
    const base = {
      client_id: 'careflow-worklist',
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1:3004/',
      state: 's',
    };
    const noPkce = await authorize(base);
    expect(noPkce.status).toBe(303);
    expect(noPkce.headers.get('location')).toContain('error=invalid_request');
    const plain = await authorize({
      ...base,
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'plain',
    });
    expect(plain.headers.get('location')).toContain('error=invalid_request');
    // An unregistered redirect URI gets no redirect at all: an error page at the provider.
    const elsewhere = await authorize({
      ...base,
      redirect_uri: 'https://evil.example/',
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
    });
    expect(elsewhere.status).toBe(400);
    const withPkce = await authorize({
      ...base,
      code_challenge: 'a'.repeat(43),
      code_challenge_method: 'S256',
    });
    expect(withPkce.headers.get('location')).toMatch(/^\/interaction\//);
  });
});
