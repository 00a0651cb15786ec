import type { DataSource } from 'typeorm';
import type { Principal, Role } from '../auth/principal';
import type { RegisteredRoute } from '../auth/route-rules';
import { checkAuthorizationMatrix, type RouteFixture } from './authorization-matrix';
import type { TestService, TestTokenOptions } from './test-service';

interface FakeRoute {
  readonly roles?: Role[];
  readonly isPublic?: boolean;
  readonly body?: boolean;
  /** Refusals of this route leave no audit record (a bug the matrix must report). */
  readonly unaudited?: boolean;
  /** Answers 403 instead of 404 to an outsider (confirms the object exists). */
  readonly confirmsObject?: boolean;
  /** Answers an outsider's 404 for the existing object (C-1) unlike one for an absent object. */
  readonly revealing?: boolean;
  /** Authenticates its callers itself (x-external-authentication); `true`: lets Careflow tokens in. */
  readonly external?: { acceptsCareflowTokens: boolean };
}

const stranger: Principal = { id: 'cm-2', name: 'Stranger', roles: ['case-manager'] };

/** A service that answers as the platform does, from a table of routes, with an audit table. */
function fakeService(routes: Record<string, FakeRoute>): {
  service: TestService;
  dataSource: DataSource;
} {
  const audit = new Map<string, { action: string; outcome: string }[]>();
  let next = 0;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, route] of Object.entries(routes)) {
    const [method, template] = key.split(' ') as [string, string];
    paths[template] ??= {};
    paths[template][method.toLowerCase()] = {
      ...(route.isPublic ? { security: [] } : {}),
      ...(route.roles ? { 'x-required-roles': route.roles } : {}),
      ...(route.external
        ? { 'x-external-authentication': 'client-jwt', security: [{ 'client-jwt': [] }] }
        : {}),
      parameters: [...template.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path' })),
      ...(route.body ? { requestBody: {} } : {}),
    };
  }
  const answer = (status: number, requestId: string, body: unknown = {}) => ({
    status,
    body,
    text: JSON.stringify(body),
    headers: new Headers({ 'x-request-id': requestId }),
  });
  const service = {
    token: (principal: Principal, options?: TestTokenOptions) =>
      Promise.resolve(JSON.stringify({ principal, options: options ?? {} })),
    request: async (
      method: string,
      path: string,
      options: { principal?: Principal; token?: string } = {},
    ) => {
      if (path === '/docs/openapi.json') return answer(200, 'docs', { paths });
      const requestId = `r${(next += 1)}`;
      const [key, route] = Object.entries(routes).find(([k]) => {
        const [m, t] = k.split(' ') as [string, string];
        return m === method && new RegExp(`^${t.replace(/\{\w+\}/g, '[^/]+')}$`).test(path);
      })!;
      const refuse = (status: number, action: string, body: unknown = {}) => {
        if (!route.unaudited) audit.set(requestId, [{ action, outcome: 'denied' }]);
        return answer(status, requestId, body);
      };
      const token = options.token
        ? (JSON.parse(options.token) as { principal: Principal; options: TestTokenOptions })
        : options.principal && { principal: options.principal, options: {} };
      if (!token) return refuse(401, 'auth.unauthenticated');
      if (route.external) {
        return route.external.acceptsCareflowTokens
          ? answer(200, requestId)
          : refuse(401, 'auth.unauthenticated');
      }
      if ((token.options.expiresInSeconds ?? 1) < 0 || token.options.audience === 'elsewhere') {
        return refuse(401, 'auth.unauthenticated');
      }
      if (!token.principal.roles.some((r) => route.roles?.includes(r))) {
        return refuse(403, 'auth.forbidden');
      }
      if (token.principal.id === stranger.id) {
        const exists = path.includes('C-1');
        return refuse(route.confirmsObject ? 403 : 404, `${key}.read`, {
          message: route.revealing && exists ? 'not in your caseload' : 'not found',
        });
      }
      return answer(200, requestId);
    },
  } as unknown as TestService;
  const dataSource = {
    query: (_sql: string, [requestId]: [string]) => Promise.resolve(audit.get(requestId) ?? []),
  } as unknown as DataSource;
  return { service, dataSource };
}

/** The fake's routes as Nest would register them (Express templates), plus undocumented ones. */
function registered(
  routes: Record<string, FakeRoute>,
  undocumented: readonly RegisteredRoute[],
): RegisteredRoute[] {
  return [
    ...Object.entries(routes).map(([key, route]) => {
      const [method, template] = key.split(' ') as [string, string];
      const path = template.replace(/\{(\w+)\}/g, ':$1');
      return {
        key: `${method} ${path}`,
        method,
        path,
        controller: 'FakeController',
        handler: 'route',
        rule: route.isPublic
          ? ('public' as const)
          : route.roles
            ? ('roles' as const)
            : ('none' as const),
        roles: route.roles ?? [],
        excludedFromDocs: false,
      };
    }),
    ...undocumented,
  ];
}

