import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { ConfigError } from '../config/config-error';
import { resolveAuthSettings, type AuthConfig } from './auth-config';
import {
  AccessTokenVerifier,
  InvalidTokenError,
  issueDevelopmentToken,
  verifiedTokenExpiry,
} from './tokens';

const secret = 's'.repeat(40);
const base: AuthConfig = {
  NODE_ENV: 'test',
  AUTH_MODE: 'development-hs256',
  AUTH_JWT_SECRET: secret,
  AUTH_ROLES_CLAIM: 'roles',
  AUTH_VENDORS_CLAIM: 'careflow_vendors',
  AUTH_MAX_TOKEN_AGE_SECONDS: 3600,
  AUTH_CLOCK_TOLERANCE_SECONDS: 0,
};
const supervisor = { id: 'sup-1', name: 'Sam', roles: ['supervisor'] as const };

describe('auth settings', () => {
  it('refuses the development mode in production', () => {
    expect(() => resolveAuthSettings({ ...base, NODE_ENV: 'production' }, 'eligibility')).toThrow(
      ConfigError,
    );
  });

  it('needs a secret in development mode and an issuer in oidc mode', () => {
    const { AUTH_JWT_SECRET: _unused, ...noSecret } = base;
    expect(() => resolveAuthSettings(noSecret, 'eligibility')).toThrow(/AUTH_JWT_SECRET/);
    expect(() => resolveAuthSettings({ ...base, AUTH_MODE: 'oidc' }, 'eligibility')).toThrow(
      /AUTH_ISSUER/,
    );
  });

  it('gives each service its own audience unless configured', () => {
    expect(resolveAuthSettings(base, 'eligibility').audience).toBe('careflow-eligibility');
    expect(resolveAuthSettings({ ...base, AUTH_AUDIENCE: 'api://x' }, 'eligibility').audience).toBe(
      'api://x',
    );
  });
});

describe('development tokens', () => {
  const verifier = new AccessTokenVerifier(resolveAuthSettings(base, 'case-management'));

  it('accepts a token for this audience and reads the principal', async () => {
    const token = await issueDevelopmentToken({ ...supervisor, vendors: ['accredo'] }, secret);
    await expect(verifier.verify(token)).resolves.toEqual({ ...supervisor, vendors: ['accredo'] });
  });

  it.each([
    ['expired', { expiresInSeconds: -120 }, 'token expired'],
    ['for another service', { audience: 'careflow-eligibility' }, '(aud)'],
    ['from another issuer', { issuer: 'https://evil.example' }, '(iss)'],
  ])('refuses a token %s', async (_label, options, message) => {
    const token = await issueDevelopmentToken(supervisor, secret, options);
    await expect(verifier.verify(token)).rejects.toThrow(message);
  });

  it('refuses a token signed with another secret, or with no Careflow role', async () => {
    const forged = await issueDevelopmentToken(supervisor, 'x'.repeat(40));
    await expect(verifier.verify(forged)).rejects.toThrow(InvalidTokenError);
    const noRole = await issueDevelopmentToken({ ...supervisor, roles: [] }, secret);
    await expect(verifier.verify(noRole)).rejects.toThrow('names no Careflow role');
  });

  it('refuses a token older than the maximum age even if exp is far away', async () => {
    const old = await new SignJWT({ name: 'x', roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setIssuer('urn:careflow:development')
      .setAudience('careflow-case-management')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime('1d')
      .sign(new TextEncoder().encode(secret));
    await expect(verifier.verify(old)).rejects.toThrow('maximum token age');
  });
});

describe('OIDC tokens verified against the issuer JWKS', () => {
  let server: Server;
  let issuer: string;
  let rsa: KeyLike;
  let ec: KeyLike;
  let verifier: AccessTokenVerifier;

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256');
    const ecPair = await generateKeyPair('ES256');
    rsa = rsaPair.privateKey;
    ec = ecPair.privateKey;
    const keys = [
      { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/.well-known/openid-configuration') {
        response.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      } else if (request.url === '/jwks') {
        response.end(JSON.stringify({ keys }));
      } else {
        response.statusCode = 404;
        response.end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    verifier = new AccessTokenVerifier(
      resolveAuthSettings(
        { ...base, AUTH_MODE: 'oidc', AUTH_ISSUER: issuer, AUTH_ROLES_CLAIM: 'realm_access.roles' },
        'pcp-notification',
      ),
    );
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const sign = (key: KeyLike, alg: string, kid: string, claims: Record<string, unknown> = {}) =>
    new SignJWT({ realm_access: { roles: ['case-manager', 'offline_access'] }, ...claims })
      .setProtectedHeader({ alg, kid })
      .setSubject('cm-001')
      .setIssuer(issuer)
      .setAudience('careflow-pcp-notification')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  it('accepts RS256 and ES256 tokens, discovering the JWKS and a nested roles claim', async () => {
    for (const token of [await sign(rsa, 'RS256', 'rsa-1'), await sign(ec, 'ES256', 'ec-1')]) {
      await expect(verifier.verify(token)).resolves.toEqual({
        id: 'cm-001',
        name: 'cm-001',
        roles: ['case-manager'],
      });
    }
  });

  it('refuses a key the issuer does not publish and an HS256 token', async () => {
    const stranger = (await generateKeyPair('RS256')).privateKey;
    await expect(verifier.verify(await sign(stranger, 'RS256', 'rsa-2'))).rejects.toThrow(
      InvalidTokenError,
    );
    const hs = await issueDevelopmentToken({ ...supervisor }, secret, {
      issuer,
      audience: 'careflow-pcp-notification',
    });
    await expect(verifier.verify(hs)).rejects.toThrow(InvalidTokenError);
  });
});

describe('the effective expiry of a verified token', () => {
  const key = new TextEncoder().encode('x'.repeat(32));
  const tokenWith = (claims: { iat?: number; exp?: number }): Promise<string> =>
    new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(key);
  const iat = 1_800_000_000;

  it('is exp when the token expires before it reaches the maximum age', async () => {
    const token = await tokenWith({ iat, exp: iat + 600 });
    expect(verifiedTokenExpiry(token, 3600)).toEqual(new Date((iat + 600) * 1000));
  });

  it('is iat + the maximum age when exp lies beyond it (the verifier refuses the token then)', async () => {
    const token = await tokenWith({ iat, exp: iat + 86_400 });
    expect(verifiedTokenExpiry(token, 3600)).toEqual(new Date((iat + 3600) * 1000));
  });

  it('refuses a token without exp or iat', async () => {
    expect(() => verifiedTokenExpiry('', 3600)).toThrow();
    const noIat = await tokenWith({ exp: iat + 600 });
    expect(() => verifiedTokenExpiry(noIat, 3600)).toThrow(InvalidTokenError);
    expect(() => verifiedTokenExpiry(noIat, 3600)).toThrow('iat');
    const noExp = await tokenWith({ iat });
    expect(() => verifiedTokenExpiry(noExp, 3600)).toThrow('exp');
  });
});
