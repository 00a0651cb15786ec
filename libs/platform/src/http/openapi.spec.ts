import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import {
  completeOpenApiDocument,
  EXTERNAL_AUTH_EXTENSION,
  PUBLIC_EXTENSION,
  ROLES_EXTENSION,
} from './openapi-document';
import { openApiPropertiesOf } from './openapi-schema';

describe('openApiPropertiesOf: the documented request is the validated one', () => {
  it('documents each property with its constraints, and which are required', () => {
    const properties = openApiPropertiesOf(
      z.strictObject({
        month: z.string().regex(/^\d{4}-\d{2}$/),
        outcome: z.enum(['new', 'still-eligible']).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(1000),
        referrer: z.object({ npi: z.string().length(10), visits: z.number().int() }).optional(),
      }),
    );
    expect(properties).toEqual({
      month: { type: 'string', pattern: '^\\d{4}-\\d{2}$', required: true },
      outcome: { type: 'string', enum: ['new', 'still-eligible'], required: false },
      limit: { type: 'integer', minimum: 1, maximum: 1000, default: 1000, required: false },
      // Nested under allOf: the object's own `required` list would clash with the flag.
      referrer: {
        type: 'object',
        allOf: [
          {
            type: 'object',
            properties: {
              npi: { type: 'string', minLength: 10, maxLength: 10 },
              // no ±2^53-1 bounds from .int()
              visits: { type: 'integer' },
            },
            required: ['npi', 'visits'],
          },
        ],
        required: false,
      },
    });
  });
});

function documentWith(operations: Record<string, Record<string, unknown>>): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: Object.fromEntries(
      Object.entries(operations).map(([path, operation]) => [path, { get: operation }]),
    ),
  } as unknown as OpenAPIObject;
}

describe('completeOpenApiDocument: the answers every route can give', () => {
  const completed = completeOpenApiDocument(
    documentWith({
      '/health/live': { [PUBLIC_EXTENSION]: true, responses: { '200': { description: 'up' } } },
      '/cases/{caseId}': {
        [ROLES_EXTENSION]: ['case-manager', 'supervisor'],
        parameters: [{ name: 'caseId', in: 'path' }],
        responses: { '200': { description: 'the case' }, '404': { description: 'no such case' } },
      },
      '/policies': { responses: { '200': { description: 'all versions' } } },
      '/hooks': {
        [EXTERNAL_AUTH_EXTENSION]: 'client-jwt',
        responses: { '200': { description: 'ok' } },
      },
    }),
  );
  const responsesOf = (path: string) =>
    (completed.paths[path]!.get as { responses: Record<string, { description: string }> })
      .responses;

  it('a public route has no security and none of the token answers', () => {
    expect(completed.paths['/health/live']!.get!.security).toEqual([]);
    expect(Object.keys(responsesOf('/health/live'))).toEqual(['200']);
  });

  it('a route with parameters and roles: 400, 401, 403 naming the roles, 503; its own 404 kept', () => {
    const responses = responsesOf('/cases/{caseId}');
    expect(Object.keys(responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '429',
      '503',
    ]);
    expect(responses['403']!.description).toContain('case-manager, supervisor');
    expect(responses['404']).toEqual({
      description: 'no such case',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    });
    expect(completed.components?.schemas?.['Error']).toMatchObject({
      required: ['statusCode', 'message'],
    });
  });

  it('a route of its own authentication: its scheme as security, 401 saying why, no 403', () => {
    expect(completed.paths['/hooks']!.get!.security).toEqual([{ 'client-jwt': [] }]);
    expect(completed.components?.securitySchemes?.['client-jwt']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(responsesOf('/hooks')['401']!.description).toContain('client JWT');
    expect(responsesOf('/hooks')['403']).toBeUndefined();
  });

  it('a route without parameters or roles: no 400, no 403', () => {
    expect(Object.keys(responsesOf('/policies')).sort()).toEqual(['200', '401', '429', '503']);
  });
});
