import { loadPcpNotificationConfig } from '../config';
import { pageCspOf, webConfigOf } from './web-config';

const oidc = { AUTH_MODE: 'oidc', AUTH_ISSUER: 'https://login.example.org/realms/careflow' };

describe("the worklist page's sign-in settings", () => {
  it('names the issuer and lets the page call its origin, and nothing else', () => {
    const config = loadPcpNotificationConfig(oidc);
    expect(webConfigOf(config)).toEqual({
      issuer: 'https://login.example.org/realms/careflow',
      clientId: 'careflow-worklist',
      scope: 'openid profile',
      resource: 'urn:careflow:pcp-notification',
      sessionCheckSeconds: 300,
    });
    expect(pageCspOf(config)).toContain("connect-src 'self' https://login.example.org;");
    expect(pageCspOf(config)).toContain("script-src 'self';");
  });

  it('has no issuer in the development HS256 mode, and a resource `none` sends none', () => {
    const config = loadPcpNotificationConfig({
      AUTH_MODE: 'development-hs256',
      AUTH_JWT_SECRET: 'x'.repeat(32),
      WEB_OIDC_RESOURCE: 'none',
    });
    expect(webConfigOf(config)).toMatchObject({ issuer: null, resource: null });
    expect(pageCspOf(config)).toContain("connect-src 'self';");
  });

  it('refuses scopes that are not a space-separated list, naming the variable', () => {
    expect(() => loadPcpNotificationConfig({ ...oidc, WEB_OIDC_SCOPE: 'openid  "x"' })).toThrow(
      /WEB_OIDC_SCOPE/,
    );
  });
});
