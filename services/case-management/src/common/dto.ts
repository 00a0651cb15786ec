import type { z } from 'zod';
import { zodDto } from '@careflow/platform';

/**
 * `zodDto` typed so that a DTO class can extend it under strict TypeScript: the platform's
 * `ZodDto` constructor returns `unknown`, which a class cannot extend (TS2509). Same runtime
 * class, same static `schema` for the global validation pipe.
 */
export function dto<TSchema extends z.ZodType<object>>(
  schema: TSchema,
): { new (): z.output<TSchema>; readonly schema: TSchema } {
  return zodDto(schema) as unknown as { new (): z.output<TSchema>; readonly schema: TSchema };
}
