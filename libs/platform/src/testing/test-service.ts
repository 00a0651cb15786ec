import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import {
  AccessTokenVerifier,
  issueDevelopmentToken,
  type DevelopmentTokenOptions,
} from '../auth/tokens';
import type { Principal } from '../auth/principal';
import { startService, type StartServiceOptions } from '../bootstrap/start-service';
import { identityProviderTokenIssuer } from './identity-provider';

export interface TestService {
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** An access token for this principal that the service accepts, unless options say otherwise. */
  token(principal: Principal, options?: TestTokenOptions): Promise<string>;
  /** HTTP against the running service; the body is parsed as JSON when it is JSON. */
  request(
    method: string,
    path: string,
    options?: {
      principal?: Principal;
      token?: string;
      body?: unknown;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; body: unknown; headers: Headers; text: string }>;
  stop(): Promise<void>;
}

export type TestTokenOptions = DevelopmentTokenOptions;

/**
 * Where test tokens come from: by default, what the service trusts: the development identity
 * provider in `oidc` mode, HS256 tokens with the development secret in `development-hs256` mode.
 */
export type TestTokenIssuer = (principal: Principal, options?: TestTokenOptions) => Promise<string>;

export function developmentTokenIssuer(
  secret: string | undefined = process.env.AUTH_JWT_SECRET,
): TestTokenIssuer {
  if (!secret) throw new Error('AUTH_JWT_SECRET is not set for the development token issuer');
  return (principal, options) => issueDevelopmentToken(principal, secret, options);
}

/**
 * Starts a service on a free port (or `port`, when another service's configuration must name it
 * in advance) with its real database and broker, for integration tests.
 */
export async function startTestService(
  module: DynamicModule,
  issueToken?: TestTokenIssuer,
  options: Pick<StartServiceOptions, 'routeWithoutRule'> & { port?: number } = {},
): Promise<TestService> {
  const app = await startService({
    module,
    title: 'test',
    description: 'test',
    port: options.port ?? 0,
    host: '127.0.0.1',
    checkAnswers: true,
    routeWithoutRule: options.routeWithoutRule,
  });
  const server = app.getHttpServer() as Server;
  const address = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${address.port}`;
  // By default a token for this service's audience, so a probe service with its own name works too.
  const settings = app.get(AccessTokenVerifier).settings;
  const issue =
    issueToken ??
    (settings.mode === 'oidc'
      ? identityProviderTokenIssuer({ issuer: settings.issuer })
      : developmentTokenIssuer(settings.secret));
  const audience = settings.audience;
  const token = (principal: Principal, options?: TestTokenOptions): Promise<string> =>
    issue(principal, { audience, ...options });
  return {
    app,
    baseUrl,
    token,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      const bearer =
        options.token ?? (options.principal ? await token(options.principal) : undefined);
      if (bearer) headers['authorization'] = `Bearer ${bearer}`;
      let body: string | undefined;
      if (options.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      }
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: response.status, body: parsed, headers: response.headers, text };
    },
    async stop() {
      await app.close();
    },
  };
}
