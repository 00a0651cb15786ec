/**
 * The text of whatever was thrown, for command-line tools that print it to their operator.
 * Services log through `describeError` (libs/messaging), which also strips quoted input values.
 */
export function errorText(error: unknown, { stack = false }: { stack?: boolean } = {}): string {
  if (error instanceof Error) return stack ? (error.stack ?? error.message) : error.message;
  return String(error);
}

/** Whatever was thrown, as an Error (a rejected promise may carry any value). */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
