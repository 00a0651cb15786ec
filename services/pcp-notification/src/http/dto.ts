import type { z } from 'zod';
import { zodDto } from '@careflow/platform';

/**
 * `class X extends dto(schema) {}`: the platform's `zodDto` (the global pipe validates with the
 * schema), typed so the class can be extended and its instances have the parsed shape.
 * (`zodDto`'s construct signature returned `unknown`, which TypeScript refuses to extend; the
 * cast keeps this compiling whichever version of the platform is checked out.)
 */
export function dto<TSchema extends z.ZodObject>(
  schema: TSchema,
): { new (): z.output<TSchema>; readonly schema: TSchema } {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
  return zodDto(schema) as unknown as { new (): z.output<TSchema>; readonly schema: TSchema };
}
