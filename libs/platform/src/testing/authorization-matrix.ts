import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ROLES, type Principal, type Role } from '../auth/principal';
import { registeredRoutes, type RegisteredRoute } from '../auth/route-rules';
import type { TestService } from './test-service';

/** One operation of a service's OpenAPI document, as the matrix reads it. */
export interface DocumentedOperation {
  /** `GET /cases/{caseId}`: the key of its fixture. */
  readonly key: string;
  readonly method: string;
  readonly template: string;
  readonly isPublic: boolean;
  /**
   * `x-external-authentication`: the route authenticates its callers itself with this scheme
   * (e.g. `cds-hooks-client-jwt`), never with a Careflow token; undefined for the others.
   */
  readonly externalAuthentication: string | undefined;
  /** `x-required-roles`; undefined when the route documents none. */
  readonly roles: readonly Role[] | undefined;
  readonly pathParams: readonly string[];
  readonly hasBody: boolean;
}

/** What the matrix needs to address one route: an existing object, a valid body. */
export interface RouteFixture {
  /** Path parameter values, of an object that exists when it is a member's object. */
  readonly params?: Readonly<Record<string, string>>;
  /** A valid body, so that a refusal is about authorization and never validation. */
  readonly body?: unknown;
  /** Callers with an allowed role who may not see the object: each must get 404, never 403. */
  readonly outsiders?: readonly Principal[];
  /** A caller who sees the object (GET routes): 200 proves the outsiders' 404 hides a real one. */
  readonly owner?: Principal;
}

export interface MatrixOptions {
  readonly service: TestService;
  readonly dataSource: DataSource;
  /** Keyed `METHOD /template` as in the OpenAPI document. Every route with parameters needs one. */
  readonly fixtures: Readonly<Record<string, RouteFixture>>;
  /** An audience of another Careflow service: its tokens must not open this one. */
  readonly foreignAudience: string;
  /**
   * Path parameters that name a member's object: a route with one needs `outsiders` in its
   * fixture, so object-level authorization is checked on every such route. Default
   * `MEMBER_OBJECT_PARAMS`.
   */
  readonly objectParams?: readonly string[];
  /** The routes the service registered; default read from `service.app` (`registeredRoutes`). */
  readonly routes?: readonly RegisteredRoute[];
}

/** The path parameters of Careflow's routes that name a member's object. */
export const MEMBER_OBJECT_PARAMS = [
  'memberId',
  'caseId',
  'requestId',
  'notificationId',
  'id',
  'itemId',
] as const;

/** One line per broken expectation; the test asserts the list is empty (readable as a report). */
export interface MatrixReport {
  readonly operations: readonly DocumentedOperation[];
  readonly failures: string[];
  /** How many requests were refused as expected, with their audit records found. */
  refusals: number;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

interface OpenApiOperation {
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  'x-required-roles'?: Role[];
  'x-external-authentication'?: string;
}

/** Every operation the service documents at /docs/openapi.json. */
export async function documentedOperations(service: TestService): Promise<DocumentedOperation[]> {
  const response = await service.request('GET', '/docs/openapi.json');
  if (response.status !== 200) throw new Error(`openapi.json answered ${response.status}`);
  const document = response.body as { paths: Record<string, Record<string, OpenApiOperation>> };
  const operations: DocumentedOperation[] = [];
  for (const [template, path] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method];
      if (!operation) continue;
      operations.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        // completeOpenApiDocument drops the bearer requirement of @Public() routes only.
        isPublic: Array.isArray(operation.security) && operation.security.length === 0,
        externalAuthentication: operation['x-external-authentication'],
        roles: operation['x-required-roles'],
        pathParams: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        hasBody: operation.requestBody !== undefined,
      });
    }
  }
  return operations;
}

/** A principal holding only `role` (an integrator scoped to a vendor, so scope is not why). */
export function principalWithRole(role: Role): Principal {
  return {
    id: `matrix-${role}`,
    name: `Matrix ${role}`,
    roles: [role],
    ...(role === 'integrator' ? { vendors: ['matrix-vendor'] } : {}),
  };
}

