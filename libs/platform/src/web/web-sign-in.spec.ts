import { z } from 'zod';
import { pageCspOf, webConfigOf, webSignInConfigShape } from './web-sign-in';

const shape = z.object({
  AUTH_MODE: z.string(),
  AUTH_ISSUER: z.string().optional(),
  ...webSignInConfigShape({
    name: 'test page',
    clientId: 'careflow-test-page',
    resource: 'urn:careflow:case-management',
  }),
});
const oidc = { AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://login.example.org/realms/careflow' };

describe("a page's sign-in settings", () => {
  it('names the issuer and lets the page call its origin, and nothing else', () => {
    const config = shape.parse(oidc);
    expect(webConfigOf(config)).toEqual({
      issuer: 'https://login.example.org/realms/careflow',
      clientId: 'careflow-test-page',
      scope: 'openid profile',
      resource: 'urn:careflow:case-management',
      sessionCheckSeconds: 300,
    });
    expect(pageCspOf(config)).toContain("connect-src 'self' https://login.example.org;");
    expect(pageCspOf(config)).toContain("script-src 'self';");
    // Another service the page calls: its origin, once.
    expect(pageCspOf(config, ['http://127.0.0.1:3004/letters', 'http://127.0.0.1:3004'])).toContain(
      "connect-src 'self' https://login.example.org http://127.0.0.1:3004;",
    );
  });

  it('has no issuer in the development HS256 mode, and a resource `none` sends none', () => {
    const config = shape.parse({ AUTH_MODE: 'development-hs256', WEB_OIDC_RESOURCE: 'none' });
    expect(webConfigOf(config)).toMatchObject({ issuer: null, resource: null });
    expect(pageCspOf(config)).toContain("connect-src 'self';");
  });

  it('refuses scopes that are not a space-separated list', () => {
    expect(shape.safeParse({ ...oidc, WEB_OIDC_SCOPE: 'openid  "x"' }).success).toBe(false);
  });
});