async function failuresOf(
  routes: Record<string, FakeRoute>,
  fixtures: Record<string, RouteFixture>,
  undocumented: readonly RegisteredRoute[] = [],
): Promise<string[]> {
  const { service, dataSource } = fakeService(routes);
  const report = await checkAuthorizationMatrix({
    service,
    dataSource,
    fixtures,
    foreignAudience: 'elsewhere',
    routes: registered(routes, undocumented),
  });
  return report.failures;
}

const caseRoute = { 'GET /cases/{caseId}': { roles: ['case-manager', 'supervisor'] as Role[] } };
const caseFixture = { 'GET /cases/{caseId}': { params: { caseId: 'C-1' }, outsiders: [stranger] } };

describe('the authorization matrix', () => {
  it('passes a service that refuses as documented and audits every refusal', async () => {
    expect(
      await failuresOf({ ...caseRoute, 'GET /health/live': { isPublic: true } }, caseFixture),
    ).toEqual([]);
  });

  it('checks a route of its own authentication: 401 to no credential and to every Careflow token', async () => {
    const route = (acceptsCareflowTokens: boolean) => ({
      'POST /hooks/{serviceId}': { body: true, external: { acceptsCareflowTokens } },
    });
    const fixture = { 'POST /hooks/{serviceId}': { params: { serviceId: 's' }, body: {} } };
    expect(await failuresOf(route(false), fixture)).toEqual([]);
    const failures = await failuresOf(route(true), fixture);
    expect(failures).toContain(
      'POST /hooks/{serviceId}: a Careflow token of role admin answered 200, not 401',
    );
    expect(await failuresOf(route(false), {})).toEqual([
      'POST /hooks/{serviceId}: no fixture for the path parameters serviceId',
    ]);
  });

  it('fails a route that is neither public nor has required roles', async () => {
    expect(await failuresOf({ 'GET /new': {} }, {})).toEqual([
      'GET /new: neither @Public() nor x-required-roles: every route needs a rule',
    ]);
  });

  it('fails a registered route absent from the document unless public or excluded with roles', async () => {
    const hidden = (rule: RegisteredRoute['rule'], excludedFromDocs: boolean): RegisteredRoute => ({
      key: `GET /hidden-${rule}-${excludedFromDocs}`,
      method: 'GET',
      path: `/hidden-${rule}-${excludedFromDocs}`,
      controller: 'PageController',
      handler: 'page',
      rule,
      roles: rule === 'roles' ? ['admin'] : [],
      excludedFromDocs,
    });
    const failures = await failuresOf(caseRoute, caseFixture, [
      hidden('public', true),
      hidden('public', false),
      hidden('roles', true),
      hidden('roles', false),
      hidden('none', true),
    ]);
    expect(failures).toEqual([
      'GET /hidden-roles-false: registered (PageController.page) but absent from the OpenAPI document, neither @Public() nor excluded with @Roles(...)',
      'GET /hidden-none-true: registered (PageController.page) but absent from the OpenAPI document, neither @Public() nor excluded with @Roles(...)',
    ]);
  });

  it('fails a route whose object, body or outsiders it has no fixture for', async () => {
    const failures = await failuresOf(
      { ...caseRoute, 'POST /referrals': { roles: ['supervisor'], body: true } },
      { 'GET /cases/{caseId}': { params: { caseId: 'C-1' } }, 'GET /gone': {} },
    );
    expect(failures).toEqual([
      'GET /gone: fixture of no route',
      "GET /cases/{caseId}: addresses a member's object but its fixture names no outsider",
      'POST /referrals: no fixture for the request body',
    ]);
  });

  it('fails a 403 that confirms an object, and refusals left out of the audit log', async () => {
    const failures = await failuresOf(
      { 'GET /cases/{caseId}': { roles: ['case-manager'], confirmsObject: true, unaudited: true } },
      caseFixture,
    );
    expect(failures).toContain('GET /cases/{caseId}: no token left no audit record');
    expect(failures).toContain('GET /cases/{caseId}: role auditor left no audit record');
    expect(failures).toContain('GET /cases/{caseId}: outsider cm-2 answered 403, not 404');
  });

  it("fails an outsider's 404 that reads unlike an absent object's", async () => {
    expect(
      await failuresOf(
        { 'GET /cases/{caseId}': { roles: ['case-manager'], revealing: true } },
        caseFixture,
      ),
    ).toEqual(["GET /cases/{caseId}: outsider cm-2's 404 differs from an absent object's (404)"]);
  });
});