/**
 * The authorization matrix of one service, generated from its OpenAPI document: for every
 * operation that is not `@Public()`, no token, an expired token and another service's token get
 * 401; every role outside `x-required-roles` gets 403; a caller who may not see the addressed
 * object gets 404; each refusal has its audit record (found by the answer's `x-request-id`).
 * An unauthenticated request with an invalid body gets 401: authorization comes before
 * validation. A route without `x-required-roles`, or without the fixture it needs, is a failure,
 * as is a registered route missing from the document (`routesOutsideDocument`).
 * A route with `x-external-authentication` (its callers are not Careflow users, e.g. CDS Hooks
 * clients signing their own JWTs) must refuse with 401 every request without its credential,
 * Careflow tokens of every role included, each refusal audited.
 */
export async function checkAuthorizationMatrix(options: MatrixOptions): Promise<MatrixReport> {
  const { service, fixtures } = options;
  const operations = await documentedOperations(service);
  const report: MatrixReport = { operations, failures: [], refusals: 0 };
  report.failures.push(
    ...routesOutsideDocument(options.routes ?? registeredRoutes(service.app), operations),
  );
  for (const key of Object.keys(fixtures)) {
    if (!operations.some((o) => o.key === key)) report.failures.push(`${key}: fixture of no route`);
  }
  for (const operation of operations) {
    if (operation.isPublic) continue;
    const fixture = fixtures[operation.key] ?? {};
    if (operation.externalAuthentication !== undefined) {
      const missing = missingParams(operation, fixture);
      if (missing) report.failures.push(`${operation.key}: ${missing}`);
      else await checkExternalOperation(options, operation, fixture, report);
      continue;
    }
    const problem = unusable(operation, fixture, options.objectParams ?? MEMBER_OBJECT_PARAMS);
    if (problem) {
      report.failures.push(`${operation.key}: ${problem}`);
      continue;
    }
    await checkOperation(options, operation, fixture, report);
  }
  return report;
}

/**
 * Every route the service registered must be in its OpenAPI document (so the matrix checks it),
 * unless it is `@Public()`, or left out with `@ApiExclude...` and guarded by `@Roles(...)`: then
 * the matrix cannot miss a route by its absence from the document.
 */
export function routesOutsideDocument(
  routes: readonly RegisteredRoute[],
  operations: readonly DocumentedOperation[],
): string[] {
  const documented = new Set(operations.map((o) => o.key));
  return routes
    .filter((r) => !documented.has(`${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`))
    .filter((r) => r.rule !== 'public' && !(r.excludedFromDocs && r.rule === 'roles'))
    .map(
      (r) =>
        `${r.key}: registered (${r.controller}.${r.handler}) but absent from the OpenAPI document, neither @Public() nor excluded with @Roles(...)`,
    );
}

function unusable(
  operation: DocumentedOperation,
  fixture: RouteFixture,
  objectParams: readonly string[],
): string | undefined {
  if (!operation.roles || operation.roles.length === 0) {
    return 'neither @Public() nor x-required-roles: every route needs a rule';
  }
  const missing = missingParams(operation, fixture);
  if (missing) return missing;
  if (
    operation.pathParams.some((p) => objectParams.includes(p)) &&
    (fixture.outsiders ?? []).length === 0
  ) {
    return "addresses a member's object but its fixture names no outsider";
  }
  return undefined;
}

function missingParams(operation: DocumentedOperation, fixture: RouteFixture): string | undefined {
  const missing = operation.pathParams.filter((p) => fixture.params?.[p] === undefined);
  if (missing.length > 0) return `no fixture for the path parameters ${missing.join(', ')}`;
  if (operation.hasBody && fixture.body === undefined) return 'no fixture for the request body';
  return undefined;
}

type Expectation = (
  label: string,
  status: number,
  request: { principal?: Principal; token?: string; body?: unknown },
  audited: { action?: string; outcome: string },
) => Promise<string | undefined>;

/** A request to the route that must answer `status` and leave its audit record. */
function expecter(
  options: MatrixOptions,
  operation: DocumentedOperation,
  path: string,
  report: MatrixReport,
): Expectation {
  return async (label, status, request, audited) => {
    const answer = await options.service.request(operation.method, path, request);
    if (answer.status !== status) {
      report.failures.push(`${operation.key}: ${label} answered ${answer.status}, not ${status}`);
      return undefined;
    }
    const requestId = answer.headers.get('x-request-id');
    const rows: { action: string; outcome: string }[] = requestId
      ? await options.dataSource.query(
          `SELECT action, outcome FROM audit_log WHERE request_id = $1`,
          [requestId],
        )
      : [];
    const found = rows.some(
      (r) => r.outcome === audited.outcome && (!audited.action || r.action === audited.action),
    );
    if (!found) report.failures.push(`${operation.key}: ${label} left no audit record`);
    else report.refusals += 1;
    return answer.text;
  };
}

