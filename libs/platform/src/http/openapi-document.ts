import type { OpenAPIObject } from '@nestjs/swagger';

/** Operation extensions written by `@Public()` and `@Roles()`, read when the document is completed. */
export const PUBLIC_EXTENSION = 'x-public';
export const ROLES_EXTENSION = 'x-required-roles';
/**
 * Written by `@ExternallyAuthenticated(scheme)`: the route's callers are not Careflow users and
 * authenticate with the named scheme (kept in the document: the authorization matrix reads it).
 */
export const EXTERNAL_AUTH_EXTENSION = 'x-external-authentication';

const ERROR_SCHEMA = 'Error';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, { description: string; content?: unknown }>;
  security?: unknown[];
  [extension: `x-${string}`]: unknown;
}

/**
 * Completes what controllers leave out of the generated document with the answers every route can
 * give, as the platform produces them: 400 when it takes parameters or a body (the validation pipe
 * names each field at fault), 413 for a body over the limit; unless it is public, 401, 403 when
 * it needs roles (listed), 429 over the rate limit, and 503 while the database is unreachable; and every error answer's
 * body. A route's own declaration of a status wins. Public routes (health, the token-in-query
 * feed stream) drop the document's default bearer requirement.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, [ERROR_SCHEMA]: errorSchema };
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method] as Operation | undefined;
      if (!operation) continue;
      completeOperation(operation);
      const scheme = operation[EXTERNAL_AUTH_EXTENSION];
      if (typeof scheme === 'string') {
        document.components.securitySchemes = {
          ...document.components.securitySchemes,
          [scheme]: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description:
              'A JWT the caller signs with its own private key, verified against the JWK Set registered for its issuer (not a Careflow token).',
          },
        };
      }
    }
  }
  return document;
}

function completeOperation(operation: Operation): void {
  const isPublic = operation[PUBLIC_EXTENSION] === true;
  delete operation[PUBLIC_EXTENSION];
  const roles = operation[ROLES_EXTENSION] as string[] | undefined;
  const standard: Record<string, string> = {};
  if ((operation.parameters?.length ?? 0) > 0 || operation.requestBody) {
    standard['400'] = 'The request is invalid: `issues` names each field at fault.';
  }
  if (operation.requestBody) standard['413'] = 'The body is larger than the service accepts.';
  const external = operation[EXTERNAL_AUTH_EXTENSION];
  if (isPublic) {
    operation.security = [];
  } else if (typeof external === 'string') {
    operation.security = [{ [external]: [] }];
    standard['401'] =
      'No valid client JWT: the answer says why (unknown issuer, wrong aud, expired, replayed jti, bad signature).';
  } else {
    standard['401'] = 'No bearer token, or it is invalid or expired.';
    if (roles)
      standard['403'] = `The token has none of the roles this route needs: ${roles.join(', ')}.`;
    standard['429'] = 'Too many requests from this principal: retry after `Retry-After` seconds.';
    standard['503'] =
      'The database is unreachable: nothing was changed; retry after `Retry-After` seconds.';
  }
  for (const [status, description] of Object.entries(standard)) {
    operation.responses[status] ??= { description };
  }
  for (const [status, response] of Object.entries(operation.responses)) {
    if (Number(status) >= 400 && !response.content) {
      response.content = {
        'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } },
      };
    }
  }
}

const errorSchema = {
  type: 'object',
  description:
    'Every error answer: the status again, what is wrong, and for 400 each field at fault.',
  required: ['statusCode', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    message: { type: 'string', example: 'invalid body' },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', example: 'memberId' },
          message: { type: 'string' },
        },
      },
    },
  },
};
