import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

/** A JSON Schema node as `z.toJSONSchema` writes it (OpenAPI 3.0 flavour). */
type SchemaNode = Record<string, unknown>;

/**
 * The OpenAPI property metadata of a zod object schema, in the shape @nestjs/swagger reads from a
 * class's `_OPENAPI_METADATA_FACTORY`: one entry per property, its JSON Schema plus `required`.
 * Derived from the same schema the validation pipe parses with, so the documented request is the
 * accepted request. What arrives as text (query, path) is documented as the schema's input.
 */
export function openApiPropertiesOf(schema: z.ZodType): Record<string, SchemaNode> {
  const root = openApiSchemaOf(schema, 'input');
  const properties = (root['properties'] ?? {}) as Record<string, SchemaNode>;
  const required = new Set((root['required'] as string[] | undefined) ?? []);
  return Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [
      name,
      asPropertyMetadata(property, required.has(name)),
    ]),
  );
}

/**
 * Documents a route's answer with a zod schema of what it returns. Type the handler's result as
 * `z.input` of the same schema, so that the compiler holds the document to the code; in
 * integration tests AnswerCheckInterceptor also checks each answer against it.
 */
export function ApiAnswer(status: number, description: string, schema: z.ZodType): MethodDecorator {
  return applyDecorators(
    ApiResponse({ status, description, schema: openApiSchemaOf(schema) }),
    SetMetadata(ANSWER_SCHEMA, schema),
  );
}

/** Metadata key of the schema a route's answer is documented with (see AnswerCheckInterceptor). */
export const ANSWER_SCHEMA = 'careflow:answer-schema';

/** The JSON Schema (OpenAPI 3.0) of what `schema` gives (`output`) or accepts (`input`). */
export function openApiSchemaOf(
  schema: z.ZodType,
  io: 'input' | 'output' = 'output',
): Record<string, unknown> {
  return withoutJsonSchemaKeywords(
    z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }),
  );
}

/**
 * Swagger's `required` flag of a property and JSON Schema's `required` list of an object share a
 * key: an object property with a list of its own goes under `allOf`, which keeps the list (its
 * `type` stays beside it too: swagger looks for a class to reflect where a property has none).
 */
function asPropertyMetadata(schema: SchemaNode, required: boolean): SchemaNode {
  return Array.isArray(schema['required'])
    ? { type: schema['type'], allOf: [schema], required }
    : { ...schema, required };
}

/**
 * Drops `$schema`, which an OpenAPI 3.0 schema object does not take, and the safe-integer bounds
 * zod gives every `.int()`, which say nothing to a reader.
 */
function withoutJsonSchemaKeywords(node: SchemaNode): SchemaNode {
  const cleaned: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema') continue;
    if (
      (key === 'maximum' || key === 'minimum') &&
      Math.abs(Number(value)) === Number.MAX_SAFE_INTEGER
    )
      continue;
    cleaned[key] = Array.isArray(value)
      ? value.map((item: unknown) => (isNode(item) ? withoutJsonSchemaKeywords(item) : item))
      : isNode(value)
        ? withoutJsonSchemaKeywords(value)
        : value;
  }
  return cleaned;
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