const UNAUTHENTICATED = { action: 'auth.unauthenticated', outcome: 'denied' };

/** A route of another authentication scheme: nothing without its credential, no Careflow token. */
async function checkExternalOperation(
  options: MatrixOptions,
  operation: DocumentedOperation,
  fixture: RouteFixture,
  report: MatrixReport,
): Promise<void> {
  const body = operation.hasBody ? fixture.body : undefined;
  const expect = expecter(options, operation, pathOf(operation, fixture.params ?? {}), report);
  await expect('no credential', 401, { ...(body !== undefined ? { body } : {}) }, UNAUTHENTICATED);
  if (operation.hasBody)
    await expect('no credential, invalid body', 401, { body: ['invalid'] }, UNAUTHENTICATED);
  for (const role of ROLES) {
    await expect(
      `a Careflow token of role ${role}`,
      401,
      { principal: principalWithRole(role), body },
      UNAUTHENTICATED,
    );
  }
}

async function checkOperation(
  options: MatrixOptions,
  operation: DocumentedOperation,
  fixture: RouteFixture,
  report: MatrixReport,
): Promise<void> {
  const { service } = options;
  const path = pathOf(operation, fixture.params ?? {});
  const body = operation.hasBody ? fixture.body : undefined;
  const allowed = operation.roles!;
  const someone = principalWithRole(allowed[0]!);
  const expect = expecter(options, operation, path, report);
  const unauthenticated = UNAUTHENTICATED;

  await expect('no token', 401, { ...(body !== undefined ? { body } : {}) }, unauthenticated);
  if (operation.hasBody) {
    // An array is no valid body for any route: the 401 must come before the 400.
    await expect('no token, invalid body', 401, { body: ['invalid'] }, unauthenticated);
  }
  const expired = await service.token(someone, { expiresInSeconds: -120 });
  await expect('an expired token', 401, { token: expired, body }, unauthenticated);
  const foreign = await service.token(someone, { audience: options.foreignAudience });
  await expect("another service's token", 401, { token: foreign, body }, unauthenticated);
  for (const role of ROLES.filter((r) => !allowed.includes(r))) {
    await expect(
      `role ${role}`,
      403,
      { principal: principalWithRole(role), body },
      { action: 'auth.forbidden', outcome: 'denied' },
    );
  }
  for (const outsider of fixture.outsiders ?? []) {
    const hidden = await expect(
      `outsider ${outsider.id}`,
      404,
      { principal: outsider, body },
      { outcome: 'denied' },
    );
    if (hidden !== undefined) {
      await compareWithAbsent(options, operation, fixture, outsider, hidden, report);
    }
  }
  if (fixture.owner && operation.method === 'GET') {
    const seen = await service.request('GET', path, { principal: fixture.owner });
    if (seen.status !== 200) {
      report.failures.push(`${operation.key}: owner ${fixture.owner.id} answered ${seen.status}`);
    }
  }
}

/**
 * The outsider's 404 must read as the one for an object that does not exist (the ids aside), so
 * it does not confirm that the object exists.
 */
async function compareWithAbsent(
  options: MatrixOptions,
  operation: DocumentedOperation,
  fixture: RouteFixture,
  outsider: Principal,
  hidden: string,
  report: MatrixReport,
): Promise<void> {
  const objectParams = options.objectParams ?? MEMBER_OBJECT_PARAMS;
  const absent: Record<string, string> = { ...fixture.params };
  for (const name of operation.pathParams)
    if (objectParams.includes(name)) absent[name] = randomUUID();
  const answer = await options.service.request(operation.method, pathOf(operation, absent), {
    principal: outsider,
    ...(operation.hasBody ? { body: fixture.body } : {}),
  });
  const normalized = (text: string, params: Readonly<Record<string, string>>): string =>
    Object.entries(params).reduce((t, [name, value]) => t.split(value).join(`{${name}}`), text);
  if (
    answer.status !== 404 ||
    normalized(answer.text, absent) !== normalized(hidden, fixture.params ?? {})
  ) {
    report.failures.push(
      `${operation.key}: outsider ${outsider.id}'s 404 differs from an absent object's (${answer.status})`,
    );
  }
}

function pathOf(operation: DocumentedOperation, params: Readonly<Record<string, string>>): string {
  return operation.template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(params[name]!),
  );
}
