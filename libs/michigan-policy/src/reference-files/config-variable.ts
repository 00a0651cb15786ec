import { z } from 'zod';
import { errorText } from '@careflow/contracts';

/**
 * A configuration variable naming a reference file: empty for none (or the built-in one); a file
 * that cannot be read or validated stops start-up, the loader's message (every bad line) under
 * the variable's name.
 */
export function referenceFileVariable(load: (file: string) => unknown) {
  return z
    .string()
    .trim()
    .default('')
    .superRefine((file, ctx) => {
      try {
        load(file);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: errorText(error),
        });
      }
    });
}
