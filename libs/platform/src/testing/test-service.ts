import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import { issueAccessToken } from '../auth/tokens';
import type { Principal } from '../auth/principal';
import { startService } from '../bootstrap/start-service';

export interface TestService {
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** A signed token for this principal (the service's AUTH_JWT_SECRET). */
  token(principal: Principal): Promise<string>;
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

/** Starts a service on a free port with its real database and broker, for integration tests. */
export async function startTestService(
  module: DynamicModule,
  secret: string,
): Promise<TestService> {
  const app = await startService({
    module,
    title: 'test',
    description: 'test',
    port: 0,
    host: '127.0.0.1',
    checkAnswers: true,
  });
  const server = app.getHttpServer() as Server;
  const address = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const token = (principal: Principal): Promise<string> => issueAccessToken(principal, secret);
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
