import {
  BadRequestException,
  Injectable,
  type ArgumentMetadata,
  type PipeTransform,
} from '@nestjs/common';
import type { z } from 'zod';
import { valueFreeErrorMap } from '@careflow/contracts';
import { openApiPropertiesOf } from './openapi-schema';

/** A DTO class whose static `schema` validates and shapes what arrives (body, query, params). */
export interface ZodDto<TSchema extends z.ZodType = z.ZodType> {
  new (): z.output<TSchema>;
  readonly schema: TSchema;
}

/** `class SimulateBody extends zodDto(schema) {}` gives Swagger a class and the pipe a schema. */
export function zodDto<TSchema extends z.ZodType>(schema: TSchema): ZodDto<TSchema> {
  // Instances never exist (the pipe returns the parsed value): the type only tells handlers what
  // the parameter holds.
  const dto = class {
    static readonly schema = schema;
    /** Read by @nestjs/swagger: the documented body, query or path parameters are the schema's. */
    static _OPENAPI_METADATA_FACTORY(): Record<string, unknown> {
      return openApiPropertiesOf(schema);
    }
  };
  return dto as unknown as ZodDto<TSchema>;
}

function hasSchema(metatype: unknown): metatype is ZodDto {
  return (
    typeof metatype === 'function' && 'schema' in metatype && typeof metatype.schema === 'object'
  );
}

/**
 * The one validation pipe, global on both sides of the hybrid app: any argument whose type is a
 * zod DTO is parsed, and a failure answers 400 naming each field at fault and the rule it breaks
 * (never its value). Event payloads were
 * validated against the topic contract before dispatch and carry no DTO type.
 */
@Injectable()
export class ZodValidationPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!hasSchema(metadata.metatype)) return value;
    // Never the value in a message: a 400 answer is logged by clients and proxies.
    const result = metadata.metatype.schema.safeParse(value, { error: valueFreeErrorMap });
    if (result.success) return result.data;
    throw new BadRequestException({
      message: `invalid ${metadata.type}`,
      issues: result.error.issues.slice(0, 20).map((issue) => ({
        path: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    });
  }
}
